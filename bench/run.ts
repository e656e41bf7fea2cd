// npm run bench [-- --runs 7] [--quick] [--no-editor] [--editor-runs 3] [--sizes 10000,100000]
// The performance benchmark (see bench/README.md). Measures, prints a table, writes
// bench/results.json. It never fails on a missed goal: goals are reported, not asserted.
// Everything it starts (sandboxes, the Node bench, code-server groups, Chromium) is
// stopped in `finally`, and on SIGINT/SIGTERM by test/harness/util's group tracking.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ensureEditor, NEWEST_EDITOR } from '../scripts/provision-editor';
import { ROOT, argValue, run, spawnGroup, stopGroup } from '../test/harness/util';
import { buildEditorBench, runEditorWindow, type EditorWindowResult, type RequestCount } from './editor';
import { writeBaselineExtension } from './floor';
import { summarize, verdict, type Figure } from './stats';

const BENCH = path.join(ROOT, 'bench');
/** Build output of the benchmark itself (git- and lint-ignored). */
const OUT = path.join(ROOT, 'out', 'bench');
const RESULTS = path.join(BENCH, 'results.json');
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const RUNS = Number(argValue(argv, 'runs') ?? (QUICK ? 3 : 7));
const EDITOR_RUNS = Number(argValue(argv, 'editor-runs') ?? (QUICK ? 1 : 3));
const SIZES = (argValue(argv, 'sizes') ?? '10000,100000').split(',').map(Number);
const NO_EDITOR = argv.includes('--no-editor');

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

async function sizes(): Promise<string | undefined> {
  say('7. size: node esbuild.mjs --production, then npm run package (in a private copy, out/bench/pkg)');
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
        measurement: `7. ${bundle.name} bundle${files.length > 1 ? 's' : ''} (dist/${files.map(([file]) => file).join(', ')}), production`,
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
      notMeasured(`size.${bundle.name}`, `7. ${bundle.name} bundles, production`, 'KB', `build failed: ${errorText(error)}`, { max: bundle.maxKb });
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
      measurement: '7. .vsix (npm run package)',
      unit: 'KB',
      summary: summarize([kb(fs.statSync(vsix).size)]),
      goal: { max: 500 },
      note: `${files.length} files, ${kb(files.reduce((s, f) => s + f[1], 0)).toFixed(0)} KB unpacked; largest: ${topList(files, 3)}`,
    });
    // Unpack it: the editor benchmark loads exactly what ships.
    const unpacked = path.join(OUT, 'vsix');
    fs.rmSync(unpacked, { recursive: true, force: true });
    await run('unzip', ['-q', vsix, '-d', unpacked], { capture: true });
    return path.join(unpacked, 'extension');
  } catch (error) {
    notMeasured('size.vsix', '7. .vsix (npm run package)', 'KB', `packaging failed: ${errorText(error)}`, { max: 500 });
    return undefined;
  }
}

// ---- Module load time of the host bundle (activation's code-loading share) ----------------

