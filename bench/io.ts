// Import and Export in the real editor, under the network profile (bench/README.md): a sandbox
// process seeded with 100,000 leads, one fresh code-server window whose extension host runs
// test/integration/benchIo.test.ts (the commands, timed and their heap sampled where they run),
// and the round trip measured from here against the same sandbox before and after it.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { Editor } from '../scripts/provision-editor';
import { ROOT } from '../test/harness/util';
import { SAMPLE_LIST_IDS } from '../test/sandbox';
import { buildEditorBench, runEditorWindow } from './editor';
import { FLOOR_FIRST, bulkBody, writeImportCsv } from './importRows';
import type { IoConfig, IoResult } from './ioProtocol';
import { startSandboxProcess, type SandboxProcess } from './sandboxProcess';
import { bareGet } from './ui';

export interface IoOptions {
  /** Seeded leads (the export's). */
  leads: number;
  latency: { ms: number; jitterMs: number };
  exports: number;
  imports: number;
  /** Rows of each import. */
  importRows: number;
  /** Bulk requests of 2,000 leads timed on their own: the import's floor. */
  bulkSamples: number;
  /** Build output (out/bench): the files, the bundled test. */
  outDir: string;
  log(line: string): void;
}

export interface IoBenchResult {
  /** Bare node:http GET + JSON.parse of one lead from the same delayed sandbox, before and after the window. */
  rttMs: number[];
  /** The seeded leads of each status, counted by the sandbox. */
  byStatus: Record<string, number>;
  io?: IoResult;
  errors: string[];
}

const errorText = (error: unknown): string => (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
const LIST_ID = SAMPLE_LIST_IDS[1] as string;
const BULK_LEADS = 2_000;

/** Whether `file` is missing or older than the code that writes it. */
const stale = (file: string): boolean => !fs.existsSync(file) || fs.statSync(file).mtimeMs < fs.statSync(path.join(ROOT, 'bench', 'importRows.ts')).mtimeMs;

/** The files the window reads, written once and kept in out/bench/io (the same for both editors: each has a fresh sandbox). */
function writeInputs(dir: string, options: IoOptions): Pick<IoConfig, 'imports' | 'floorBodies'> {
  fs.mkdirSync(dir, { recursive: true });
  const imports = Array.from({ length: options.imports }, (_, run) => {
    const csv = path.join(dir, `import-${run}-${options.importRows}.csv`);
    if (stale(csv)) {
      writeImportCsv(`${csv}.part`, run * options.importRows, options.importRows);
      fs.renameSync(`${csv}.part`, csv);
    }
    return { csv, rows: options.importRows };
  });
  const floorBodies = Array.from({ length: options.bulkSamples }, (_, i) => {
    const file = path.join(dir, `bulk-${i}.json`);
    if (stale(file)) fs.writeFileSync(file, JSON.stringify(bulkBody(LIST_ID, FLOOR_FIRST + i * BULK_LEADS, BULK_LEADS)));
    return file;
  });
  return { imports, floorBodies };
}

export async function runIo(editor: Editor, extensionDir: string, options: IoOptions): Promise<IoBenchResult> {
  const result: IoBenchResult = { rttMs: [], byStatus: {}, errors: [] };
  const { log } = options;
  let sandbox: SandboxProcess | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const inputs = writeInputs(path.join(options.outDir, 'io'), options);
    sandbox = await startSandboxProcess(options.leads, options.latency);
    const sb = sandbox;
    result.byStatus = sb.byStatus;
    const firstId = ((await (await fetch(`${sb.url}/v1/leads?limit=1`, { headers: { Authorization: `Bearer ${sb.token}` } })).json()) as { items: { id: string }[] }).items[0]?.id;
    if (!firstId) throw new Error('the sandbox has no lead');
    const rtt = async (n: number, keep = true): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const ms = await bareGet(agent, `${sb.url}/v1/leads/${firstId}`, sb.token);
        if (keep) result.rttMs.push(ms);
      }
    };
    await rtt(2, false); // the connection's first request also opens it
    await rtt(6);
    const outDir = path.join(options.outDir, 'io', `out-${editor.id}`);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const config: IoConfig = { url: sb.url, token: sb.token, listId: LIST_ID, exports: options.exports, outDir, ...inputs };
    const index = await buildEditorBench(path.join(options.outDir, `editor-io-${editor.id}`));
    try {
      result.io = await runEditorWindow<IoResult>(editor, extensionDir, index, {
        mode: 'io',
        timeoutMs: 30 * 60_000,
        env: { TOPCALLS_BENCH_IO: JSON.stringify(config) },
        settings: { 'topcalls.apiBaseUrl': sb.url, 'topcalls.groupBy': 'status' },
        log,
      });
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
    await rtt(6);
    return result;
  } catch (error) {
    result.errors.push(errorText(error));
    log(`failed: ${errorText(error)}`);
    return result;
  } finally {
    agent.destroy();
    await sandbox?.stop();
  }
}
