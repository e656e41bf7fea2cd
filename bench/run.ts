// npm run bench [-- --quick] [--editor 1.139|1.100|all] [--samples 7] [--windows 10] [--no-editor] [--no-ui]
//   [--no-activation] [--no-node] [--sections expand,loadMore,edits,form,bulk,export,import]
// The performance benchmark (see bench/README.md). Measures, prints a table, writes
// bench/results.json with every sample. It never fails on a missed goal: goals are reported,
// not asserted. Everything it starts (sandboxes, the Node bench, code-server groups, Chromium)
// is stopped in `finally`, and on SIGINT/SIGTERM by test/harness/util's group tracking.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ensureEditor, parseEditorArg, type Editor } from '../scripts/provision-editor';
import { ROOT, argValue, run, spawnGroup, stopGroup } from '../test/harness/util';
import { buildEditorBench, runEditorWindow, type EditorWindowResult } from './editor';
import { writeBaselineExtension, writeEditorFloorExtension } from './floor';
import { runIo, type IoBenchResult } from './io';
import type { HeapUse } from './ioProtocol';
import { startSandboxProcess } from './sandboxProcess';
import { summarize, verdict, type Figure } from './stats';
import { runUi, type UiResult } from './ui';

const BENCH = path.join(ROOT, 'bench');
/** Build output of the benchmark itself (git- and lint-ignored). */
const OUT = path.join(ROOT, 'out', 'bench');
const RESULTS = path.join(BENCH, 'results.json');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const RUNS = Number(argValue(argv, 'runs') ?? (QUICK ? 3 : 7));
/** Samples of each user action per editor. */
const SAMPLES = Number(argValue(argv, 'samples') ?? (QUICK ? 3 : 6));
/** Fresh windows per editor for activation. */
const WINDOWS = Number(argValue(argv, 'windows') ?? (QUICK ? 3 : 10));
const BULK_RUNS = QUICK ? 1 : 2;
const BULK_SIZE = 1_000;
const LEADS = 10_000;
/** Import and Export: the leads seeded for the export (the sandbox's most), the rows of each import, runs of each. */
const IO_LEADS = 100_000;
const IMPORT_ROWS = 100_000;
const IO_RUNS = QUICK ? 1 : 2;
/** Bulk requests of 2,000 leads timed on their own, for the import's floor: half before the imports, half after. */
const BULK_SAMPLES = QUICK ? 4 : 6;
/** The goal of peak heap growth in the extension host during an import or an export. */
const HEAP_GOAL_MB = 50;
/** Leads per bulk request and per export page: the most the contract allows. */
const BATCH = 2_000;
const PAGE = 200;
/** The network profile: every request answered after 80 ms ± 20 ms. */
const LATENCY = { ms: 80, jitterMs: 20 };
const EDITORS = argv.includes('--no-editor') ? [] : parseEditorArg(argValue(argv, 'editor'), 'all');
const NO_UI = argv.includes('--no-ui');
const NO_ACTIVATION = argv.includes('--no-activation');
const NO_NODE = argv.includes('--no-node');
/** Only some parts (expand, loadMore, edits, form, bulk in the workbench; export, import in the extension host), comma-separated. */
const SECTIONS = argValue(argv, 'sections')?.split(',');
const UI_SECTIONS = ['expand', 'loadMore', 'edits', 'form', 'bulk'];
const want = (section: string): boolean => !SECTIONS || SECTIONS.includes(section);
/** The goal of every action over its floor. */
const RATIO_GOAL = { max: 1.2 };

