// @vscode/test-cli configuration (`npm run test:electron`): runs the same compiled
// in-editor suite as `npm run test:integration`, but in desktop VS Code downloaded by
// @vscode/test-electron. That download needs update.code.visualstudio.com, so it only
// works on machines with the internet (a contributor's desktop, public CI), not here.
// Build first: `npm run pretest:electron` (tsx test/harness/buildTests.ts) bundles
// test/integration/**/*.test.ts into out/test/integration/.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig([
  {
    label: 'integration',
    files: 'out/test/integration/**/*.test.js',
    version: process.env.VSCODE_TEST_VERSION ?? '1.100.0',
    extensionDevelopmentPath: import.meta.dirname,
    launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    env: { TOPCALLS_TEST: '1', TOPCALLS_PROJECT_ROOT: import.meta.dirname },
    mocha: { ui: 'bdd', timeout: 20000, color: true, forbidOnly: true, forbidPending: true },
  },
]);
