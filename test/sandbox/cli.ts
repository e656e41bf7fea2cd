// npm run sandbox [-- --port 3000 --leads 250 --seed 1 --token X --read-only-token Y --latency 80 --jitter 20]
import { parseArgs } from 'node:util';
import { startSandbox } from './server';

const USAGE =
  'Usage: npm run sandbox -- [--port 3000] [--leads 250] [--seed 1] [--token X] [--read-only-token Y] [--latency 80 [--jitter 20]]';

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    console.error(`--${name} must be a non-negative integer, got "${value}"\n${USAGE}`);
    process.exit(2);
  }
  return Number(value);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        leads: { type: 'string' },
        seed: { type: 'string' },
        token: { type: 'string' },
        'read-only-token': { type: 'string' },
        latency: { type: 'string' },
        jitter: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const port = intOption('port', values.port);
  const leads = intOption('leads', values.leads);
  const seed = intOption('seed', values.seed);
  const latency = intOption('latency', values.latency);
  const jitter = intOption('jitter', values.jitter) ?? 0;
  const sandbox = await startSandbox({
    ...(port !== undefined ? { port } : {}),
    ...(leads !== undefined ? { leads } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.token !== undefined ? { token: values.token } : {}),
    ...(values['read-only-token'] !== undefined ? { readOnlyToken: values['read-only-token'] } : {}),
    ...(latency !== undefined ? { latency: { ms: latency, jitterMs: jitter } } : {}),
  });

  console.log(`TopCalls sandbox listening on ${sandbox.url} with ${sandbox.store.size} leads`);
  console.log(`Token:           ${sandbox.token}`);
  if (latency !== undefined) console.log(`Latency:         every /v1 answer after ${latency} ms ± ${jitter} ms`);
  if (sandbox.readOnlyToken) console.log(`Read-only token: ${sandbox.readOnlyToken}`);
  console.log(`Try:             curl -H "Authorization: Bearer ${sandbox.token}" ${sandbox.url}/v1/leads?limit=2`);
  console.log(
    'Control routes (no auth, for tests): GET|DELETE /_sandbox/requests, POST|GET|DELETE /_sandbox/faults,\n' +
      '  POST /_sandbox/reset, POST /_sandbox/leads, GET|DELETE /_sandbox/leads/{id}, GET /_sandbox/stats',
  );
  console.log('Press Ctrl+C to stop.');

  const stop = (): void => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