const figures: Figure[] = [];
const started = Date.now();
const say = (line: string): void => {
  process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}\n`);
};
const notMeasured = (key: string, measurement: string, unit: string, reason: string, goal?: Figure['goal']): void => {
  figures.push({ key, measurement, unit, notMeasured: reason, ...(goal ? { goal } : {}) });
};
const errorText = (error: unknown): string => (error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error));
const kb = (bytes: number): number => bytes / 1024;

// ---- 7. Size -------------------------------------------------------------------------------

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** One side's bundles (the host's several, the webview's one) from the build's own metafile: files and bytes per package. */
function attribute(meta: Metafile, side: 'host' | 'webview'): { files: [string, number][]; byPackage: [string, number][] } {
  const files: [string, number][] = [];
  const byPackage = new Map<string, number>();
  for (const [file, output] of Object.entries(meta.outputs)) {
    if (!file.endsWith('.js') || (path.basename(file) === 'webview.js') !== (side === 'webview')) continue;
    files.push([path.basename(file), output.bytes]);
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byPackage.set(sourceOf(input), (byPackage.get(sourceOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return { files, byPackage: [...byPackage].sort((x, y) => y[1] - x[1]) };
}

/** The package an input comes from; the phone metadata is libphonenumber-js's, trimmed by scripts/phone-metadata.ts. */
function sourceOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1] as string;
  if (input === 'src/shared/phoneMetadata.json') return 'libphonenumber-js metadata (trimmed)';
  const top = input.split('/')[0];
  return top === 'src' || top === 'webview' ? `${top}/ (own code)` : input;
}

const topList = (entries: [string, number][], n = 4): string =>
  entries
    .slice(0, n)
    .map(([name, bytes]) => `${name} ${kb(bytes).toFixed(0)} KB`)
    .join(', ');

/**
 * A private copy of the project (sources and packaging files, node_modules linked) in
 * out/bench/pkg: others rebuild dist/ while they work, and a dev build landing between
 * `vscode:prepublish` and vsce's zip step would end up in the .vsix we measure.
 */
const STAGE = path.join(OUT, 'pkg');
const STAGED = ['package.json', 'package.nls.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'esbuild.mjs', 'tsconfig.json', 'src', 'webview', 'media', 'l10n'];

function stageProject(): void {
  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.mkdirSync(STAGE, { recursive: true });
  for (const name of fs.readdirSync(ROOT)) {
    if (STAGED.includes(name) || /^package\.nls\..+\.json$/.test(name)) fs.cpSync(path.join(ROOT, name), path.join(STAGE, name), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(STAGE, 'node_modules'), 'dir');
}

const BUNDLES = [
  { name: 'host', maxKb: 250 },
  { name: 'webview', maxKb: 300 },
] as const;

async function sizes(): Promise<{ extensionDir: string; vsix: string } | undefined> {
  say('size: node esbuild.mjs --production, then npm run package (in a private copy, out/bench/pkg)');
  try {
    stageProject();
    const metafile = path.join(OUT, 'meta.json');
    await run(process.execPath, ['esbuild.mjs', '--production', '--metafile', metafile], { cwd: STAGE, capture: true });
    const meta = JSON.parse(fs.readFileSync(metafile, 'utf8')) as Metafile;
    for (const bundle of BUNDLES) {
      const { files, byPackage } = attribute(meta, bundle.name);
      const total = files.reduce((sum, [, bytes]) => sum + bytes, 0);
      // The host's first bundle is the one activation requires; the others load on first use.
      const split = files.length > 1 ? `${files.map(([file, bytes]) => `${file} ${kb(bytes).toFixed(0)} KB`).join(' + ')} (only ${files[0]?.[0]} at activation); ` : '';
      figures.push({
        key: `size.${bundle.name}`,
        measurement: `Size: ${bundle.name} bundle${files.length > 1 ? 's' : ''} (dist/${files.map(([file]) => file).join(', ')}), production`,
        unit: 'KB',
        summary: summarize([kb(total)]),
        goal: { max: bundle.maxKb },
        note: `${split}largest: ${topList(byPackage)}`,
      });
      for (const [name, bytes] of byPackage.slice(0, 3)) {
        figures.push({ key: `size.${bundle.name}.${name}`, measurement: `   ${bundle.name}: ${name}`, unit: 'KB', summary: summarize([kb(bytes)]) });
      }
    }
  } catch (error) {
    for (const bundle of BUNDLES) {
      notMeasured(`size.${bundle.name}`, `Size: ${bundle.name} bundles, production`, 'KB', `build failed: ${errorText(error)}`, { max: bundle.maxKb });
    }
  }
  const vsix = path.join(STAGE, 'dist', 'topcalls-leads.vsix');
  try {
    if (!fs.existsSync(path.join(STAGE, 'package.json'))) stageProject();
    await run('npm', ['run', '--silent', 'package'], { cwd: STAGE, capture: true, env: { ...process.env, CI: '1' } });
    const listing = (await run('unzip', ['-l', vsix], { capture: true })).output;
    const files = [...listing.matchAll(/^\s*(\d+)\s+\S+\s+\S+\s+(extension\/\S+)$/gm)].map((m) => [m[2] as string, Number(m[1])] as [string, number]);
    files.sort((a, b) => b[1] - a[1]);
    figures.push({
      key: 'size.vsix',
      measurement: 'Size: .vsix (npm run package)',
      unit: 'KB',
      summary: summarize([kb(fs.statSync(vsix).size)]),
      goal: { max: 500 },
      note: `${files.length} files, ${kb(files.reduce((s, f) => s + f[1], 0)).toFixed(0)} KB unpacked; largest: ${topList(files, 3)}`,
    });
    // Unpack it: the editor benchmark loads exactly what ships.
    const unpacked = path.join(OUT, 'vsix');
    fs.rmSync(unpacked, { recursive: true, force: true });
    await run('unzip', ['-q', vsix, '-d', unpacked], { capture: true });
    // A copy: the staged .vsix is rebuilt by the next run.
    const kept = path.join(OUT, 'topcalls-leads.vsix');
    fs.copyFileSync(vsix, kept);
    return { extensionDir: path.join(unpacked, 'extension'), vsix: kept };
  } catch (error) {
    notMeasured('size.vsix', 'Size: .vsix (npm run package)', 'KB', `packaging failed: ${errorText(error)}`, { max: 500 });
    return undefined;
  }
}

// ---- Module load time of the host bundle (activation's code-loading share) ----------------

async function requireTimes(extensionDir: string | undefined): Promise<void> {
  say('require() time of the production host bundles (fresh Node processes)');
  const dist = path.join(extensionDir ?? ROOT, 'dist');
  const files: [string, string, string][] = [
    ['host', path.join(dist, 'extension.js'), 'dist/extension.js, at activation'],
    ['schemas', path.join(dist, 'schemas.js'), 'dist/schemas.js + phone.js, with the first request'],
    ['phone', path.join(dist, 'phone.js'), 'dist/phone.js, with the first phone check'],
    ['csv', path.join(dist, 'csv.js'), 'dist/csv.js, with the first import or export'],
  ];
  const timer = path.join(OUT, 'requireTime.cjs');
  await esbuild.build({ entryPoints: [path.join(BENCH, 'requireTime.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: timer, logLevel: 'warning' });
  const rounds = QUICK ? 3 : 7;
  for (const [key, file, label] of files) {
    const times: number[] = [];
    try {
      for (let i = 0; i < rounds; i++) {
        const { output } = await run(process.execPath, [timer, file], { capture: true });
        times.push(Number(output.trim().split('\n').pop()));
      }
      figures.push({ key: `require.${key}`, measurement: `   require() ${label}`, unit: 'ms', summary: summarize(times) });
    } catch (error) {
      notMeasured(`require.${key}`, `   require() ${label}`, 'ms', errorText(error));
    }
  }
}

// ---- Localhost: the client, heap per lead, validation (Node, no network profile) -------------

async function buildNodeBench(): Promise<string> {
  const outfile = path.join(OUT, 'nodeBench.cjs');
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(BENCH, 'nodeBench.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    alias: { vscode: path.join(BENCH, 'vscodeStub.ts') },
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

async function nodeBench(bundle: string, leads: number): Promise<void> {
  say(`localhost: Node benchmark against a sandbox with ${leads.toLocaleString('en-US')} leads`);
  let sandbox: Awaited<ReturnType<typeof startSandboxProcess>> | undefined;
  try {
    sandbox = await startSandboxProcess(leads);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BENCH_URL: sandbox.url,
      BENCH_TOKEN: sandbox.token,
      BENCH_LEADS: String(leads),
      BENCH_RUNS: String(RUNS),
      BENCH_QUICK: QUICK ? '1' : '0',
    };
    delete env.NODE_OPTIONS; // no tsx loader in the measured process
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawnGroup(process.execPath, ['--expose-gc', bundle], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => process.stdout.write(`    ${d.toString().trimEnd().split('\n').join('\n    ')}\n`));
      const timer = setTimeout(() => {
        void stopGroup(child.pid as number, 1_000);
        reject(new Error('the Node benchmark took over 6 minutes'));
      }, 360_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`the Node benchmark exited with ${code}`));
      });
    });
    const parsed = JSON.parse(output.trim().split('\n').pop() as string) as { figures: Figure[] };
    figures.push(...parsed.figures);
  } catch (error) {
    say(`Node benchmark (${leads}) failed: ${errorText(error)}`);
    notMeasured(`node@${leads}`, `Localhost figures at ${leads} leads`, '', `failed: ${errorText(error)}`);
  } finally {
    await sandbox?.stop();
  }
}

// ---- In the real editors: activation, and the user's actions under the network profile -----

/** Every sample of every editor, for results.json. */
const samples: Record<string, unknown> = {};

/** Activation in fresh windows: ours, then a do-nothing extension, in each. */
async function activation(editor: Editor, extensionDir: string, floorVsix: string): Promise<void> {
  const label = `[${editor.version}] Activation: ours minus a do-nothing extension, same window`;
  say(`${editor.version}: activation in ${WINDOWS} fresh window(s)`);
  const windows: EditorWindowResult[] = [];
  const errors: string[] = [];
  const index = await buildEditorBench(path.join(OUT, `editor-${editor.id}`));
  for (let i = 0; i < WINDOWS; i++) {
    try {
      const w = await runEditorWindow(editor, extensionDir, index, { timeoutMs: 120_000, floorVsix, log: (line) => say(`  [window ${i + 1}] ${line}`) });
      windows.push(w);
      say(`  window ${i + 1}: ours ${w.activation.ms?.toFixed(1) ?? '-'} ms, do-nothing ${w.activation.baselineMs?.toFixed(1) ?? '-'} ms${w.activation.alreadyActive ? ' (was already active!)' : ''}`);
    } catch (error) {
      errors.push(errorText(error));
      say(`  window ${i + 1} failed: ${errorText(error)}`);
    }
  }
  samples[`activation@${editor.id}`] = windows;
  const valid = windows.filter((w) => !w.activation.alreadyActive && w.activation.ms !== undefined && w.activation.baselineMs !== undefined);
  if (valid.length === 0) {
    notMeasured(`activation@${editor.id}`, label, 'ms', [...errors, ...windows.map((w) => w.activation.error ?? 'already active')].join('; ') || 'no window', { max: 10 });
    return;
  }
  const ours = valid.map((w) => w.activation.ms as number);
  const floor = valid.map((w) => w.activation.baselineMs as number);
  figures.push({
    key: `activation@${editor.id}`,
    measurement: label,
    unit: 'ms',
    summary: summarize(valid.map((w) => (w.activation.ms as number) - (w.activation.baselineMs as number))),
    goal: { max: 10 },
    note: `${valid.length} fresh windows; await extension.activate() (loading dist/extension.js + activate()): ours median ${summarize(ours).median.toFixed(1)} ms, do-nothing ${summarize(floor).median.toFixed(1)} ms${errors.length ? `; ${errors.length} window(s) failed` : ''}`,
  });
}

const median = (values: readonly number[]): number => summarize(values).median;

/** "GET /v1/leads/{id} ×2, PATCH /v1/leads/{id}" from one sample's request log. */
function describeRequests(seen: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of seen) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts.size === 0 ? 'no request' : [...counts].map(([r, n]) => (n > 1 ? `${r} ×${n}` : r)).join(', ');
}

/** The figures of one editor's UI run: each action over its floor. */
function uiFigures(editor: Editor, ui: UiResult): void {
  const tag = `[${editor.version}]`;
  const rtt = median(ui.rttMs);
  figures.push({
    key: `rtt@${editor.id}`,
    measurement: `${tag} Round trip: bare node:http GET + JSON.parse, profile 80 ± 20 ms`,
    unit: 'ms',
    summary: summarize(ui.rttMs),
    note: `${ui.rttMs.length} requests spread over the run, to the same sandbox the editor talks to`,
  });
  const floorRows: [keyof UiResult['floors'], string][] = [
    ['expand', 'expand a group of 50 rows'],
    ['more', '50 more rows after a click'],
    ['pick', 'Enter in a quick pick → a row relabelled'],
    ['webview', 'key → a webview whose script drew an input'],
  ];
  for (const [key, what] of floorRows) {
    figures.push({ key: `floor.${key}@${editor.id}`, measurement: `${tag}   floor: no-request extension, ${what}`, unit: 'ms', summary: summarize(ui.floors[key]) });
  }
  const rows: { action: keyof UiResult['actions']; label: string; trips: number; floor: keyof UiResult['floors'] | undefined; fewest: string }[] = [
    { action: 'expand', label: 'Expand a group → its rows shown', trips: 1, floor: 'expand', fewest: '1 list request' },
    { action: 'loadMore', label: 'Load more → the new rows shown', trips: 1, floor: 'more', fewest: '1 list request' },
    { action: 'setStatus', label: 'Set Status (Alt+S, pick) → row updated', trips: 1, floor: 'pick', fewest: '1 PATCH' },
    { action: 'addTags', label: 'Add Tags (Alt+T, type) → row updated', trips: 2, floor: 'pick', fewest: '1 read + 1 PATCH (tags replace)' },
    { action: 'save', label: 'Form Save (Ctrl+S) → saved and row updated', trips: 2, floor: 'pick', fewest: '1 read (conflict check) + 1 PATCH' },
    { action: 'openLead', label: 'Open Lead (Alt+O) on a loaded lead → form shows it', trips: 0, floor: 'webview', fewest: 'no request' },
  ];
  for (const row of rows) {
    const measured = ui.actions[row.action];
    const key = `${row.action}@${editor.id}`;
    const label = `${tag} ${row.label}`;
    const editorCost = row.floor ? median(ui.floors[row.floor]) : 0;
    const floor = row.trips * rtt + editorCost;
    if (measured.ms.length === 0 || !Number.isFinite(floor) || floor <= 0) {
      notMeasured(key, label, '×', ui.errors.filter((e) => e.startsWith(row.action.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`))).join('; ') || 'no sample', RATIO_GOAL);
      continue;
    }
    const sent = describeRequests(measured.requests[0] ?? []);
    const same = measured.requests.every((r) => describeRequests(r) === sent);
    figures.push({
      key,
      measurement: label,
      unit: '×',
      summary: summarize(measured.ms.map((ms) => ms / floor)),
      goal: RATIO_GOAL,
      note:
        `median ${median(measured.ms).toFixed(0)} ms over a floor of ${row.trips ? `${row.trips} × ${rtt.toFixed(0)} ms + ` : ''}${editorCost.toFixed(0)} ms (floor: ${row.floor}) = ${floor.toFixed(0)} ms; ` +
        `fewest the API allows: ${row.fewest}; sent: ${sent}${same ? ' each time' : ' the first time (others differ)'}`,
    });
  }
  const bulkKey = `bulk@${editor.id}`;
  const bulkLabel = `${tag} 1,000 status changes (Ctrl+A on 1,000 loaded rows, Alt+S) → done`;
  if (ui.bulk.ms.length === 0) {
    notMeasured(bulkKey, bulkLabel, '×', ui.errors.filter((e) => e.startsWith('bulk')).join('; ') || 'no run', RATIO_GOAL);
  } else {
    const ratios = ui.bulk.ms.map((ms, i) => ms / (((ui.bulk.leads[i] ?? NaN) * rtt) / (ui.bulk.peakInFlight[i] ?? NaN)));
    figures.push({
      key: bulkKey,
      measurement: bulkLabel,
      unit: '×',
      summary: summarize(ratios),
      goal: RATIO_GOAL,
      note:
        `median ${median(ui.bulk.ms).toFixed(0)} ms for ${ui.bulk.leads.join('/')} leads; floor = leads × ${rtt.toFixed(0)} ms ÷ the most requests in flight at once, ` +
        `counted at the server (${ui.bulk.peakInFlight.join('/')}); PATCH requests seen: ${ui.bulk.patches.join('/')}`,
    });
  }
  if (ui.errors.length) say(`${editor.version}: ${ui.errors.length} failure(s): ${ui.errors.join('; ')}`);
}

