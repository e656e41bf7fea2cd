// npm test: unit tests (mocha), then the in-editor suite and the e2e tests, each in both editors.
// Prints one summary table and, last, a line `N passed, N failed` with the totals.
// Exits non-zero if any suite failed, skipped a test or ran fewer tests than its minimum
// (test/harness/suiteRules.ts). It refuses to start while a TOPCALLS_* variable that could
// narrow a suite is set, and its runners get an environment without them: npm test runs everything.
//   npm test -- --skip e2e          (comma-separated: unit, integration, e2e)
//   npm test -- --seed N            (the reliability rotation of a past run, as it printed)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mochaResult, readResults, RESULTS_ENV, type SuiteResult } from '../test/harness/results';
import { heldToRules, suiteEnv } from '../test/harness/suiteRules';
import { CACHE_DIR, argValue, formatMs, log, run } from '../test/harness/util';

const { env: SUITE_ENV, dropped: DROPPED } = suiteEnv(process.env);

async function unitSuite(): Promise<SuiteResult> {
  const started = Date.now();
  return mochaResult('unit (mocha)', started, await run('npm', ['run', '--silent', 'test:unit'], { env: SUITE_ENV, tee: true, allowFailure: true }));
}

/** Runs an npm script whose runner appends SuiteResults to $TOPCALLS_RESULTS_FILE. */
async function structuredSuite(script: string, label: string, args: string[] = []): Promise<SuiteResult[]> {
  const started = Date.now();
  const file = path.join(CACHE_DIR, 'results', `${script.replace(/\W+/g, '-')}-${process.pid}.jsonl`);
  fs.rmSync(file, { force: true });
  const { code } = await run('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    env: { ...SUITE_ENV, [RESULTS_ENV]: file },
    allowFailure: true,
  });
  const results = readResults(file);
  fs.rmSync(file, { force: true });
  if (results.length === 0) {
    return [
      { suite: label, passed: 0, failed: 0, pending: 0, durationMs: Date.now() - started, ok: false, error: `no results (exit ${code})` },
    ];
  }
  if (code !== 0 && results.every((r) => r.ok)) {
    results.push({ suite: `${label} (runner)`, passed: 0, failed: 0, pending: 0, durationMs: 0, ok: false, error: `exit ${code}` });
  }
  return results;
}

function banner(text: string): void {
  console.log(`\n${'='.repeat(8)} ${text} ${'='.repeat(Math.max(0, 62 - text.length))}\n`);
}

function table(results: SuiteResult[]): string {
  const rows = results.map((r) => [
    r.suite,
    String(r.passed),
    String(r.failed),
    String(r.pending),
    formatMs(r.durationMs),
    r.ok ? 'ok' : `FAIL${r.error ? `: ${r.error}` : ''}`,
  ]);
  const header = ['suite', 'passed', 'failed', 'pending', 'duration', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  const argv = process.argv.slice(2);
  const skip = new Set((argValue(argv, 'skip') ?? '').split(',').filter(Boolean));
  const seed = argValue(argv, 'seed');
  if (DROPPED.length) {
    // A green npm test must mean every test ran: refuse, rather than quietly run another suite.
    log(`npm test runs every test, so it does not run with ${DROPPED.join(', ')} set: unset them, or run one suite's own script (see the README).`);
    return 1;
  }
  if (skip.size) log(`suites left out by --skip: ${[...skip].join(', ')}`);
  const collected: SuiteResult[] = [];
  if (!skip.has('unit')) {
    banner('unit tests');
    collected.push(await unitSuite());
  }
  if (!skip.has('integration')) {
    banner('in-editor tests (VS Code 1.100 and 1.139)');
    collected.push(...(await structuredSuite('test:integration', 'integration', ['--editor', 'all', ...(seed ? ['--seed', seed] : [])])));
  }
  if (!skip.has('e2e')) {
    banner('end-to-end tests (VS Code 1.100 and 1.139)');
    collected.push(...(await structuredSuite('test:e2e', 'e2e', ['--editor', 'all'])));
  }
  const results = collected.map(heldToRules);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  banner(`summary (${formatMs(Date.now() - started)})`);
  console.log(table(results));
  console.log('');
  console.log(`${passed} passed, ${failed} failed`);
  return results.length > 0 && results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
