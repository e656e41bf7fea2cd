// startSandbox(): a TopCalls-compatible leads API on 127.0.0.1 (node:http), for demos and tests.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleApi, resolveScope } from './api';
import { checkRequest, checkResponse } from './conformance';
import { contract } from './contract';
import { handleControl } from './control';
import { FaultList, applyFault, type Fault, type FaultOutcome } from './faults';
import { JSON_TYPE, MAX_BODY_BYTES, PROBLEM_TYPE, problem, type ApiResponse } from './http';
import { generateLeads } from './seed';
import { LeadStore } from './store';
import { ViolationLog, type ContractViolation } from './violations';

export type { Fault } from './faults';
export type { ContractViolation } from './violations';
export { LeadStore } from './store';

export interface SandboxOptions {
  /** 0 (default) = a random free port. The host is always 127.0.0.1. */
  port?: number;
  /** Full-access bearer token; default 'tc_test_' + random hex. */
  token?: string;
  /** A token without the leads:write scope: its writes answer 403. */
  readOnlyToken?: string;
  /** Seeded sample leads, default 250, at most 100_000. */
  leads?: number;
  /** Same seed, same leads (default 1). */
  seed?: number;
  /**
   * Also check every response the sandbox makes itself (not those a fault makes or rewrites)
   * against the contract, recording each mismatch as a `response` violation. For the sandbox's
   * own tests: leads planted with store.put() need not conform, so their responses would not.
   */
  checkResponses?: boolean;
  /**
   * The network profile (npm run bench): every /v1 request is answered `ms` ± `jitterMs`
   * (uniform) after it arrived, as an API across the internet would. It counts as in flight
   * meanwhile. Off by default: tests get localhost speed.
   */
  latency?: Latency;
}

export interface Latency {
  ms: number;
  jitterMs: number;
}

export interface RecordedRequest {
  method: string;
  /** The pathname, without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON, else the raw text; undefined when empty (or over the size limit). */
  body: unknown;
  /** Whether it carried a valid token (full or read-only). The token itself is never stored. */
  authorized: boolean;
  /** The status answered; 0 while pending, or when a drop fault destroyed the socket. */
  status: number;
  at: number;
}

export interface Sandbox {
  url: string;
  token: string;
  readOnlyToken?: string;
  close(): Promise<void>;
  /** Every /v1 (non-control) request received, in order, including those answered by faults. */
  requests: RecordedRequest[];
  clearRequests(): void;
  /** /v1 requests being handled right now (from arrival until answered or dropped). */
  readonly inFlight: number;
  /** The most /v1 requests handled at once since start, clearRequests() or reset(). */
  readonly peakInFlight: number;
  /**
   * Requests that did not conform to the contract (each a client bug, whatever the sandbox
   * answered) and, with checkResponses, responses that did not. Kept by clearRequests() and
   * reset(): only takeViolations() empties it.
   */
  readonly violations: readonly ContractViolation[];
  takeViolations(): ContractViolation[];
  inject(fault: Fault): void;
  clearFaults(): void;
  store: LeadStore;
  /** Re-seed (default: the options given to startSandbox), and clear the faults and the request log. */
  reset(opts?: { leads?: number; seed?: number }): void;
}

export const MAX_SEEDED_LEADS = 100_000;

function checkLatency(latency: Latency | undefined): Latency | undefined {
  if (latency === undefined) return undefined;
  const { ms, jitterMs } = latency;
  if (!(Number.isFinite(ms) && Number.isFinite(jitterMs) && jitterMs >= 0 && ms - jitterMs >= 0)) {
    throw new RangeError(`latency must be ms >= jitterMs >= 0, got ${ms} ± ${jitterMs}`);
  }
  return latency;
}

/** One request's delay: uniform in [ms - jitter, ms + jitter]. */
const delayFor = (latency: Latency): number => latency.ms - latency.jitterMs + Math.random() * 2 * latency.jitterMs;

function checkCount(leads: number): number {
  if (!Number.isInteger(leads) || leads < 0 || leads > MAX_SEEDED_LEADS) {
    throw new RangeError(`leads must be an integer from 0 to ${MAX_SEEDED_LEADS}, got ${leads}`);
  }
  return leads;
}