async function requireTimes(extensionDir: string | undefined): Promise<void> {
  say('6. require() time of the production host bundles (fresh Node processes)');
  const dist = path.join(extensionDir ?? ROOT, 'dist');
  const files: [string, string, string][] = [
    ['host', path.join(dist, 'extension.js'), 'dist/extension.js, at activation'],
    ['schemas', path.join(dist, 'schemas.js'), 'dist/schemas.js + phone.js, with the first request'],
    ['phone', path.join(dist, 'phone.js'), 'dist/phone.js, with the first phone check'],
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

// ---- 1, 2, 3, 5: Node benchmark against a sandbox process per size ----------------------

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

/** Starts bench/sandboxHost.ts in its own process group; resolves with its address and a stop(). */
async function startSandboxProcess(leads: number): Promise<{ url: string; token: string; stop: () => Promise<void> }> {
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawnGroup(process.execPath, [tsx, path.join(BENCH, 'sandboxHost.ts'), '--leads', String(leads)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pid = child.pid as number;
  const stop = async (): Promise<void> => {
    child.stdin?.end();
    await stopGroup(pid, 2_000);
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error('the sandbox did not start within 90 s')), 90_000);
      child.stdout?.on('data', (d: Buffer) => {
        buffer += d.toString();
        const nl = buffer.indexOf('\n');
        if (nl >= 0) {
          clearTimeout(timer);
          resolve(buffer.slice(0, nl));
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the sandbox exited (${code}) before listening`));
      });
    });
    const { url, token } = JSON.parse(line) as { url: string; token: string };
    if (!url.startsWith('http://127.0.0.1:')) throw new Error(`sandbox on ${url}, expected 127.0.0.1`);
    return { url, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function nodeBench(bundle: string, leads: number, withValidation: boolean): Promise<void> {
  say(`1-3, 5: Node benchmark against a sandbox with ${leads.toLocaleString('en-US')} leads`);
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
      BENCH_VALIDATION_AT: withValidation ? String(leads) : '-1',
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
    notMeasured(`node@${leads}`, `1-3, 5 at ${leads} leads`, '', `failed: ${errorText(error)}`);
  } finally {
    await sandbox?.stop();
  }
}

// ---- 4, 6: in the real editor --------------------------------------------------------------

function requestsNote(counts: RequestCount[]): string {
  const c = counts[0];
  const same = counts.every((x) => JSON.stringify(x) === JSON.stringify(c));
  return c ? `${same ? 'every time' : 'first'}: ${c.leadReads} lead read(s), ${c.patches} PATCH, ${c.lists} list request(s), ${c.total} in all` : '';
}

async function editorBench(extensionDir: string | undefined): Promise<void> {
  const keys = {
    activation: ['6. Activation, await extension.activate() (fresh window)', 'ms', { max: 20 }],
    form: ['6. Open Lead → form ready, minus empty webview', 'ms', { max: 400 }],
    save: ['4. Form save: requests sent', 'requests', { max: 2 }],
    saveTree: ['4. Form save: Save → tree node shows the new value', 'ms', undefined],
    quick: ['4. Quick edit: requests sent', 'requests', { max: 1 }],
    quickTree: ['4. Quick edit: command → tree node shows the new value', 'ms', undefined],
  } as const;
  const skip = (reason: string): void => {
    for (const [key, [m, unit, goal]] of Object.entries(keys)) notMeasured(`editor.${key}`, m, unit, reason, goal);
  };
  if (NO_EDITOR) return skip('--no-editor');
  if (!extensionDir) return skip('no .vsix to load (packaging failed)');
  say(`4, 6: in VS Code ${NEWEST_EDITOR} (code-server), ${EDITOR_RUNS} fresh window(s)`);
  const windows: EditorWindowResult[] = [];
  const errors: string[] = [];
  try {
    const editor = await ensureEditor(NEWEST_EDITOR, { systemPackages: false });
    const index = await buildEditorBench(path.join(OUT, 'editor'));
    const floorDir = writeBaselineExtension(path.join(OUT, 'activation-floor'));
    const floorVsix = path.join(OUT, 'activation-floor.vsix');
    await run(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', floorVsix], { cwd: floorDir, capture: true });
    for (let i = 0; i < EDITOR_RUNS; i++) {
      try {
        const w = await runEditorWindow(editor, extensionDir, index, {
          timeoutMs: 200_000,
          repeats: QUICK ? 3 : 5,
          floorVsix,
          log: (line) => say(`  [editor ${i + 1}] ${line}`),
        });
        windows.push(w);
        say(`  window ${i + 1}: activation ${w.activation.ms?.toFixed(1) ?? '-'} ms${w.activation.alreadyActive ? ' (was already active!)' : ''}`);
      } catch (error) {
        errors.push(errorText(error));
        say(`  window ${i + 1} failed: ${errorText(error)}`);
      }
    }
  } catch (error) {
    errors.push(errorText(error));
  }
  if (windows.length === 0) return skip(`the editor run failed: ${errors.join('; ')}`);
  const version = windows[0]?.vscodeVersion ?? '?';

  const activations = windows.filter((w) => w.activation.ms !== undefined && !w.activation.alreadyActive).map((w) => w.activation.ms as number);
  if (activations.length) {
    figures.push({
      key: 'editor.activation',
      measurement: keys.activation[0],
      unit: 'ms',
      summary: summarize(activations),
      goal: keys.activation[2],
      note: `VS Code ${version}; one activation per fresh window (${activations.length} windows); includes loading dist/extension.js`,
    });
    const floors = windows.map((w) => w.activation.baselineMs).filter((ms): ms is number => ms !== undefined);
    if (floors.length) {
      figures.push({
        key: 'editor.activationFloor',
        measurement: '   activate() of an extension that does nothing, same windows',
        unit: 'ms',
        summary: summarize(floors),
        note: 'right after ours: the cost of any activation in this editor, which no extension can go below',
      });
      const over = windows.flatMap((w) => (w.activation.ms !== undefined && w.activation.baselineMs !== undefined ? [w.activation.ms - w.activation.baselineMs] : []));
      figures.push({
        key: 'editor.activationOverFloor',
        measurement: '   ours minus the do-nothing extension, per window',
        unit: 'ms',
        summary: summarize(over),
        note: 'what our own code adds to an activation (loading dist/extension.js, activate()); both vary together with the machine',
      });
    }
  } else {
    notMeasured('editor.activation', keys.activation[0], 'ms', windows.map((w) => w.activation.error ?? 'already active').join('; '), keys.activation[2]);
  }

  const empty = windows.flatMap((w) => w.emptyWebviewMs).filter(Number.isFinite);
  const forms = windows.flatMap((w) => w.formOpenMs);
  figures.push({ key: 'editor.emptyWebview', measurement: '   empty webview: create → its script runs', unit: 'ms', summary: summarize(empty) });
  if (forms.length) {
    const emptyMedian = summarize(empty).median;
    figures.push({
      key: 'editor.form',
      measurement: keys.form[0],
      unit: 'ms',
      summary: summarize(forms.map((f) => f - emptyMedian)),
      goal: keys.form[2],
      note: `open → form's ready answered with init: median ${summarize(forms).median.toFixed(0)} ms; empty webview median ${emptyMedian.toFixed(0)} ms`,
    });
  } else {
    notMeasured('editor.form', keys.form[0], 'ms', windows[0]?.formNotMeasured ?? 'no form opened', keys.form[2]);
  }

  const saveReasons = windows.map((w) => w.formSave.notMeasured).filter(Boolean);
  const saves = windows.flatMap((w) => w.formSave.requests);
  if (saves.length) {
    const extra = saves.map((c) => c.total);
    figures.push({
      key: 'editor.save',
      measurement: keys.save[0],
      unit: 'requests',
      summary: summarize(extra),
      goal: keys.save[2],
      note: `${requestsNote(saves)} (goal: 1 read + 1 PATCH, 0 lists)${saves.some((c) => c.lists > 0) ? ' — LIST REQUESTS SEEN' : ''}`,
    });
    figures.push({ key: 'editor.saveTree', measurement: keys.saveTree[0], unit: 'ms', summary: summarize(windows.flatMap((w) => w.formSave.ms)) });
  } else {
    const reason = saveReasons[0] ?? 'no save measured';
    notMeasured('editor.save', keys.save[0], 'requests', reason as string, keys.save[2]);
    notMeasured('editor.saveTree', keys.saveTree[0], 'ms', reason as string);
  }

  const quick = windows.flatMap((w) => w.quickEdit.requests);
  if (quick.length) {
    figures.push({
      key: 'editor.quick',
      measurement: keys.quick[0],
      unit: 'requests',
      summary: summarize(quick.map((c) => c.total)),
      goal: keys.quick[2],
      note: `Add Tags on one lead: ${requestsNote(quick)}`,
    });
    figures.push({
      key: 'editor.quickTree',
      measurement: keys.quickTree[0],
      unit: 'ms',
      summary: summarize(windows.flatMap((w) => w.quickEdit.ms)),
      note: 'extension host side: until the provider fired onDidChangeTreeData and getTreeItem shows the tag (workbench paint not included)',
    });
  } else {
    notMeasured('editor.quick', keys.quick[0], 'requests', windows[0]?.quickEdit.error ?? 'no quick edit measured', keys.quick[2]);
    notMeasured('editor.quickTree', keys.quickTree[0], 'ms', windows[0]?.quickEdit.error ?? 'no quick edit measured');
  }
  if (errors.length) say(`editor windows that failed: ${errors.join('; ')}`);
}

// ---- output --------------------------------------------------------------------------------

function formatValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '-';
  if (unit === '/s') return `${Math.round(v).toLocaleString('en-US')}/s`;
  if (unit === '×') return `${v.toFixed(2)}×`;
  if (unit === 'B') return `${Math.round(v)} B`;
  if (unit === 'KB') return `${v.toFixed(1)} KB`;
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
  say(`runs ${RUNS}, sizes ${SIZES.join(', ')}, editor windows ${NO_EDITOR ? 0 : EDITOR_RUNS}; ${os.cpus().length} CPUs, load average ${load.map((l) => l.toFixed(1)).join(' ')}`);
  const extensionDir = await sizes();
  await requireTimes(extensionDir);
  const bundle = await buildNodeBench();
  for (const [i, size] of SIZES.entries()) await nodeBench(bundle, size, i === 0);
  await editorBench(extensionDir);
  printTable();
  const results = {
    at: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverageAtStart: load, loadAverageAtEnd: os.loadavg() },
    options: { runs: RUNS, editorRuns: NO_EDITOR ? 0 : EDITOR_RUNS, sizes: SIZES, quick: QUICK },
    figures: figures.map((f) => ({ ...f, verdict: verdict(f) })),
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
