// npm test: unit tests (mocha), then the in-editor suite in both editors, then e2e.
// Prints one summary table and, last, a line `N passed, N failed` with the totals.
// Exits non-zero if any suite failed or ran zero tests.
//   npm test -- --skip e2e          (comma-separated: unit, integration, e2e)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readResults, RESULTS_ENV, type SuiteResult } from '../test/harness/results';
import { CACHE_DIR, argValue, formatMs, run } from '../test/harness/util';

/** Counts from Mocha's spec/dot reporter epilogue ("N passing", "N failing", "N pending"). */
export function parseMochaCounts(output: string): { passed: number; failed: number; pending: number } | undefined {
  // eslint-disable-next-line no-control-regex
  const text = output.replace(/\u001b\[[0-9;]*m/g, '');
  const count = (word: string) => {
    const matches = [...text.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))];
    const last = matches.at(-1);
    return last ? Number(last[1]) : undefined;
  };
  const passed = count('passing');
  const failed = count('failing');
  const pending = count('pending');
  if (passed === undefined && failed === undefined) return undefined;
  return { passed: passed ?? 0, failed: failed ?? 0, pending: pending ?? 0 };
}

async function unitSuite(): Promise<SuiteResult> {
  const started = Date.now();
  const { code, output } = await run('npm', ['run', '--silent', 'test:unit'], { tee: true, allowFailure: true });
  const counts = parseMochaCounts(output);
  const result: SuiteResult = {
    suite: 'unit (mocha)',
    passed: counts?.passed ?? 0,
    failed: counts?.failed ?? 0,
    pending: counts?.pending ?? 0,
    durationMs: Date.now() - started,
    ok: code === 0 && !!counts && counts.failed === 0 && counts.passed > 0,
  };
  if (!counts) result.error = `no mocha summary (exit ${code})`;
  else if (code !== 0 && counts.failed === 0) result.error = `exit ${code}`;
  return result;
}

/** Runs an npm script whose runner appends SuiteResults to $TOPCALLS_RESULTS_FILE. */
async function structuredSuite(script: string, label: string, args: string[] = []): Promise<SuiteResult[]> {
  const started = Date.now();
  const file = path.join(CACHE_DIR, 'results', `${script.replace(/\W+/g, '-')}-${process.pid}.jsonl`);
  fs.rmSync(file, { force: true });
  const { code } = await run('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    env: { ...process.env, [RESULTS_ENV]: file },
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
    formatMs(r.durationMs),
    r.ok ? 'ok' : `FAIL${r.error ? `: ${r.error}` : ''}`,
  ]);
  const header = ['suite', 'passed', 'failed', 'duration', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 1 || i === 2 || i === 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  const skip = new Set((argValue(process.argv.slice(2), 'skip') ?? '').split(',').filter(Boolean));
  const results: SuiteResult[] = [];
  if (!skip.has('unit')) {
    banner('unit tests');
    results.push(await unitSuite());
  }
  if (!skip.has('integration')) {
    banner('in-editor tests (VS Code 1.100 and 1.139)');
    results.push(...(await structuredSuite('test:integration', 'integration', ['--editor', 'all'])));
  }
  if (!skip.has('e2e')) {
    banner('end-to-end tests');
    results.push(...(await structuredSuite('test:e2e', 'e2e')));
  }
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
