// Starts code-server (a real VS Code workbench + Node extension host) for one test run:
// fresh user-data/extensions/XDG/TMPDIR folders under .vscode-test/runs/<run>/, quiet
// settings, a dead extension gallery, --auth none on 127.0.0.1 with a free port. It runs
// in its own process group, and stop() kills the whole group (the extension host too).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Editor } from '../../scripts/provision-editor';
import { CACHE_DIR, freePort, log, run, sleep, spawnGroup, stopGroup, writeJson } from './util';

export const RUNS_DIR = path.join(CACHE_DIR, 'runs');

/** User settings that keep the workbench quiet and offline. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  // The web build saves every document a second after each edit; desktop VS Code, where the
  // extension's users are, does not. The lead form's save, dirty state and failures are tested as they have them.
  'files.autoSave': 'off',
};

/** Marketplace on a dead port: gallery calls fail at once instead of resolving names. */
const DEAD_GALLERY = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/gallery',
  itemUrl: 'http://127.0.0.1:9/item',
  resourceUrlTemplate: 'http://127.0.0.1:9/resource/{publisher}/{name}/{version}/{path}',
  controlUrl: '',
  nlsBaseUrl: '',
});

export interface RunDirs {
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  /** An empty folder opened as the workspace. */
  workspaceDir: string;
  /** Chromium profile for this run. */
  browserProfileDir: string;
  logFile: string;
  configFile: string;
  xdgConfig: string;
  xdgData: string;
  xdgCache: string;
  tmpDir: string;
}

/** Creates .vscode-test/runs/<name>-<time>/ with everything a run writes; keeps the last few runs. */
export function createRunDirs(name: string, keep = 6): RunDirs {
  fs.mkdirSync(RUNS_DIR, { recursive: true });
  pruneRuns(name, keep - 1);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  let runDir = path.join(RUNS_DIR, `${name}-${stamp}`);
  for (let i = 2; fs.existsSync(runDir); i++) runDir = path.join(RUNS_DIR, `${name}-${stamp}-${i}`);
  // Unix socket paths (TMPDIR/vscode-ipc-<uuid>.sock) must stay under 107 bytes.
  const localTmp = path.join(runDir, 'tmp');
  const tmpDir = localTmp.length <= 54 ? localTmp : fs.mkdtempSync(path.join(os.tmpdir(), 'tcvs-'));
  const dirs: RunDirs = {
    runDir,
    userDataDir: path.join(runDir, 'user-data'),
    extensionsDir: path.join(runDir, 'extensions'),
    workspaceDir: path.join(runDir, 'workspace'),
    browserProfileDir: path.join(runDir, 'browser-profile'),
    logFile: path.join(runDir, 'code-server.log'),
    configFile: path.join(runDir, 'config.yaml'),
    xdgConfig: path.join(runDir, 'xdg', 'config'),
    xdgData: path.join(runDir, 'xdg', 'data'),
    xdgCache: path.join(runDir, 'xdg', 'cache'),
    tmpDir,
  };
  for (const d of [
    dirs.userDataDir,
    dirs.extensionsDir,
    dirs.workspaceDir,
    dirs.browserProfileDir,
    dirs.xdgConfig,
    dirs.xdgData,
    dirs.xdgCache,
    dirs.tmpDir,
  ]) {
    fs.mkdirSync(d, { recursive: true });
  }
  return dirs;
}

function pruneRuns(name: string, keep: number): void {
  const prefix = `${name}-`;
  const old = fs
    .readdirSync(RUNS_DIR)
    .filter((d) => d.startsWith(prefix) && /^\d{8}-/.test(d.slice(prefix.length)))
    .sort();
  for (const d of old.slice(0, Math.max(0, old.length - keep))) {
    fs.rmSync(path.join(RUNS_DIR, d), { recursive: true, force: true });
  }
}

/** Environment for code-server (its extension host inherits it). */
export function codeServerEnv(editor: Editor, dirs: RunDirs, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Don't leak the harness's own loader (tsx) or npm's script context into the editor.
  if (env.NODE_OPTIONS?.includes('tsx')) delete env.NODE_OPTIONS;
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  return {
    ...env,
    ...editor.env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmpDir,
    EXTENSIONS_GALLERY: DEAD_GALLERY,
    ...extra,
  };
}

/**
 * Writes <user-data>/User/settings.json (quiet defaults + `settings`): where a user puts
 * `topcalls.*`. code-server is a remote window, so this also proves the settings reach an
 * extension host that runs on the remote.
 */
export function writeUserSettings(dirs: RunDirs, settings: Record<string, unknown> = {}): void {
  writeJson(path.join(dirs.userDataDir, 'User', 'settings.json'), { ...QUIET_SETTINGS, ...settings });
}

