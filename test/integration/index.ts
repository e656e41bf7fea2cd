// Test entry point loaded by the extension host (extensionTestsPath), in code-server
// (npm run test:integration) and in desktop VS Code via @vscode/test-electron. Runs
// Mocha (bdd: describe/it) over the compiled *.test.js files next to this file.
// Zero tests is a failure. The last line it prints, `TOPCALLS_RESULT {json}`, is the
// structured result the harness reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export const RESULT_PREFIX = 'TOPCALLS_RESULT ';

/**
 * In code-server the extension host's console reaches the harness through the workbench
 * log (codeAutomationLog), mixed with the workbench's own messages and with printf-style
 * arguments left unformatted. When the harness sets TOPCALLS_TEST_TAG, format every
 * console message here and prefix it with that tag so the harness can tell them apart.
 */
function tagConsole(tag: string): void {
  let consoleTagged = true;
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    const tagged = (...args: unknown[]) => original(tag + format(...args));
    try {
      // VS Code's console forwarder installs these as getters with a no-op setter, so a
      // plain assignment would be silently ignored.
      Object.defineProperty(console, method, { value: tagged, configurable: true, writable: true });
    } catch {
      consoleTagged = false;
    }
    if (console[method] !== tagged) consoleTagged = false;
  }
  // Mocha's reporters print through Base.consoleLog.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  base.consoleLog = consoleTagged
    ? (...args: unknown[]) => console.log(...args)
    : (...args: unknown[]) => console.log(tag + format(...args));
}

function testFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

export async function run(): Promise<void> {
  const tag = process.env.TOPCALLS_TEST_TAG;
  if (tag) tagConsole(tag);
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.TOPCALLS_TEST_TIMEOUT ?? 20_000),
    failZero: true,
    // A stray .only or a skipped test must not leave a green run that tested less.
    forbidOnly: true,
    forbidPending: true,
    ...(process.env.TOPCALLS_TEST_GREP ? { grep: process.env.TOPCALLS_TEST_GREP } : {}),
  });
  const files = testFiles(__dirname);
  for (const file of files) mocha.addFile(file);

  const started = Date.now();
  const stats = await new Promise<{ passed: number; failed: number; pending: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        resolve({
          passed: runner.stats?.passes ?? 0,
          failed: runner.stats?.failures ?? 0,
          pending: runner.stats?.pending ?? 0,
        });
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  console.log(
    `${RESULT_PREFIX}${JSON.stringify({ ...stats, files: files.length, durationMs: Date.now() - started })}`,
  );
  if (stats.failed > 0) throw new Error(`${stats.failed} test(s) failed`);
  if (stats.passed + stats.pending === 0) throw new Error('no tests ran');
  if (stats.passed === 0) throw new Error('no test passed (all pending)');
}
