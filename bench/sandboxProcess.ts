// A sandbox (bench/sandboxHost.ts) in its own process group, and its /_sandbox control routes:
// its work and its leads stay off the benchmark's event loop and heap, and what the server
// saw (requests, the most in flight at once) is read from the server itself.
import * as path from 'node:path';
import { ROOT, spawnGroup, stopGroup } from '../test/harness/util';
import type { Latency } from '../test/sandbox';

export interface SandboxProcess {
  url: string;
  token: string;
  /** The seeded leads of each status, counted by the sandbox at start. */
  byStatus: Record<string, number>;
  control<T>(method: string, route: string): Promise<T>;
  stop(): Promise<void>;
}

/** What the sandbox recorded of one /v1 request (test/sandbox/server.ts RecordedRequest). */
export interface SeenRequest {
  method: string;
  path: string;
}

export async function startSandboxProcess(leads: number, latency?: Latency): Promise<SandboxProcess> {
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const args = [tsx, path.join(ROOT, 'bench', 'sandboxHost.ts'), '--leads', String(leads)];
  if (latency) args.push('--latency', String(latency.ms), '--jitter', String(latency.jitterMs));
  const child = spawnGroup(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const pid = child.pid as number;
  const stop = async (): Promise<void> => {
    child.stdin?.end();
    await stopGroup(pid, 2_000);
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error('the sandbox did not start within 90 s')), 90_000);
      child.stdout?.on('data', (d: Buffer) => {
        buffer += d.toString();
        const nl = buffer.indexOf('\n');
        if (nl >= 0) {
          clearTimeout(timer);
          resolve(buffer.slice(0, nl));
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the sandbox exited (${code}) before listening`));
      });
    });
    const { url, token, byStatus } = JSON.parse(line) as { url: string; token: string; byStatus: Record<string, number> };
    if (!url.startsWith('http://127.0.0.1:')) throw new Error(`sandbox on ${url}, expected 127.0.0.1`);
    const control = async <T>(method: string, route: string): Promise<T> => {
      const response = await fetch(`${url}/_sandbox/${route}`, { method });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} /_sandbox/${route}: ${response.status} ${text.slice(0, 200)}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    return { url, token, byStatus, control, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