const mb = (bytes: number): number => bytes / 2 ** 20;

/** The figures of one editor's Import and Export: time over the floor, and the extension host's peak heap growth. */
function ioFigures(editor: Editor, io: IoBenchResult): void {
  const tag = `[${editor.version}]`;
  const rtt = median(io.rttMs);
  const failed = (what: string): string => [...io.errors, ...(io.io?.errors ?? [])].filter((e) => !what || e.startsWith(what)).join('; ');
  if (!io.io) {
    if (want('export')) notMeasured(`export@${editor.id}`, `${tag} Export 100,000 leads grouped by status (CSV)`, '×', failed('') || 'no window', RATIO_GOAL);
    if (want('import')) notMeasured(`import@${editor.id}`, `${tag} Import 100,000 rows (CSV, merge)`, '×', failed('') || 'no window', RATIO_GOAL);
    return;
  }
  const { io: run } = io;
  figures.push({
    key: `io.rtt@${editor.id}`,
    measurement: `${tag}   round trip to the 100,000-lead sandbox: bare node:http GET + JSON.parse`,
    unit: 'ms',
    summary: summarize(io.rttMs),
    note: `${io.rttMs.length} requests, before and after the window; the baseline heap was taken ${run.gc === 'none' ? 'without a GC (none could be run)' : `after a full GC (${run.gc === 'global' ? 'global.gc' : 'gc exposed at run time through v8.setFlagsFromString'})`}`,
  });
  const heapFigure = (key: string, label: string, heaps: HeapUse[]): void => {
    figures.push({
      key,
      measurement: label,
      unit: 'MB',
      summary: summarize(heaps.map((h) => mb(h.peak - h.baseline))),
      goal: { max: HEAP_GOAL_MB },
      note: `heapUsed of the extension host, sampled every 50 ms (${heaps.map((h) => h.samples).join('/')} samples), peak − baseline; baseline ${heaps.map((h) => mb(h.baseline).toFixed(0)).join('/')} MB; still held after the action and a GC: ${heaps.map((h) => `${mb(h.after - h.baseline).toFixed(1)} MB`).join('/')}`,
    });
  };

  if (want('export')) {
    const label = `${tag} Export 100,000 leads grouped by status (CSV)`;
    const pagesOf = (count: number): number => Math.max(1, Math.ceil(count / PAGE));
    const statuses = Object.entries(io.byStatus);
    const pages = statuses.reduce((sum, [, count]) => sum + pagesOf(count), 0);
    const longest = Math.max(...statuses.map(([, count]) => pagesOf(count)));
    // The issue's floor, ⌈pages ÷ 4⌉ × RTT, takes the four statuses to be the same size. Cursor
    // paging is sequential and the API has no other way to split all leads into parts, so the
    // fastest export pages the largest status alone while the others finish beside it.
    const floor = longest * rtt;
    const good = run.exports.filter((e) => e.error === undefined && !e.cancelled && e.written === e.expected && e.expected === IO_LEADS);
    const bad = run.exports.filter((e) => !good.includes(e)).map((e) => `written ${e.written}/${e.expected}${e.cancelled ? ', cancelled' : ''}${e.error ? `, ${e.error}` : ''}`);
    if (good.length === 0) {
      notMeasured(`export@${editor.id}`, label, '×', [...bad, failed('export')].filter(Boolean).join('; ') || 'no run', RATIO_GOAL);
    } else {
      figures.push({
        key: `export@${editor.id}`,
        measurement: label,
        unit: '×',
        summary: summarize(good.map((e) => e.ms / floor)),
        goal: RATIO_GOAL,
        note:
          `median ${median(good.map((e) => e.ms)).toFixed(0)} ms for ${good[0]?.written} leads over a floor of the largest status's ${longest} pages × ${rtt.toFixed(0)} ms = ${floor.toFixed(0)} ms ` +
          `(pages of ${PAGE}: ${statuses.map(([status, count]) => `${status} ${count} → ${pagesOf(count)}`).join(', ')}; ⌈${pages} pages ÷ 4⌉ × RTT, were the statuses equal: ${(Math.ceil(pages / 4) * rtt).toFixed(0)} ms, ratio ${(median(good.map((e) => e.ms)) / (Math.ceil(pages / 4) * rtt)).toFixed(2)}×); ` +
          `list requests seen: ${good.map((e) => e.listRequests).join('/')}${bad.length ? `; left out: ${bad.join('; ')}` : ''}`,
      });
      heapFigure(`export.heap@${editor.id}`, `${tag} Export 100,000 leads: peak heap growth in the extension host`, good.map((e) => e.heap));
    }
  }

  if (want('import')) {
    const label = `${tag} Import 100,000 rows (CSV, merge)`;
    const bulkMs = [...run.bulkMs.before, ...run.bulkMs.after];
    const bulk = median(bulkMs);
    const sizes = run.bulkStoreSizes;
    figures.push({
      key: `io.bulk@${editor.id}`,
      measurement: `${tag}   floor: one bulk request of 2,000 new leads, plain fetch from the extension host`,
      unit: 'ms',
      summary: summarize(bulkMs),
      note:
        `${bulkMs.length} requests of 2,000 leads never seen before, request to parsed answer; median ${median(run.bulkMs.before).toFixed(0)} ms before the imports ` +
        `(sandbox of ${sizes.before.toLocaleString('en-US')} leads), ${median(run.bulkMs.after).toFixed(0)} ms after (${sizes.after.toLocaleString('en-US')} leads)`,
    });
    const good = run.imports.filter((r) => r.error === undefined && !r.cancelled && r.rows === IMPORT_ROWS && r.invalid === 0 && r.inserted === IMPORT_ROWS);
    const bad = run.imports.filter((r) => !good.includes(r)).map((r) => `rows ${r.rows}, invalid ${r.invalid}, inserted ${r.inserted}, updated ${r.updated}, failed ${r.failed}${r.cancelled ? ', cancelled' : ''}${r.error ? `, ${r.error}` : ''}`);
    if (good.length === 0 || !Number.isFinite(bulk)) {
      notMeasured(`import@${editor.id}`, label, '×', [...bad, failed('import'), failed('bulk')].filter(Boolean).join('; ') || 'no run', RATIO_GOAL);
    } else {
      const batches = Math.ceil(IMPORT_ROWS / BATCH);
      const floor = batches * bulk;
      figures.push({
        key: `import@${editor.id}`,
        measurement: label,
        unit: '×',
        summary: summarize(good.map((r) => r.ms / floor)),
        goal: RATIO_GOAL,
        note:
          `median ${median(good.map((r) => r.ms)).toFixed(0)} ms for ${IMPORT_ROWS} rows (all inserted) over a floor of ${batches} batches × ${bulk.toFixed(0)} ms (one bulk request) = ${floor.toFixed(0)} ms; ` +
          `bulk requests seen: ${good.map((r) => r.bulkRequests).join('/')}${bad.length ? `; left out: ${bad.join('; ')}` : ''}`,
      });
      heapFigure(`import.heap@${editor.id}`, `${tag} Import 100,000 rows: peak heap growth in the extension host`, good.map((r) => r.heap));
    }
  }
  const errors = [...io.errors, ...run.errors];
  if (errors.length) say(`${editor.version}: Import/Export: ${errors.length} failure(s): ${errors.join('; ')}`);
}

