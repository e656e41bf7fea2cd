// Small process/timing helpers shared by the editor harness and the scripts in scripts/.
// No dependencies beyond Node itself.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root (the folder holding package.json). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Git-ignored cache for editors, run folders and the like. */
export const CACHE_DIR = path.join(ROOT, '.vscode-test');

export function log(message: string): void {
  process.stdout.write(`[harness] ${message}\n`);
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Runs `fn`, printing the step's name before and its duration after. */
export async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  log(`${name} ...`);
  try {
    const result = await fn();
    log(`${name}: done in ${formatMs(Date.now() - started)}`);
    return result;
  } catch (error) {
    log(`${name}: FAILED after ${formatMs(Date.now() - started)}`);
    throw error;
  }
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Pipe output into the returned string instead of inheriting the terminal. */
  capture?: boolean;
  /** Capture the output and also copy it to ours as it comes. */
  tee?: boolean;
  /** Don't throw on a non-zero exit. */
  allowFailure?: boolean;
}

export interface RunResult {
  code: number;
  output: string;
}

/** Runs a command to completion (in its own process group, killed with us on SIGINT). */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: options.capture || options.tee ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      detached: true,
    });
    const untrack = trackGroup(child);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (options.tee) process.stdout.write(d);
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
      if (options.tee) process.stderr.write(d);
    });
    child.on('error', (error) => {
      untrack();
      reject(error);
    });
    child.on('close', (code, signal) => {
      untrack();
      const exit = code ?? (signal ? 128 : 1);
      if (exit !== 0 && !options.allowFailure) {
        const tail = options.capture ? `\n${output.slice(-4000)}` : '';
        reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}${tail}`));
      } else {
        resolve({ code: exit, output });
      }
    });
  });
}

// ---- process groups ---------------------------------------------------------------

const liveGroups = new Set<number>();
let handlersInstalled = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onSignal = (signal: NodeJS.Signals) => {
    killAllGroups('SIGTERM');
    // Give the groups a moment, then make sure.
    setTimeout(() => {
      killAllGroups('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }, 1500).unref();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.on('exit', () => killAllGroups('SIGKILL'));
}

/** Remembers a detached child's group so that it dies with us (exit, SIGINT, SIGTERM). */
export function trackGroup(child: ChildProcess): () => void {
  installSignalHandlers();
  const pid = child.pid;
  if (pid === undefined) return () => {};
  liveGroups.add(pid);
  return () => liveGroups.delete(pid);
}

export function killAllGroups(signal: NodeJS.Signals): void {
  for (const pgid of liveGroups) killGroup(pgid, signal);
}

/** Sends `signal` to the whole process group `pgid`; ignores groups that are gone. */
export function killGroup(pgid: number, signal: NodeJS.Signals = 'SIGTERM'): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the group, wait up to `graceMs`, then SIGKILL whatever is left. */
export async function stopGroup(pgid: number, graceMs = 3000): Promise<void> {
  if (!killGroup(pgid, 'SIGTERM')) {
    liveGroups.delete(pgid);
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pgid)) await sleep(100);
  if (groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
  liveGroups.delete(pgid);
}

/** Spawns a long-running child as the leader of a new process group (setsid-like). */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  trackGroup(child);
  return child;
}

// ---- misc ---------------------------------------------------------------------------

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not get a free port'));
      });
    });
  });
}

/** True when something accepts connections on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Parses `--name value` / `--name=value` from argv. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === `--${name}`) return argv[i + 1];
    if (arg?.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

export function isMain(importMetaUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && path.resolve(script) === fileURLToPath(importMetaUrl);
}
