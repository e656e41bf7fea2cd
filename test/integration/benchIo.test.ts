// In-editor half of the benchmark's Import and Export (bench/io.ts): runs in the extension host
// of a fresh window, so the time and the heap measured are the extension host's. Registers
// nothing unless TOPCALLS_BENCH=io, so `npm test` never runs it. It measures and reports (one
// `TOPCALLS_BENCH {json}` line); it asserts nothing about time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { ExportResult } from '../../src/export/exportLeads';
import type { ImportOutcome } from '../../src/import/importCommand';
import { PROGRESS_PREFIX, type ExportRun, type HeapUse, type ImportRun, type IoConfig, type IoResult } from '../../bench/ioProtocol';

const BENCH_PREFIX = 'TOPCALLS_BENCH ';
const HEAP_SAMPLE_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const say = (line: string): void => console.log(`${PROGRESS_PREFIX}${line}`);

/**
 * A full GC for the baseline: global.gc when the host was started with --expose-gc (it never is),
 * else one exposed now through V8's flag, which only makes `gc` reachable from a new context.
 */
function findGc(): { gc: (() => void) | undefined; kind: IoResult['gc'] } {
  const global = (globalThis as { gc?: () => void }).gc;
  if (global) return { gc: global, kind: 'global' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const exposed = vm.runInNewContext('gc') as unknown;
    if (typeof exposed === 'function') return { gc: exposed as () => void, kind: 'exposed' };
  } catch {
    // Without a GC the baseline may hold garbage: the growth reads lower than it is.
  }
  return { gc: undefined, kind: 'none' };
}

/** Samples heapUsed every ~50 ms while `action` runs; times it from the call to its answer. */
async function measured<T>(gc: (() => void) | undefined, action: () => Thenable<T>): Promise<{ value: T; ms: number; heap: HeapUse }> {
  gc?.();
  gc?.();
  const baseline = process.memoryUsage().heapUsed;
  const heap: HeapUse = { baseline, peak: baseline, samples: 0, after: baseline };
  const sample = (): void => {
    heap.peak = Math.max(heap.peak, process.memoryUsage().heapUsed);
    heap.samples++;
  };
  const timer = setInterval(sample, HEAP_SAMPLE_MS);
  const started = performance.now();
  try {
    const value = await action();
    const ms = performance.now() - started;
    sample();
    gc?.();
    heap.after = process.memoryUsage().heapUsed;
    return { value, ms, heap };
  } finally {
    clearInterval(timer);
  }
}