function baseArgs(dirs: RunDirs): string[] {
  return ['--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
}

/** `code-server --install-extension <vsix>` into this run's extensions folder. */
export async function installExtension(editor: Editor, dirs: RunDirs, vsix: string): Promise<void> {
  const { output } = await run(
    editor.nodeBin,
    [editor.codeServerEntry, ...baseArgs(dirs), '--config', dirs.configFile, '--install-extension', vsix, '--force'],
    { env: codeServerEnv(editor, dirs), capture: true },
  );
  if (!/was successfully installed|is already installed/i.test(output)) {
    throw new Error(`installing ${vsix} failed:\n${output}`);
  }
}

export interface StartOptions {
  /** Extra environment for code-server and so for the extension host (e.g. TOPCALLS_TEST=1). */
  env?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  port?: number;
  /** Also copy code-server's output to our stdout. */
  echo?: boolean;
  healthTimeoutMs?: number;
}

export interface CodeServer {
  editor: Editor;
  dirs: RunDirs;
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  pid: number;
  /** URL that opens the workspace folder (plus optional extra query). */
  workbenchUrl(query?: Record<string, string>): string;
  /** remoteAuthority from the workbench configuration (for vscode-remote:// URIs). */
  remoteAuthority(): Promise<string>;
  /** The last lines code-server printed. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export async function startCodeServer(editor: Editor, dirs: RunDirs, options: StartOptions = {}): Promise<CodeServer> {
  const port = options.port ?? (await freePort());
  const bind = `127.0.0.1:${port}`;
  fs.writeFileSync(dirs.configFile, `bind-addr: ${bind}\nauth: none\ncert: false\n`);
  if (!fs.existsSync(path.join(dirs.userDataDir, 'User', 'settings.json')) || options.settings) {
    writeUserSettings(dirs, options.settings);
  }
  const args = [
    editor.codeServerEntry,
    '--config',
    dirs.configFile,
    '--auth',
    'none',
    '--bind-addr',
    bind,
    ...baseArgs(dirs),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const child = spawnGroup(editor.nodeBin, args, {
    cwd: dirs.workspaceDir,
    env: codeServerEnv(editor, dirs, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logStream = fs.createWriteStream(dirs.logFile, { flags: 'a' });
  let exited: string | undefined;
  const pipe = (chunk: Buffer) => {
    logStream.write(chunk);
    if (options.echo) process.stdout.write(chunk);
  };
  child.stdout?.on('data', pipe);
  child.stderr?.on('data', pipe);
  child.on('exit', (code, signal) => (exited = `code-server exited (${code ?? signal})`));
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');

  const url = `http://${bind}`;
  const logTail = (lines = 40) => {
    try {
      return fs.readFileSync(dirs.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopGroup(pid);
    await new Promise<void>((resolve) => logStream.end(resolve));
    if (!dirs.tmpDir.startsWith(dirs.runDir)) fs.rmSync(dirs.tmpDir, { recursive: true, force: true });
  };

  // Wait for /healthz.
  const deadline = Date.now() + (options.healthTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`${exited} before it was healthy; log ${dirs.logFile}:\n${logTail()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server not healthy after ${options.healthTimeoutMs ?? 60_000} ms; log:\n${logTail()}`);
    }
    await sleep(200);
  }
  log(`code-server ${editor.codeServerVersion} (VS Code ${editor.version}) on ${url}, pgid ${pid}, run ${dirs.runDir}`);

  let authority: string | undefined;
  return {
    editor,
    dirs,
    port,
    url,
    pid,
    workbenchUrl(query = {}) {
      const params = new URLSearchParams({ folder: dirs.workspaceDir, ...query });
      return `${url}/?${params.toString()}`;
    },
    async remoteAuthority() {
      if (authority) return authority;
      const html = await (await fetch(`${url}/?folder=${encodeURIComponent(dirs.workspaceDir)}`)).text();
      const settings = workbenchSettingsFromHtml(html);
      const value = settings?.remoteAuthority;
      if (typeof value !== 'string') throw new Error('no remoteAuthority in the workbench configuration');
      authority = value;
      return value;
    },
    logTail,
    stop,
  };
}

/** Parses <meta id="vscode-workbench-web-configuration" data-settings="..."> out of the page. */
export function workbenchSettingsFromHtml(html: string): Record<string, unknown> | undefined {
  const meta = /<meta[^>]*id="vscode-workbench-web-configuration"[^>]*>/.exec(html)?.[0];
  const raw = meta && /data-settings="([^"]*)"/.exec(meta)?.[1];
  if (!raw) return undefined;
  const decoded = raw
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return JSON.parse(decoded) as Record<string, unknown>;
}
