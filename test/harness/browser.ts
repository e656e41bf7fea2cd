// Debian's Chromium driven by playwright-core. Never `playwright install` (it downloads
// a browser, which this network refuses).
import * as fs from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.TOPCALLS_CHROMIUM ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium hammers the closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Fresh, empty folder for the profile (Playwright rejects --user-data-dir in args). */
  profileDir: string;
  headless?: boolean;
  viewport?: { width: number; height: number };
  /** Print page errors / console errors to our stdout. */
  echoConsoleErrors?: boolean;
}

export async function launchBrowser(options: LaunchOptions): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: run \`npm run provision\` (installs Debian's chromium)`);
  }
  const context = await chromium.launchPersistentContext(options.profileDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? process.env.TOPCALLS_HEADED !== '1',
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1400, height: 900 },
    ignoreHTTPSErrors: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  if (options.echoConsoleErrors) {
    page.on('pageerror', (error) => process.stdout.write(`[page error] ${error.message}\n`));
  }
  let closed = false;
  return {
    context,
    page,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
    },
  };
}

/**
 * VS Code 1.139 honours the `payload` URL parameter (extensionDevelopmentPath,
 * extensionTestsPath) only with developmentOptions.enableSmokeTestDriver in the workbench
 * configuration <meta>. Set it from an init script, before the workbench reads it
 * (rewriting the HTML with page.route breaks the remote WebSocket). Harmless on 1.100.
 */
export async function enableSmokeTestDriver(page: Page): Promise<void> {
  // A string, not a function: the root tsconfig has no DOM lib.
  await page.addInitScript({
    content: `(() => {
      const ID = 'vscode-workbench-web-configuration';
      const patch = () => {
        const meta = document.getElementById(ID);
        const raw = meta && meta.getAttribute('data-settings');
        if (!meta || !raw) return false;
        const settings = JSON.parse(raw);
        settings.developmentOptions = Object.assign({}, settings.developmentOptions, { enableSmokeTestDriver: true });
        meta.setAttribute('data-settings', JSON.stringify(settings));
        return true;
      };
      if (patch()) return;
      const observer = new MutationObserver(() => { if (patch()) observer.disconnect(); });
      observer.observe(document, { childList: true, subtree: true });
    })();`,
  });
}