async function editorBench(built: { extensionDir: string; vsix: string } | undefined): Promise<void> {
  if (EDITORS.length === 0) return;
  if (!built) {
    notMeasured('editor', 'In the editors', '', 'no .vsix to load (packaging failed)');
    return;
  }
  const floorVsix = path.join(OUT, 'activation-floor.vsix');
  const editorFloorVsix = path.join(OUT, 'editor-floor.vsix');
  const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
  const pack = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o'];
  await run(vsce, [...pack, floorVsix], { cwd: writeBaselineExtension(path.join(OUT, 'activation-floor')), capture: true });
  await run(vsce, [...pack, editorFloorVsix], { cwd: writeEditorFloorExtension(path.join(OUT, 'editor-floor')), capture: true });
  for (const id of EDITORS) {
    let editor: Editor;
    try {
      editor = await ensureEditor(id, { systemPackages: false });
    } catch (error) {
      notMeasured(`editor@${id}`, `[${id}] editor`, '', errorText(error));
      continue;
    }
    if (!NO_ACTIVATION) await activation(editor, built.extensionDir, floorVsix);
    if (NO_UI) continue;
    if (UI_SECTIONS.some(want)) {
      say(`${editor.version}: the user's actions, ${LEADS.toLocaleString('en-US')} leads, every request after ${LATENCY.ms} ± ${LATENCY.jitterMs} ms, ${SAMPLES} samples each`);
      const ui = await runUi(editor, built.vsix, editorFloorVsix, {
        leads: LEADS,
        latency: LATENCY,
        samples: SAMPLES,
        bulkRuns: BULK_RUNS,
        bulkSize: BULK_SIZE,
        ...(SECTIONS ? { sections: SECTIONS } : {}),
        log: (line) => say(`  [${editor.version}] ${line}`),
      });
      samples[`ui@${editor.id}`] = ui;
      uiFigures(editor, ui);
    }
    if (want('export') || want('import')) {
      say(`${editor.version}: Import and Export in the extension host, ${IO_LEADS.toLocaleString('en-US')} leads, every request after ${LATENCY.ms} ± ${LATENCY.jitterMs} ms, ${IO_RUNS} run(s) each`);
      const io = await runIo(editor, built.extensionDir, {
        leads: IO_LEADS,
        latency: LATENCY,
        exports: want('export') ? IO_RUNS : 0,
        imports: want('import') ? IO_RUNS : 0,
        importRows: IMPORT_ROWS,
        bulkSamples: want('import') ? BULK_SAMPLES : 0,
        outDir: OUT,
        log: (line) => say(`  [${editor.version}] ${line}`),
      });
      samples[`io@${editor.id}`] = io;
      ioFigures(editor, io);
    }
  }
}

