// npm run test:e2e [-- --editor 1.139|1.100|all] [--grep text] [--no-package] [--verbose]
// Packages the .vsix, installs it into each editor asked for (default: the newest), starts the sandbox API in this
// process and code-server with topcalls.apiBaseUrl pointing at it, opens the workbench in
// Chromium and runs test/e2e/**/*.e2e.ts with Mocha (spec reporter). Exits non-zero on a
// failure or when zero tests ran. Screenshots: test-results/screenshots/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';
import { NEWEST_EDITOR, ensureEditor, parseEditorArg, type Editor, type EditorId } from '../../scripts/provision-editor';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { describeViolations } from '../sandbox/violations';
import { SCREENSHOT_DIR, openWorkbench, screenshot, setE2EContext } from '../e2e/ui';
import { launchBrowser, type Browser } from './browser';
import { findFiles } from './buildTests';
import { createRunDirs, installExtension, startCodeServer, type CodeServer } from './codeServer';
import { reportResult, type SuiteResult } from './results';
import { ROOT, argValue, formatMs, log, run, step } from './util';
import { VSIX, packageVsix } from './vsix';

const E2E_DIR = path.join(ROOT, 'test', 'e2e');

interface E2EOptions {
  editor: Editor;
  grep?: string;
  skipPackage?: boolean;
  verbose?: boolean;
}

async function runE2E(options: E2EOptions): Promise<SuiteResult> {
  const { editor } = options;
  const suite = `e2e (VS Code ${editor.version})`;
  const started = Date.now();
  const result: SuiteResult = { suite, passed: 0, failed: 0, pending: 0, durationMs: 0, ok: false };
  let sandbox: Sandbox | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    const vsix = options.skipPackage ? VSIX : await packageVsix();
    const dirs = createRunDirs(`e2e-${editor.id}`);
    await step(`install ${path.relative(ROOT, vsix)} into VS Code ${editor.version}`, () =>
      installExtension(editor, dirs, vsix),
    );
    sandbox = await step('start sandbox', () => startSandbox({ leads: 400 }));
    log(`sandbox ${sandbox.url} (token ${sandbox.token})`);
    server = await startCodeServer(editor, dirs, {
      settings: { 'topcalls.apiBaseUrl': sandbox.url },
      env: { TOPCALLS_E2E: '1', TOPCALLS_SANDBOX_URL: sandbox.url },
    });
    browser = await launchBrowser({ profileDir: dirs.browserProfileDir, echoConsoleErrors: options.verbose ?? false });
    // The first load of the workbench is the slowest step of a run (5–7 s idle, a minute on a
    // busy machine): it happens here, outside any test's timeout, so no first file pays for it.
    const page = browser.page;
    const workbenchUrl = server.workbenchUrl();
    await step(`open the workbench of VS Code ${editor.version}`, () => openWorkbench(page, workbenchUrl, 180_000));
    setE2EContext({
      page: browser.page,
      editorUrl: server.url,
      workbenchUrl: server.workbenchUrl(),
      sandbox,
      sandboxUrl: sandbox.url,
      sandboxToken: sandbox.token,
      vscodeVersion: editor.version,
      runDir: dirs.runDir,
    });

    const mocha = new Mocha({
      ui: 'bdd',
      reporter: 'spec',
      timeout: Number(process.env.TOPCALLS_E2E_TIMEOUT ?? 60_000),
      failZero: true,
      forbidOnly: true,
      forbidPending: true,
      ...(options.grep ? { grep: options.grep } : {}),
    });
    // A screenshot of every failed test, named after it.
    mocha.suite.afterEach(async function () {
      const test = this.currentTest;
      if (test?.state === 'failed') {
        const file = await screenshot(page, `FAILED-${test.fullTitle()}`).catch(() => undefined);
        if (file) log(`screenshot of the failure: ${path.relative(ROOT, file)}`);
      }
    });
    for (const old of fs.existsSync(SCREENSHOT_DIR) ? fs.readdirSync(SCREENSHOT_DIR) : []) {
      if (old.startsWith('FAILED-')) fs.rmSync(path.join(SCREENSHOT_DIR, old), { force: true });
    }
    const files = findFiles(E2E_DIR, '.e2e.ts');
    for (const f of files) mocha.addFile(path.join(E2E_DIR, f));
    await mocha.loadFilesAsync();
    const shots: Promise<unknown>[] = [];
    const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
      const runner = mocha.run(() =>
        resolve({
          passes: runner.stats?.passes ?? 0,
          failures: runner.stats?.failures ?? 0,
          pending: runner.stats?.pending ?? 0,
        }),
      );
      // afterEach does not run for a failed before/after hook: take those from the event.
      runner.on('fail', (failed) => {
        const runnable = failed as unknown as { type?: string; fullTitle(): string };
        if (runnable.type !== 'hook') return;
        shots.push(
          screenshot(page, `FAILED-${runnable.fullTitle()}`)
            .then((file) => log(`screenshot of the failure: ${path.relative(ROOT, file)}`))
            .catch(() => undefined),
        );
      });
    });
    await Promise.all(shots);
    result.passed = stats.passes;
    result.failed = stats.failures;
    result.pending = stats.pending;
    const violations = sandbox.takeViolations();
    if (violations.length > 0) {
      log(`requests that break the API contract (a client bug):\n${describeViolations(violations)}`);
      result.error = `the client sent ${violations.length} request(s) the API contract does not allow`;
    }
    result.ok = stats.failures === 0 && stats.passes > 0 && violations.length === 0;
    if (stats.passes + stats.failures === 0) result.error = `zero tests ran (${files.length} file(s))`;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    if (server) log(`code-server log tail:\n${server.logTail()}`);
  } finally {
    await browser?.close();
    await server?.stop();
    await sandbox?.close().catch(() => {});
    result.durationMs = Date.now() - started;
  }
  log(
    `${suite}: ${result.ok ? 'OK' : 'FAILED'} - ${result.passed} passed, ${result.failed} failed in ` +
      `${formatMs(result.durationMs)}${result.error ? ` (${result.error})` : ''}`,
  );
  return result;
}

