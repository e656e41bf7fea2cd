// What `npm test` (scripts/test-all.ts) holds every suite to, so that a run which tested less
// than the suite holds cannot end green: a clean environment for the runners, no skipped
// test, and at least the number of tests each suite has today.
import type { SuiteResult } from './results';

/**
 * The fewest tests each suite runs, today's count, matched against
 * SuiteResult.suite (one result per editor). Below it, tests were narrowed away or stopped
 * loading. Adding tests needs no change here; removing some on purpose lowers the row. The unit
 * row leaves out the one test that needs the team's shared/ folder beside the project.
 */
export const MIN_TESTS: readonly { suite: RegExp; min: number }[] = [
  { suite: /^unit\b/, min: 400 },
  { suite: /^integration \(VS Code /, min: 151 },
  { suite: /^e2e \(VS Code /, min: 30 },
];

/**
 * TOPCALLS_* variables a runner may inherit from `npm test`: they change how a run looks or
 * how long it may take, never which tests run. Every other TOPCALLS_* variable (a grep, fewer
 * random messages, a seed given by hand, a runner's own plumbing) is left out.
 */
const HARMLESS = new Set([
  'TOPCALLS_VERBOSE',
  'TOPCALLS_HEADED',
  'TOPCALLS_CHROMIUM',
  'TOPCALLS_SUITE_TIMEOUT',
  'TOPCALLS_TEST_TIMEOUT',
  'TOPCALLS_E2E_TIMEOUT',
]);

/** `env` without the TOPCALLS_* variables that could change which tests run, and their names. */
export function suiteEnv(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; dropped: string[] } {
  const clean: NodeJS.ProcessEnv = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('TOPCALLS_') && !HARMLESS.has(key)) dropped.push(key);
    else clean[key] = value;
  }
  return { env: clean, dropped: dropped.sort() };
}

/**
 * The result as npm test counts it: not ok when a test was skipped (pending), when fewer
 * tests ran than the suite's minimum, or when the suite has no minimum at all.
 */
export function heldToRules(result: SuiteResult): SuiteResult {
  if (!result.ok) return result;
  const fail = (error: string): SuiteResult => ({ ...result, ok: false, error });
  if (result.pending > 0) return fail(`${result.pending} skipped (pending) test(s): every test must run`);
  const row = MIN_TESTS.find((r) => r.suite.test(result.suite));
  if (!row) return fail('no minimum test count for this suite in test/harness/suiteRules.ts');
  const ran = result.passed + result.failed;
  if (ran < row.min) return fail(`ran ${ran} tests, under the suite's minimum of ${row.min} (tests narrowed away or not loaded?)`);
  return result;
}