// ---- output --------------------------------------------------------------------------------

function formatValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '-';
  if (unit === '/s') return `${Math.round(v).toLocaleString('en-US')}/s`;
  if (unit === '×') return `${v.toFixed(2)}×`;
  if (unit === 'B') return `${Math.round(v)} B`;
  if (unit === 'KB' || unit === 'MB') return `${v.toFixed(1)} ${unit}`;
  if (unit === 'ms') return v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`;
  return `${Number.isInteger(v) ? v : v.toFixed(2)}${unit ? ` ${unit}` : ''}`;
}

function formatGoal(f: Figure): string {
  if (!f.goal) return '';
  if (f.goal.max !== undefined) return `≤ ${formatValue(f.goal.max, f.unit)}`;
  if (f.goal.min !== undefined) return `≥ ${formatValue(f.goal.min, f.unit)}`;
  return '';
}

function printTable(): void {
  const header = ['measurement', 'median', 'min', 'max', 'goal', 'verdict'];
  const rows = figures.map((f) => {
    const v = verdict(f);
    return [
      f.measurement,
      f.summary ? formatValue(f.summary.median, f.unit) : 'not measured',
      f.summary ? formatValue(f.summary.min, f.unit) : '',
      f.summary ? formatValue(f.summary.max, f.unit) : '',
      formatGoal(f),
      v === 'n/a' ? '' : v,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
  console.log();
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log();
  for (const f of figures) {
    if (f.notMeasured) console.log(`- ${f.measurement.trim()}: not measured: ${f.notMeasured}`);
    else if (f.note) console.log(`- ${f.measurement.trim()}: ${f.note}`);
  }
  const missed = figures.filter((f) => verdict(f) === 'missed');
  console.log();
  console.log(missed.length ? `Missed goals: ${missed.map((f) => f.measurement.trim()).join('; ')}` : 'All measured goals met.');
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const load = os.loadavg();
  say(`samples ${SAMPLES}, activation windows ${WINDOWS}, editors ${EDITORS.join(', ') || 'none'}; ${os.cpus().length} CPUs, load average ${load.map((l) => l.toFixed(1)).join(' ')}`);
  const commit = (await run('git', ['rev-parse', '--short', 'HEAD'], { capture: true })).output.trim();
  const dirty = (await run('git', ['status', '--porcelain', '--', 'src', 'webview', 'package.json', 'esbuild.mjs'], { capture: true })).output.trim() !== '';
  const built = await sizes();
  await requireTimes(built?.extensionDir);
  if (!NO_NODE) await nodeBench(await buildNodeBench(), LEADS);
  await editorBench(built);
  const at = new Date().toISOString();
  console.log(`\nnpm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''} at commit ${commit}${dirty ? ' (with uncommitted changes in src/)' : ''}, ${at.slice(0, 16).replace('T', ' ')} UTC; ${os.cpus().length} CPUs, load average ${load.map((l) => l.toFixed(1)).join(' ')} at start, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at end`);
  printTable();
  const results = {
    at,
    commit,
    dirty,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverageAtStart: load, loadAverageAtEnd: os.loadavg() },
    options: { quick: QUICK, samples: SAMPLES, activationWindows: WINDOWS, editors: EDITORS, leads: LEADS, latency: LATENCY, bulkRuns: BULK_RUNS, nodeRuns: RUNS, ioLeads: IO_LEADS, importRows: IMPORT_ROWS, ioRuns: IO_RUNS },
    figures: figures.map((f) => ({ ...f, verdict: verdict(f) })),
    samples,
  };
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  say(`wrote ${path.relative(ROOT, RESULTS)} in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
