// npm run test:reliability [-- --editor 1.100|1.139|all] [--no-build] [--quick [--seed N]] [--e2e] [--grep text] [--verbose]
// Runs only the reliability tests and prints the figures, headed by when and at which commit
// they ran (the README's table is this output, pasted):
//   1. unit level: test/unit/hostile*.test.ts and the interleaving property (mocha, fast-check;
//      3,000 sequences here, 300 in npm test)
//   2. in-editor: every test titled "[reliability]" in test/integration (the fault matrix, token
//      leak scan, hostile data and messages, soak) in real VS Code (code-server), full matrix
//      (--quick: the rotation of npm test, test/reliability/rotation.ts)
//   3. with --e2e: test/e2e/hostile*.e2e.ts in the real workbench (packages the .vsix first)
// Each test emits TOPCALLS_RELIABILITY {json} records (test/reliability/report.ts) into one
// file; this adds them up into a table. Exits non-zero on any failure, any lost or duplicated
// write, or when nothing ran. Also appends its SuiteResults to $TOPCALLS_RESULTS_FILE.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureEditor, parseEditorArg } from '../../scripts/provision-editor';
import { buildAll } from '../harness/buildTests';
import { runInEditor } from '../harness/inEditor';
import { mochaResult, reportResult, type SuiteResult } from '../harness/results';
import { CACHE_DIR, ROOT, argValue, formatMs, isMain, log, run } from '../harness/util';
import { FAULTS } from './faults';
import { FULL_ENV, RECORD_FILE_ENV, parseRecords, type FaultCaseRecord, type ReliabilityRecord } from './report';
import { SEED_ENV, rotationSeed } from './rotation';