if (process.env.TOPCALLS_BENCH === 'io') {
  describe('Benchmark: Import and Export (TOPCALLS_BENCH=io)', function () {
    this.timeout(0);
    const config = JSON.parse(process.env.TOPCALLS_BENCH_IO ?? '{}') as IoConfig;
    const { gc, kind } = findGc();
    const result: IoResult = { vscodeVersion: vscode.version, gc: kind, exports: [], bulkMs: { before: [], after: [] }, bulkStoreSizes: { before: 0, after: 0 }, imports: [], errors: [] };
    const auth = { Authorization: `Bearer ${config.token}` };
    const control = async <T>(method: string, route: string): Promise<T> => {
      const response = await fetch(`${config.url}/_sandbox/${route}`, { method });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} /_sandbox/${route}: ${response.status}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    /** Until the sandbox has had no request in flight for a while (the view's own loads, after signing in). */
    const idle = async (): Promise<void> => {
      for (let quiet = 0; quiet < 4; ) {
        quiet = (await control<{ inFlight: number }>('GET', 'stats')).inFlight === 0 ? quiet + 1 : 0;
        await sleep(250);
      }
    };
    const requestsSeen = async (method: string, route: string): Promise<number> =>
      (await control<{ method: string; path: string }[]>('GET', 'requests')).filter((r) => r.method === method && r.path === route).length;
    const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
      try {
        await fn();
      } catch (error) {
        result.errors.push(`${what}: ${errorText(error)}`);
        say(`${what} failed: ${errorText(error)}`);
      }
    };

    after(() => {
      console.log(`${BENCH_PREFIX}${JSON.stringify(result)}`);
    });

    it('exports every lead grouped by status, then imports 100,000 rows', async () => {
      const signedIn = await vscode.commands.executeCommand<boolean>('topcalls.setToken', config.token);
      if (!signedIn) {
        result.errors.push('the sandbox token was not accepted');
        return;
      }
      await idle();

      for (let run = 0; run < config.exports; run++) {
        await attempt(`export ${run + 1}`, async () => {
          const target = path.join(config.outDir, `export-${run}.csv`);
          const expected = (await control<{ size: number }>('GET', 'stats')).size;
          await control('DELETE', 'requests');
          const { value, ms, heap } = await measured(gc, () => vscode.commands.executeCommand<ExportResult | undefined>('topcalls.exportLeads', 'csv', vscode.Uri.file(target)));
          if (!value) throw new Error('Export returned nothing');
          const listRequests = await requestsSeen('GET', '/v1/leads');
          const exported: ExportRun = { ms, heap, expected, written: value.written, cancelled: value.cancelled, listRequests, ...(value.error === undefined ? {} : { error: errorText(value.error) }) };
          result.exports.push(exported);
          say(`export ${run + 1}: ${ms.toFixed(0)} ms, ${value.written}/${expected} leads, ${listRequests} pages, heap +${((heap.peak - heap.baseline) / 2 ** 20).toFixed(1)} MB`);
          fs.rmSync(target, { force: true });
          await idle();
        });
      }

      // The floor: one batch's request on its own, as plain fetch sends it, and its answer parsed;
      // half before the imports and half after, as the sandbox's insert slows with its size.
      const half = Math.ceil(config.floorBodies.length / 2);
      const bulkFloor = async (when: 'before' | 'after', files: string[]): Promise<void> => {
        if (files.length === 0 || config.imports.length === 0) return;
        await attempt(`bulk request ${when}`, async () => {
          await idle();
          await (await fetch(`${config.url}/v1/leads?limit=1`, { headers: auth })).json(); // opens the connection
          result.bulkStoreSizes[when] = (await control<{ size: number }>('GET', 'stats')).size;
          for (const file of files) {
            const body = fs.readFileSync(file, 'utf8');
            const started = performance.now();
            const response = await fetch(`${config.url}/v1/leads/bulk`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body });
            const answer = (await response.json()) as { inserted?: number };
            const ms = performance.now() - started;
            if (!response.ok || answer.inserted !== 2_000) throw new Error(`the bulk request answered ${response.status} ${JSON.stringify(answer).slice(0, 200)}`);
            result.bulkMs[when].push(ms);
          }
          await control('DELETE', 'requests');
          say(`bulk request of 2,000 leads ${when} the imports (${result.bulkStoreSizes[when]} leads): ${result.bulkMs[when].map((ms) => ms.toFixed(0)).join(', ')} ms`);
        });
      };
      await bulkFloor('before', config.floorBodies.slice(0, half));

      for (const [run, { csv, rows }] of config.imports.entries()) {
        await attempt(`import ${run + 1}`, async () => {
          // Each import starts from the seeded leads (the same seed: the same ids), none of its numbers among them.
          await control('POST', 'reset');
          await idle();
          const options = { listId: config.listId, mode: 'merge' };
          const { value, ms, heap } = await measured(gc, () => vscode.commands.executeCommand<ImportOutcome | undefined>('topcalls.importCsv', vscode.Uri.file(csv), options));
          if (value?.kind !== 'done') throw new Error(`Import answered ${JSON.stringify(value)}`);
          const bulkRequests = await requestsSeen('POST', '/v1/leads/bulk');
          // The request log holds every body sent: emptied before the next run's baseline.
          await control('DELETE', 'requests');
          const imported: ImportRun = {
            ms,
            heap,
            rows: value.rows,
            invalid: value.invalid,
            inserted: value.inserted,
            updated: value.updated,
            sent: value.sent,
            failed: value.failed.size,
            cancelled: value.cancelled,
            bulkRequests,
            ...(value.error === undefined ? {} : { error: errorText(value.error) }),
          };
          result.imports.push(imported);
          say(`import ${run + 1}: ${ms.toFixed(0)} ms, ${value.inserted}/${rows} inserted, ${bulkRequests} bulk requests, heap +${((heap.peak - heap.baseline) / 2 ** 20).toFixed(1)} MB`);
        });
      }
      await bulkFloor('after', config.floorBodies.slice(half));
    });
  });
}
