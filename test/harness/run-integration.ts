// npm run test:integration [-- --editor 1.100|1.139|all] [--seed N] [--grep text] [--no-build]
// Builds the extension and the suite once, then runs it in each editor in turn.
// Exits non-zero on any failure, a timeout, or zero tests.
// --seed: which cells of the fault matrix run (test/reliability/rotation.ts); default today's,
// printed so that a run can be repeated. --grep: only the tests whose title matches.
import { ensureEditor, parseEditorArg } from '../../scripts/provision-editor';
import { SEED_ENV, rotationSeed } from '../reliability/rotation';
import { buildAll } from './buildTests';
import { runInEditor } from './inEditor';
import { reportResult, type SuiteResult } from './results';
import { argValue, formatMs, log } from './util';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const ids = parseEditorArg(argValue(argv, 'editor'));
  const seed = rotationSeed(argValue(argv, 'seed'));
  const grep = argValue(argv, 'grep');
  log(`fault matrix rotation: seed ${seed} (repeat with --seed ${seed})`);
  const env = { [SEED_ENV]: String(seed), ...(grep ? { TOPCALLS_TEST_GREP: grep } : {}) };
  if (!argv.includes('--no-build')) await buildAll();
  const results: SuiteResult[] = [];
  for (const id of ids) {
    const started = Date.now();
    let result: SuiteResult;
    try {
      const editor = await ensureEditor(id);
      result = await runInEditor(editor, { verbose: argv.includes('--verbose'), env });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`VS Code ${id}: ${message}`);
      result = { suite: `integration (VS Code ${id})`, passed: 0, failed: 0, pending: 0, durationMs: Date.now() - started, ok: false, error: message };
    }
    reportResult(result);
    results.push(result);
  }
  for (const r of results) {
    log(`${r.ok ? 'PASS' : 'FAIL'} ${r.suite}: ${r.passed} passed, ${r.failed} failed, ${r.pending} pending (${formatMs(r.durationMs)})${r.error ? ` - ${r.error}` : ''}`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