const GREP = '\\[reliability\\]';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const ids = parseEditorArg(argValue(argv, 'editor'), '1.100');
  const full = !argv.includes('--quick');
  const file = path.join(CACHE_DIR, 'results', `reliability-${process.pid}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(file, { force: true });
  const seed = rotationSeed(argValue(argv, 'seed'));
  if (!full) log(`fault matrix rotation: seed ${seed} (repeat with --quick --seed ${seed})`);
  const env = { [RECORD_FILE_ENV]: file, ...(full ? { [FULL_ENV]: '1' } : { [SEED_ENV]: String(seed) }) };
  const ranAt = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at ${await revision()}`;
  const suites: SuiteResult[] = [];
  const versions: string[] = [];
  const grep = argValue(argv, 'grep');

  if (!argv.includes('--no-build')) await buildAll();

  // 1. unit level
  {
    const started = Date.now();
    const { code, output } = await run(
      process.execPath,
      // Not .mocharc.json: its spec list would add every unit test.
      ['--import', 'tsx', path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--forbid-only', '--forbid-pending', '--timeout', '10000', '--reporter', 'spec', 'test/unit/hostile*.test.ts', 'test/unit/interleaving.test.ts', ...(grep ? ['--grep', grep] : [])],
      { env: { ...process.env, ...env }, tee: true, allowFailure: true },
    );
    suites.push(mochaResult('reliability: unit (hostile inputs, interleaving)', started, { code, output }));
  }

  // 2. in the editor
  for (const id of ids) {
    const started = Date.now();
    let result: SuiteResult;
    try {
      const editor = await ensureEditor(id);
      result = await runInEditor(editor, {
        verbose: argv.includes('--verbose'),
        env: { ...env, TOPCALLS_TEST_GREP: grep ?? GREP, TOPCALLS_TEST_TIMEOUT: '30000' },
      });
      result.suite = `reliability: in-editor (VS Code ${editor.version})`;
      versions.push(editor.version);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = { suite: `reliability: in-editor (VS Code ${id})`, passed: 0, failed: 0, pending: 0, durationMs: Date.now() - started, ok: false, error: message };
    }
    suites.push(result);
  }

  // 3. end to end (opt-in: packages the extension)
  if (argv.includes('--e2e')) {
    const started = Date.now();
    const { code, output } = await run('npm', ['run', '--silent', 'test:e2e', '--', '--grep', 'reliability'], {
      env: { ...process.env, ...env },
      tee: true,
      allowFailure: true,
    });
    suites.push(mochaResult('reliability: e2e (hostile data in the workbench)', started, { code, output }));
  }

  const records = fs.existsSync(file) ? parseRecords(fs.readFileSync(file, 'utf8')) : [];
  const report = summarize(records, `ran ${ranAt}, VS Code ${versions.join(' and ') || '(none)'}, ${full ? 'every cell' : `rotation seed ${seed}`}`);
  console.log(`\n${report.text}\n`);
  for (const s of suites) {
    log(`${s.ok ? 'PASS' : 'FAIL'} ${s.suite}: ${s.passed} passed, ${s.failed} failed, ${s.pending} pending (${formatMs(s.durationMs)})${s.error ? ` - ${s.error}` : ''}`);
    reportResult(s);
  }
  const copy = path.join(ROOT, 'test-results', 'reliability.jsonl');
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(file, copy);
  log(`records: ${path.relative(ROOT, copy)}`);
  const ok = suites.every((s) => s.ok) && records.length > 0 && report.lost === 0 && report.duplicated === 0;
  return ok ? 0 : 1;
}

/** The commit the tests ran at, marked when the work tree had changes on top. */
async function revision(): Promise<string> {
  const head = await run('git', ['rev-parse', '--short', 'HEAD'], { capture: true, allowFailure: true });
  if (head.code !== 0) return 'an unknown commit (no git)';
  const status = await run('git', ['status', '--porcelain', '--untracked-files=no'], { capture: true, allowFailure: true });
  return `commit ${head.output.trim()}${status.output.trim() ? ' with uncommitted changes' : ''}`;
}

// ---- the report -----------------------------------------------------------------------------

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row, r) => {
      const line = row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
      return r === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

/** The report; `provenance` (when, where, what) heads it. */
export function summarize(records: ReliabilityRecord[], provenance: string): { text: string; lost: number; duplicated: number } {
  const cases = records.filter((r): r is FaultCaseRecord => r.type === 'fault-case');
  // One editor's records per (surface, fault): the last wins in the grid, all count in the totals.
  const surfaces = [...new Set(cases.map((c) => c.surface))];
  const faultIds = FAULTS.map((f) => f.id).filter((id) => cases.some((c) => c.fault === id));
  const cell = (surface: string, fault: string): string => {
    const hits = cases.filter((c) => c.surface === surface && c.fault === fault);
    if (hits.length === 0) return '·';
    if (hits.some((h) => h.outcome === 'fail')) return 'FAIL';
    if (hits.every((h) => h.outcome === 'pending')) return 'pend';
    return 'ok';
  };
  const out: string[] = [];
  out.push('==================== reliability report ====================');
  out.push(provenance);
  if (cases.length) {
    out.push('\nFault matrix (ok = recovered or reported as required; FAIL = a check failed; pend = pending)\n');
    out.push(pad([['fault \\ surface', ...surfaces.map((s) => s.split(' (')[0]!)], ...faultIds.map((f) => [f, ...surfaces.map((s) => cell(s, f))])]));
    const failures = cases.filter((c) => c.outcome === 'fail');
    if (failures.length) {
      out.push('\nFailed cases (×N: in N runs, e.g. one per editor):');
      const lines = new Map<string, number>();
      for (const f of failures) {
        const line = `${f.surface} × ${f.fault}: ${f.error ?? '?'}`;
        lines.set(line, (lines.get(line) ?? 0) + 1);
      }
      for (const [line, n] of lines) out.push(`  - ${line}${n > 1 ? ` (×${n})` : ''}`);
    }
    const pendingReasons = [...new Set(cases.filter((c) => c.outcome === 'pending').map((c) => `${c.surface}: ${c.pendingReason ?? ''}`))];
    if (pendingReasons.length) {
      out.push('\nPending:');
      for (const p of pendingReasons) out.push(`  - ${p}`);
    }
  }
  const inputs = records.filter((r) => r.type === 'inputs');
  const soaks = records.filter((r) => r.type === 'soak');
  const checks = records.filter((r) => r.type === 'check');
  if (inputs.length || soaks.length || checks.length) {
    out.push('\nOther checks\n');
    const rows: string[][] = [['check', 'outcome', 'figures']];
    for (const r of inputs) {
      rows.push([`bad inputs: ${r.area}`, r.outcome, r.outcome === 'pending' ? r.pendingReason ?? '' : `${r.tried} tried, ${r.failures} misbehaved, ${r.apiRequests} reached the API${r.error ? ` (${r.error})` : ''}`]);
    }
    for (const r of soaks) {
      rows.push([
        `soak: ${r.area}`,
        r.outcome,
        `${r.leads} leads, ${r.pages} pages, ${r.edited} edited, ${r.rateLimited} rate-limited, ${r.lost} lost, ${r.duplicated} duplicated, ${formatMs(r.ms)}${r.error ? ` (${r.error})` : ''}`,
      ]);
    }
    for (const r of checks) {
      rows.push([`${r.area}: ${r.name}`, r.outcome, r.outcome === 'pending' ? r.pendingReason ?? '' : `${r.checked ?? 0} checked${r.error ? ` (${r.error})` : ''}`]);
    }
    out.push(pad(rows));
  }
  const lost = cases.reduce((n, c) => n + c.lost, 0) + soaks.reduce((n, s) => n + s.lost, 0);
  const duplicated = cases.reduce((n, c) => n + c.duplicated, 0) + soaks.reduce((n, s) => n + s.duplicated, 0);
  const replays = cases.reduce((n, c) => n + c.replays, 0);
  const run = cases.filter((c) => c.outcome !== 'pending');
  const count = (o: string) => records.filter((r) => 'outcome' in r && r.outcome === o).length;
  out.push('\nTotals\n');
  out.push(
    pad([
      ['figure', 'value'],
      ['faults tried', String(new Set(run.map((c) => c.fault)).size)],
      ['surfaces (run / pending)', `${new Set(run.map((c) => c.surface)).size} / ${surfaces.filter((s) => cases.filter((c) => c.surface === s).every((c) => c.outcome === 'pending')).length}`],
      ['matrix cases passed / run (pending)', `${run.filter((c) => c.outcome === 'pass').length} / ${run.length} (${cases.length - run.length})`],
      ['requests made under faults', String(cases.reduce((n, c) => n + c.requests, 0))],
      ['writes lost (must be 0)', String(lost)],
      ['effects duplicated (must be 0)', String(duplicated)],
      ['idempotent writes replayed by client retries', String(replays)],
      ['bad inputs tried', String(inputs.reduce((n, r) => n + r.tried, 0))],
      ['bad inputs that reached the API', String(inputs.reduce((n, r) => n + r.apiRequests, 0))],
      ['all records: passed / failed / pending', `${count('pass')} / ${count('fail')} / ${count('pending')}`],
    ]),
  );
  return { text: out.join('\n'), lost, duplicated };
}

if (isMain(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
