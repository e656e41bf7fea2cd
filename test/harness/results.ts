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
