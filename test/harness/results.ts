// The structured channel between the runners and scripts/test-all.ts: each runner appends
// its suite results (JSON lines) to $TOPCALLS_RESULTS_FILE when that is set.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  ok: boolean;
  /** Why it is not ok, when that is not just failed tests. */
  error?: string;
}

export const RESULTS_ENV = 'TOPCALLS_RESULTS_FILE';

export function reportResult(result: SuiteResult): void {
  const file = process.env[RESULTS_ENV];
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${JSON.stringify(result)}\n`);
}

export function readResults(file: string): SuiteResult[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SuiteResult);
}

/** Counts from Mocha's spec/dot reporter epilogue ("N passing", "N failing", "N pending"). */
export function parseMochaCounts(output: string): { passed: number; failed: number; pending: number } | undefined {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\u001b\[[0-9;]*m/g, '');
  const count = (word: string): number | undefined => {
    const last = [...text.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].at(-1);
    return last ? Number(last[1]) : undefined;
  };
  const passed = count('passing');
  const failed = count('failing');
  if (passed === undefined && failed === undefined) return undefined;
  return { passed: passed ?? 0, failed: failed ?? 0, pending: count('pending') ?? 0 };
}

/**
 * The result of a Mocha run read from its output: ok only when it exited 0, printed its
 * summary, failed nothing and passed at least one test.
 */
export function mochaResult(suite: string, startedAt: number, run: { code: number; output: string }): SuiteResult {
  const counts = parseMochaCounts(run.output);
  const result: SuiteResult = {
    suite,
    passed: counts?.passed ?? 0,
    failed: counts?.failed ?? 0,
    pending: counts?.pending ?? 0,
    durationMs: Date.now() - startedAt,
    ok: run.code === 0 && !!counts && counts.failed === 0 && counts.passed > 0,
  };
  if (!counts) result.error = `no mocha summary (exit ${run.code})`;
  else if (run.code !== 0 && counts.failed === 0) result.error = `exit ${run.code}`;
  else if (counts.passed === 0 && counts.failed === 0) result.error = 'no test ran';
  return result;
}