/** The body as text, or tooLarge (the rest is read and discarded, so the 413 can be delivered). */
function readBody(req: IncomingMessage): Promise<{ text: string | undefined; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) resolve({ text: undefined, tooLarge: true });
      else resolve({ text: size === 0 ? undefined : Buffer.concat(chunks).toString('utf8'), tooLarge: false });
    });
    req.on('error', reject);
  });
}

function forLog(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(res: ServerResponse, response: ApiResponse, requestId: string): void {
  const headers: Record<string, string> = { 'X-Request-Id': requestId, ...response.headers };
  let body: string | undefined;
  if (response.json !== undefined) {
    body = JSON.stringify(response.json);
    headers['Content-Type'] = response.problem ? PROBLEM_TYPE : JSON_TYPE;
  } else if (response.text !== undefined) {
    body = response.text;
    headers['Content-Type'] = response.contentType ?? 'text/plain; charset=utf-8';
  }
  res.writeHead(response.status, headers);
  res.end(body);
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  // Compiled now rather than on the first request: a broken contract fails the start, and no request waits.
  contract();
  const token = opts.token ?? `tc_test_${randomBytes(16).toString('hex')}`;
  const readOnlyToken = opts.readOnlyToken;
  const seedOpts = { leads: checkCount(opts.leads ?? 250), seed: opts.seed ?? 1 };
  const latency = checkLatency(opts.latency);
  const store = new LeadStore(generateLeads(seedOpts.leads, seedOpts.seed));
  const faults = new FaultList();
  const requests: RecordedRequest[] = [];
  const violations = new ViolationLog();
  const sockets = new Set<Socket>();

  let inFlight = 0;
  let peakInFlight = 0;
  const clearRequests = (): void => {
    requests.length = 0;
    peakInFlight = inFlight;
  };
  const reset = (next: { leads?: number; seed?: number } = {}): void => {
    store.load(generateLeads(checkCount(next.leads ?? seedOpts.leads), next.seed ?? seedOpts.seed));
    faults.clear();
    clearRequests();
  };
  const control = {
    store,
    requests,
    clearRequests,
    inject: (fault: Fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    reset,
    concurrency: () => ({ inFlight, peakInFlight }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_${randomBytes(8).toString('hex')}`;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) {
      const { text } = await readBody(req);
      send(res, handleControl(control, method, url.pathname, text), requestId);
      return;
    }
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    try {
      if (latency) await new Promise((resolve) => setTimeout(resolve, delayFor(latency)));
      await handleApiRequest(req, res, url, method, requestId);
    } finally {
      inFlight--;
    }
  }

  async function handleApiRequest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    requestId: string,
  ): Promise<void> {
    const { text, tooLarge } = await readBody(req);

    const scope = resolveScope(req.headers.authorization, { token, readOnlyToken });
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: forLog(text),
      authorized: scope !== null,
      status: 0,
      at: Date.now(),
    };
    requests.push(record);

    const check = checkRequest({
      method,
      pathname: url.pathname,
      query: record.query,
      contentType: req.headers['content-type'],
      rawBody: text,
      tooLarge,
    });
    const violation = (side: ContractViolation['side'], body: unknown, status: number, errors: string[]): ContractViolation => ({
      side, requestId, method, path: url.pathname, query: record.query, body, status, errors,
    });
    const run = (): ApiResponse => {
      const response = tooLarge
        ? problem(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes`)
        : handleApi(store, method, scope, check);
      if (opts.checkResponses && check.operation) {
        const errors = checkResponse(check.operation, response);
        if (errors.length > 0) violations.add(violation('response', response.json ?? response.text, response.status, errors));
      }
      return response;
    };
    const fault = faults.take(method, url.pathname);
    const outcome: FaultOutcome = fault ? await applyFault(fault, run) : run();
    if (outcome !== 'drop') record.status = outcome.status;
    if (check.violations.length > 0) violations.add(violation('request', record.body, record.status, check.violations));
    if (outcome === 'drop') {
      req.socket.destroy();
      return;
    }
    send(res, outcome, requestId);
  }

  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      send(res, problem(500, 'internal_error', `Sandbox error: ${(error as Error)?.message ?? String(error)}`), 'req_error');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    ...(readOnlyToken !== undefined ? { readOnlyToken } : {}),
    requests,
    clearRequests,
    get inFlight() {
      return inFlight;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    get violations() {
      return violations.all;
    },
    takeViolations: () => violations.take(),
    inject: control.inject,
    clearFaults: control.clearFaults,
    store,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        faults.clear();
        violations.close();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}
