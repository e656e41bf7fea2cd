// One sandbox in its own process, so the server's work (and its 100,000 leads in memory)
// neither shares the benchmark's event loop nor counts in its heap. Prints one JSON line
// `{ "url", "token", "leads", "byStatus" }` once listening; exits when its parent disconnects, its
// stdin closes, or on SIGTERM/SIGINT. Only ever binds 127.0.0.1 (startSandbox does).
//   tsx bench/sandboxHost.ts --leads 10000 [--latency 80 --jitter 20]
import { startSandbox } from '../test/sandbox';

async function main(): Promise<void> {
  const arg = (name: string): number | undefined => {
    const at = process.argv.indexOf(`--${name}`);
    return at >= 0 ? Number(process.argv[at + 1]) : undefined;
  };
  const latency = arg('latency');
  const sandbox = await startSandbox({ leads: arg('leads') ?? 10_000, seed: 1, ...(latency !== undefined ? { latency: { ms: latency, jitterMs: arg('jitter') ?? 0 } } : {}) });
  let closing = false;
  const close = (): void => {
    if (closing) return;
    closing = true;
    sandbox.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
  process.on('disconnect', close);
  process.stdin.on('end', close);
  process.stdin.on('close', close);
  process.stdin.resume();
  // The leads of each status, for the floor of an export grouped by status: pages per cursor.
  const byStatus: Record<string, number> = {};
  for (const lead of sandbox.store.all()) byStatus[String(lead.status)] = (byStatus[String(lead.status)] ?? 0) + 1;
  process.stdout.write(`${JSON.stringify({ url: sandbox.url, token: sandbox.token, leads: sandbox.store.size, byStatus })}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
