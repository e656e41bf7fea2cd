// The floor of figure 6: an extension whose activate() does nothing, installed next to ours
// in the benchmark's editor windows (test/integration/bench.test.ts activates it after ours).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BASELINE_EXTENSION_ID = 'topcalls-bench.activation-floor';

/** Writes the extension (a one-line main, no dependencies) into dir; returns dir. */
export function writeBaselineExtension(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const [publisher, name] = BASELINE_EXTENSION_ID.split('.');
  const manifest = { name, publisher, version: '0.0.0', engines: { vscode: '^1.100.0' }, main: './extension.js', activationEvents: [] };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), 'exports.activate = () => {};\n');
  return dir;
}
