// Runs test/integration/bench.test.ts (activation) in the real editor: one fresh
// code-server + headless Chromium window per run, the extension loaded from the unpacked
// .vsix (exactly what ships, immune to someone rebuilding dist/ meanwhile), TOPCALLS_BENCH=1.
// Everything binds 127.0.0.1; code-server's process group and the browser are stopped in
// `finally`, and test/harness/util kills any group still alive if we are interrupted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Editor } from '../scripts/provision-editor';
import { enableSmokeTestDriver, launchBrowser } from '../test/harness/browser';
import { createRunDirs, installExtension, startCodeServer } from '../test/harness/codeServer';
import { ROOT } from '../test/harness/util';

const TAG = '[[tc]] ';
const BENCH_PREFIX = 'TOPCALLS_BENCH ';
const RESULT_PREFIX = 'TOPCALLS_RESULT ';

/** One window's figures, as test/integration/bench.test.ts prints them. */
export interface EditorWindowResult {
  vscodeVersion: string;
  /** baselineMs: the same, in the same window, for an extension whose activate() does nothing (the floor). */
  activation: { ms?: number; alreadyActive?: boolean; error?: string; baselineMs?: number };
}

/** Bundles test/integration/index.ts + bench.test.ts into outDir (out/bench/editor; out/test/integration belongs to the test build). */
export async function buildEditorBench(outDir: string): Promise<string> {
  fs.rmSync(outDir, { recursive: true, force: true });
  const src = path.join(ROOT, 'test', 'integration');
  await esbuild.build({
    entryPoints: [path.join(src, 'index.ts'), path.join(src, 'bench.test.ts')],
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

/** One fresh window: returns what the bench test printed, or throws. */
export async function runEditorWindow(
  editor: Editor,
  extensionDir: string,
  testsIndex: string,
  options: { timeoutMs: number; floorVsix: string; log: (line: string) => void },
): Promise<EditorWindowResult> {
  const dirs = createRunDirs(`bench-${editor.id}`, 4);
  // Installed, not a second extensionDevelopmentPath: the web workbench takes only one.
  await installExtension(editor, dirs, options.floorVsix);
  const server = await startCodeServer(editor, dirs, {
    env: {
      // No TOPCALLS_TEST: activate() runs as it does for users.
      TOPCALLS_BENCH: '1',
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
    let found: EditorWindowResult | undefined;
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
        if (line.startsWith(BENCH_PREFIX)) found = JSON.parse(line.slice(BENCH_PREFIX.length)) as EditorWindowResult;
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
