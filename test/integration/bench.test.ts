// In-editor half of `npm run bench`: activation, in a fresh window. Registers nothing unless
// TOPCALLS_BENCH=1, so `npm test` / `npm run test:integration` never run it. bench/editor.ts
// runs it in a fresh code-server window per run and reads the `TOPCALLS_BENCH {json}` line
// it prints. It measures and reports; it asserts nothing about time.
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support';
import type { EditorWindowResult } from '../../bench/editor';
import { BASELINE_EXTENSION_ID } from '../../bench/floor';

const BENCH_PREFIX = 'TOPCALLS_BENCH ';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `await extension.activate()` as the host runs it: loading its main module, activate(), its await. */
async function timeActivation(extension: vscode.Extension<unknown>): Promise<number> {
  const started = performance.now();
  await extension.activate();
  return performance.now() - started;
}

if (process.env.TOPCALLS_BENCH === '1') {
  describe('Benchmark (TOPCALLS_BENCH=1)', function () {
    this.timeout(60_000);
    const result: EditorWindowResult = { vscodeVersion: vscode.version, activation: {} };

    after(() => {
      console.log(`${BENCH_PREFIX}${JSON.stringify(result)}`);
    });

    it('activation on a fresh window, and a do-nothing extension after it', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      const floor = vscode.extensions.getExtension(BASELINE_EXTENSION_ID);
      if (!extension || !floor) {
        result.activation.error = `${extension ? BASELINE_EXTENSION_ID : EXTENSION_ID} is not installed`;
        return;
      }
      result.activation.alreadyActive = extension.isActive || floor.isActive;
      // Let the window's own start-up work (built-in extensions activating on '*') settle first:
      // after only 1 s, windows on a 2-core machine were still busy and activations spread 13-90 ms.
      await sleep(3_000);
      result.activation.ms = await timeActivation(extension);
      // After ours, so that any first-activation cost of the window is counted against us.
      result.activation.baselineMs = await timeActivation(floor);
    });
  });
}