/**
 * More than one editor: one child run each, in turn. Mocha runs a file's `describe`s when the
 * file is first imported, and a process imports a file once, so a second editor in the same
 * process would run no test.
 */
async function runEachInItsOwnProcess(ids: readonly string[], argv: readonly string[]): Promise<number> {
  const rest = argv.filter((arg, i) => arg !== '--editor' && argv[i - 1] !== '--editor' && !arg.startsWith('--editor=') && arg !== '--no-package');
  const script = fileURLToPath(import.meta.url);
  let ok = true;
  let packaged = argv.includes('--no-package');
  for (const id of ids) {
    const args = [...process.execArgv, script, '--editor', id, ...rest, ...(packaged ? ['--no-package'] : [])];
    const { code } = await run(process.execPath, args, { allowFailure: true });
    packaged = true;
    ok &&= code === 0;
  }
  return ok ? 0 : 1;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const ids = parseEditorArg(argValue(argv, 'editor'), NEWEST_EDITOR);
  if (ids.length > 1) return runEachInItsOwnProcess(ids, argv);
  const [id] = ids as [EditorId];
  const started = Date.now();
  let result: SuiteResult;
  try {
    const editor = await ensureEditor(id);
    const grep = argValue(argv, 'grep');
    result = await runE2E({
      editor,
      skipPackage: argv.includes('--no-package'),
      verbose: argv.includes('--verbose'),
      ...(grep ? { grep } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    result = { suite: `e2e (VS Code ${id})`, passed: 0, failed: 0, pending: 0, durationMs: Date.now() - started, ok: false, error: message };
    log(message);
  }
  reportResult(result);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
