// Packages the extension as dist/topcalls-leads.vsix with `npm run package`
// (vsce package --no-dependencies; its vscode:prepublish builds the production bundles).
import * as path from 'node:path';
import { ROOT, run, step } from './util';

export const VSIX = path.join(ROOT, 'dist', 'topcalls-leads.vsix');

export async function packageVsix(): Promise<string> {
  await step('package .vsix (npm run package)', () =>
    run('npm', ['run', '--silent', 'package'], { capture: true, env: { ...process.env, CI: process.env.CI ?? '1' } }),
  );
  return VSIX;
}
