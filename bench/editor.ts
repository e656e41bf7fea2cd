// Runs the in-editor half of the benchmark in the real editor: test/integration/bench.test.ts
// (activation, TOPCALLS_BENCH=1) or benchIo.test.ts (Import and Export, TOPCALLS_BENCH=io). One
// fresh code-server + headless Chromium window per run, the extension loaded from the unpacked
// .vsix (exactly what ships, immune to someone rebuilding dist/ meanwhile).
// Everything binds 127.0.0.1; code-server's process group and the browser are stopped in
// `finally`, and test/harness/util kills any group still alive if we are interrupted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Editor } from '../scripts/provision-editor';
import { enableSmokeTestDriver, launchBrowser } from '../test/harness/browser';
import { createRunDirs, installExtension, startCodeServer } from '../test/harness/codeServer';
import { ROOT } from '../test/harness/util';
import { PROGRESS_PREFIX } from './ioProtocol';

const TAG = '[[tc]] ';
const BENCH_PREFIX = 'TOPCALLS_BENCH ';
const RESULT_PREFIX = 'TOPCALLS_RESULT ';

/** One window's figures, as test/integration/bench.test.ts prints them. */
export interface EditorWindowResult {
  vscodeVersion: string;
  /** baselineMs: the same, in the same window, for an extension whose activate() does nothing (the floor). */
  activation: { ms?: number; alreadyActive?: boolean; error?: string; baselineMs?: number };
}

/** Bundles test/integration/index.ts + bench.test.ts + benchIo.test.ts into outDir (out/bench/editor; out/test/integration belongs to the test build). */
export async function buildEditorBench(outDir: string): Promise<string> {
  fs.rmSync(outDir, { recursive: true, force: true });
  const src = path.join(ROOT, 'test', 'integration');
  await esbuild.build({
    entryPoints: [path.join(src, 'index.ts'), path.join(src, 'bench.test.ts'), path.join(src, 'benchIo.test.ts')],
    outbase: src,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outDir, 'index.js');
}

const format = (arg: unknown): string => {
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
};

export interface EditorWindowOptions {
  timeoutMs: number;
  /** An extension to install next to ours (the do-nothing one, for activation). */
  floorVsix?: string;
  /** Which in-editor benchmark runs: `1` activation (the default), `io` Import and Export. */
  mode?: '1' | 'io';
  /** More environment for the extension host (what the benchmark test reads). */
  env?: Record<string, string>;
  /** User settings. */
  settings?: Record<string, unknown>;
  log: (line: string) => void;
}

/** One fresh window: returns what the bench test printed (a `T`), or throws. */
export async function runEditorWindow<T = EditorWindowResult>(editor: Editor, extensionDir: string, testsIndex: string, options: EditorWindowOptions): Promise<T> {
  const dirs = createRunDirs(`bench-${editor.id}`, 4);
  // Installed, not a second extensionDevelopmentPath: the web workbench takes only one.
  if (options.floorVsix) await installExtension(editor, dirs, options.floorVsix);
  const server = await startCodeServer(editor, dirs, {
    ...(options.settings ? { settings: options.settings } : {}),
    env: {
      ...options.env,
      // No TOPCALLS_TEST: activate() runs as it does for users.
      TOPCALLS_BENCH: options.mode ?? '1',
      TOPCALLS_TEST_TAG: TAG,
      TOPCALLS_TEST_TIMEOUT: String(options.timeoutMs),
      TOPCALLS_TEST_EDITOR: editor.id,
      TOPCALLS_TEST_RUN_DIR: dirs.runDir,
      TOPCALLS_PROJECT_ROOT: ROOT,
    },
  });
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    browser = await launchBrowser({ profileDir: dirs.browserProfileDir });
    const authority = await server.remoteAuthority();
    const remote = (p: string): string => `vscode-remote://${authority}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionDir)],
      ['extensionTestsPath', remote(testsIndex)],
      ['skipWelcome', 'true'],
    ];
    const { page } = browser;
    await enableSmokeTestDriver(page);
    let found: T | undefined;
    let onExit: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (onExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: unknown) => onExit(Number(code)));
    const workbenchLog = fs.createWriteStream(path.join(dirs.runDir, 'workbench.log'));
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      const text = Array.isArray(args) ? args.map(format).join(' ') : format(args);
      if (!text.startsWith(TAG)) {
        workbenchLog.write(`[${String(type)}] ${text}\n`);
        return;
      }
      for (const line of text.slice(TAG.length).split('\n')) {
        if (line.startsWith(BENCH_PREFIX)) found = JSON.parse(line.slice(BENCH_PREFIX.length)) as T;
        else if (line.startsWith(PROGRESS_PREFIX)) options.log(line.slice(PROGRESS_PREFIX.length));
        else if (line.startsWith(RESULT_PREFIX) || /failing|passing|Error|✔|\d+\)/.test(line)) options.log(line.trim());
      }
    });
    await page.goto(server.workbenchUrl({ payload: JSON.stringify(payload) }), { waitUntil: 'domcontentloaded' });
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs)))]);
    clearTimeout(timer);
    workbenchLog.end();
    if (!found) {
      throw new Error(outcome === 'timeout' ? `no result within ${options.timeoutMs} ms (run folder ${dirs.runDir})` : `the test host exited (${outcome}) without a TOPCALLS_BENCH line (run folder ${dirs.runDir})`);
    }
    return found;
  } finally {
    await browser?.close();
    await server.stop();
  }
}
