// Runs the compiled in-editor suite (out/test/integration/index.js) inside one editor:
// code-server + headless Chromium opening the workbench with the `payload` URL parameter
// (extensionDevelopmentPath, extensionTestsPath). Test output arrives through the page's
// codeAutomationLog, the exit code through codeAutomationExit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Editor } from '../../scripts/provision-editor';
import { VIOLATIONS_FILE_ENV, describeViolations, readViolationsFile } from '../sandbox/violations';
import { enableSmokeTestDriver, launchBrowser } from './browser';
import { createRunDirs, startCodeServer } from './codeServer';
import { INTEGRATION_INDEX } from './buildTests';
import type { SuiteResult } from './results';
import { ROOT, formatMs, log } from './util';

export type { SuiteResult };


const RESULT_PREFIX = 'TOPCALLS_RESULT ';
/** Prefix test/integration/index.ts puts on the extension host's console output. */
const TAG = '[[tc]] ';

export interface InEditorOptions {
  timeoutMs?: number;
  /** Also print the workbench's own log. */
  verbose?: boolean;
  /** Environment for the extension host, on top of TOPCALLS_TEST=1. */
  env?: Record<string, string>;
}

function formatArg(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

export async function runInEditor(editor: Editor, options: InEditorOptions = {}): Promise<SuiteResult> {
  const suite = `integration (VS Code ${editor.version})`;
  const started = Date.now();
  const verbose = options.verbose ?? process.env.TOPCALLS_VERBOSE === '1';
  // A whole suite's limit: on a busy 2-core machine the suite has taken 340 s; CI's own 20 minutes bound the total.
  const timeoutMs = options.timeoutMs ?? Number(process.env.TOPCALLS_SUITE_TIMEOUT ?? 600_000);
  const dirs = createRunDirs(`integration-${editor.id}`);
  const result: SuiteResult = { suite, passed: 0, failed: 0, pending: 0, durationMs: 0, ok: false };
  // The suite's sandboxes run in the extension host: they append contract violations here.
  const violationsFile = path.join(dirs.runDir, 'contract-violations.jsonl');

  const server = await startCodeServer(editor, dirs, {
    env: {
      TOPCALLS_TEST: '1',
      TOPCALLS_TEST_TAG: TAG,
      TOPCALLS_TEST_EDITOR: editor.id,
      TOPCALLS_TEST_RUN_DIR: dirs.runDir,
      TOPCALLS_PROJECT_ROOT: ROOT,
      [VIOLATIONS_FILE_ENV]: violationsFile,
      ...options.env,
    },
  });
  const browser = await launchBrowser({ profileDir: dirs.browserProfileDir }).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    const authority = await server.remoteAuthority();
    const remote = (p: string) => `vscode-remote://${authority}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(INTEGRATION_INDEX)],
      ['skipWelcome', 'true'],
    ];
    const { page } = browser;
    await enableSmokeTestDriver(page);

    let sawResult = false;
    let sawOutput = false;
    let onExit: (code: number) => void = () => {};
    const exitCode = new Promise<number>((resolve) => (onExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: unknown) => onExit(Number(code)));
    const workbenchLog = fs.createWriteStream(path.join(dirs.runDir, 'workbench.log'));
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      const text = Array.isArray(args) ? args.map(formatArg).join(' ') : formatArg(args);
      if (!text.startsWith(TAG)) {
        // The workbench's own log: keep it in the run folder, show it with --verbose.
        workbenchLog.write(`[${String(type)}] ${text}\n`);
        if (verbose) process.stdout.write(`[workbench ${String(type)}] ${text}\n`);
        return;
      }
      const message = text.slice(TAG.length);
      sawOutput = true;
      for (const line of message.split('\n')) {
        if (!line.startsWith(RESULT_PREFIX)) continue;
        try {
          const r = JSON.parse(line.slice(RESULT_PREFIX.length)) as Partial<SuiteResult>;
          result.passed = r.passed ?? 0;
          result.failed = r.failed ?? 0;
          result.pending = r.pending ?? 0;
          sawResult = true;
        } catch {
          // not ours
        }
      }
      process.stdout.write(message.endsWith('\n') ? message : `${message}\n`);
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    const url = server.workbenchUrl({ payload: JSON.stringify(payload) });
    log(`opening ${url.slice(0, 120)}...`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      result.error = `timed out after ${formatMs(timeoutMs)} (no codeAutomationExit)`;
      await page.screenshot({ path: path.join(dirs.runDir, 'timeout.png') }).catch(() => {});
      log(`code-server log tail:\n${server.logTail()}`);
      if (pageErrors.length) log(`page errors:\n${pageErrors.join('\n')}`);
    } else if (outcome !== 0) {
      result.error = `test host exited with code ${outcome}`;
    } else if (!sawResult) {
      result.error = 'no TOPCALLS_RESULT line from the test index (did it run?)';
    }
    if (!sawOutput && outcome !== 'timeout') log(`no test output; code-server log tail:\n${server.logTail()}`);
    workbenchLog.end();
    const violations = readViolationsFile(violationsFile);
    if (violations.length > 0) {
      log(`requests that break the API contract (a client bug):\n${describeViolations(violations)}`);
      result.error ??= `the client sent ${violations.length} request(s) the API contract does not allow`;
    }
    result.ok = outcome === 0 && sawResult && result.failed === 0 && result.passed > 0 && violations.length === 0;
    if (!result.ok && !result.error) result.error = result.passed === 0 ? 'zero tests passed' : 'failures';
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    result.ok = false;
  } finally {
    await browser.close();
    await server.stop();
    result.durationMs = Date.now() - started;
  }
  log(
    `${suite}: ${result.ok ? 'OK' : 'FAILED'} - ${result.passed} passed, ${result.failed} failed, ` +
      `${result.pending} pending in ${formatMs(result.durationMs)}${result.error ? ` (${result.error})` : ''}`,
  );
  return result;
}
