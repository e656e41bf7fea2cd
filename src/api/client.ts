// The TopCalls leads API over HTTP. Free of `vscode` so it is unit-tested against the sandbox
// and measured by the benchmark exactly as the extension runs it.
//
// HTTP is Node's global `fetch`: well known, and in VS Code's extension host it follows the
// editor's proxy settings. A transport of our own over node:http saved under a millisecond a
// request on localhost, which an API across the internet (tens of ms a round trip) hides.
import type { z } from 'zod/mini';
import { tokenProblem } from '../auth/tokenChars';
import { ApiError, problemFieldErrors } from './errors';
import { parseRetryAfter } from './retryAfter';
import type { BulkDeleteResult, BulkImport, BulkImportResult, Lead, LeadCreate, LeadCreated, LeadFilters, LeadPage, LeadPatch } from '../shared/schemas';

type Schemas = typeof import('../shared/schemas');
/**
 * zod and libphonenumber-js are slow to load: they come with the first request, not with the
 * extension. The promise is kept: a fresh import() per request costs more than parsing a page.
 */
let schemasLoading: Promise<Schemas> | undefined;
const loadSchemas = (): Promise<Schemas> => (schemasLoading ??= import('../shared/schemas'));

export interface RequestLogEntry {
  method: string;
  /** Path and query; never headers. */
  path: string;
  status?: number;
  outcome: 'ok' | 'error' | 'retry';
  durationMs: number;
  attempt: number;
  note?: string;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is reported to the caller instead of waited for. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 300, maxDelayMs: 5_000, maxRetryAfterMs: 30_000 };

/** Where a request goes and the token stored for exactly that place. */
export interface Credentials {
  baseUrl: string;
  token: string | undefined;
}

export interface ClientOptions {
  /**
   * Read once per request, so a settings change applies to the next one; the URL and its
   * token come together so that no request pairs one URL with another URL's token.
   */
  credentials: () => Promise<Credentials>;
  timeoutMs: () => number;
  /** The least a bulk transaction is waited for (BULK_MIN_TIMEOUT_MS unless given). */
  bulkMinTimeoutMs?: number;
  log?: (entry: RequestLogEntry) => void;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * Cancels what has not gone out yet: the wait before a retry (a 429's Retry-After, a
   * backoff) and the attempts after it. Unlike `signal` it never aborts an attempt already
   * sent, whose outcome would then be unknown.
   */
  stopRetrying?: AbortSignal;
}

interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** The response body's schema, picked once the schemas are loaded. */
  schema?: (schemas: Schemas) => z.ZodMiniType<T>;
  /** Whether sending it twice has the same effect as once: only then is a failure without a clear answer retried. */
  replaySafe: boolean;
  signal?: AbortSignal;
  stopRetrying?: AbortSignal;
  /** One transaction over many leads: waited for longer (BULK_MIN_TIMEOUT_MS at least), and not sent again after a timeout. */
  bulk?: boolean;
}

/**
 * A bulk request is one transaction over up to 2,000 leads: the server may take far longer than
 * on one lead, and a timeout there leaves the whole batch unknown (a Merge batch with notes is
 * then never sent again), so it is given this long at least.
 */
const BULK_MIN_TIMEOUT_MS = 120_000;

const HTML_PATTERN = /^\s*<(!doctype|html|head|body)/i;

export class TopCallsClient {
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: ClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? abortableSleep;
  }

  listLeads(filters: LeadFilters = {}, cursor?: string | null, limit?: number, opts: CallOptions = {}): Promise<LeadPage> {
    return this.request({
      method: 'GET',
      path: '/v1/leads',
      query: { ...filters, cursor: cursor ?? undefined, limit },
      schema: (s) => s.LeadPageSchema,
      replaySafe: true,
      signal: opts.signal,
    });
  }

  getLead(id: string, opts: CallOptions = {}): Promise<Lead> {
    return this.request({ method: 'GET', path: leadPath(id), schema: (s) => s.LeadSchema, replaySafe: true, signal: opts.signal });
  }

  /** The first lead with this phone number, or undefined. */
  async findByPhone(phone: string, opts: CallOptions = {}): Promise<Lead | undefined> {
    const page = await this.listLeads({ phone }, undefined, 1, opts);
    return page.items[0];
  }

  async updateLead(id: string, patch: LeadPatch, opts: CallOptions = {}): Promise<Lead> {
    const body = await validated((s) => s.LeadPatchSchema, patch);
    return this.request({
      method: 'PATCH',
      path: leadPath(id),
      body,
      schema: (s) => s.LeadSchema,
      // Appending twice appends twice; every other field is set, not accumulated.
      replaySafe: body.notes_append === undefined,
      signal: opts.signal,
      stopRetrying: opts.stopRetrying,
    });
  }

  async createLead(lead: LeadCreate, opts: CallOptions = {}): Promise<LeadCreated> {
    const body = await validated((s) => s.LeadCreateSchema, lead);
    return this.request({ method: 'POST', path: '/v1/leads', body, schema: (s) => s.LeadCreatedSchema, replaySafe: false, signal: opts.signal });
  }

  async deleteLead(id: string, listId?: string, opts: CallOptions = {}): Promise<void> {
    await this.request({
      method: 'DELETE',
      path: leadPath(id),
      query: { list_id: listId },
      replaySafe: false,
      signal: opts.signal,
    });
  }

  /** At most 500 ids (the contract's limit): the caller chunks. */
  bulkDeleteLeads(ids: readonly string[], opts: CallOptions = {}): Promise<BulkDeleteResult> {
    return this.request({
      method: 'POST',
      path: '/v1/leads/bulk-delete',
      body: { ids },
      schema: (s) => s.BulkDeleteResultSchema,
      // Sent twice, the same leads end up gone: the second answer only counts as "not found" what the first deleted.
      replaySafe: true,
      signal: opts.signal,
      stopRetrying: opts.stopRetrying,
      bulk: true,
    });
  }

  /**
   * Checks a bulk import (at most 2,000 leads, applied as one transaction: the caller batches)
   * and returns the call that sends it, so an import can check its next batch while one is in flight.
   */
  async prepareBulkImport(batch: BulkImport, opts: CallOptions = {}): Promise<() => Promise<BulkImportResult>> {
    const body = await validated((s) => s.BulkImportSchema, batch);
    return () =>
      this.request({
        method: 'POST',
        path: '/v1/leads/bulk',
        body,
        schema: (s) => s.BulkImportResultSchema,
        // Merge appends notes to leads already there: sent twice, they would be appended twice.
        // Anything else sent twice leaves the leads as once (only the counts differ).
        replaySafe: body.mode === 'skip' || body.leads.every((lead) => !lead.notes),
        signal: opts.signal,
        stopRetrying: opts.stopRetrying,
        bulk: true,
      });
  }

  private async request<T>(spec: RequestSpec<T>): Promise<T> {
    const { baseUrl, token } = await this.options.credentials();
    if (!token) {
      throw new ApiError({ kind: 'no-token', title: 'No TopCalls API token is set' });
    }
    const problem = tokenProblem(token);
    if (problem) {
      // Refused here, before anything is sent: fetch would trim a line break off the token and
      // send the rest, and the same refusal would come on every attempt.
      throw new ApiError({
        kind: 'invalid-token',
        title: 'The API token cannot be sent',
        detail: `it contains a character a token cannot have (${problem.codePoint} at position ${problem.position}); copy the token again from the TopCalls dashboard and set it`,
      });
    }
    const url = buildUrl(baseUrl, spec.path, spec.query);
    const logPath = url.pathname + url.search;
    const schemas = await loadSchemas();
    const waits = spec.stopRetrying && spec.signal ? AbortSignal.any([spec.signal, spec.stopRetrying]) : (spec.stopRetrying ?? spec.signal);
    /** The first failure that may have been applied: what ends the request after it must not read as "not applied". */
    let uncertain: ApiError | undefined;
    for (let attempt = 1; ; attempt++) {
      if (spec.stopRetrying?.aborted) {
        throw uncertain ?? new ApiError({ kind: 'cancelled', title: 'Cancelled' });
      }
      const started = performance.now();
      let error: ApiError;
      try {
        const value = await this.attempt(spec, url, token, schemas);
        this.options.log?.({ method: spec.method, path: logPath, status: value.status, outcome: 'ok', durationMs: performance.now() - started, attempt });
        return value.data;
      } catch (caught) {
        error = (caught instanceof ApiError ? caught : toApiError(caught, spec.signal)).redact(token);
      }
      if (error.mayHaveApplied) uncertain ??= error;
      const delay = this.retryDelay(spec, error, attempt);
      const durationMs = performance.now() - started;
      this.options.log?.({
        method: spec.method,
        path: logPath,
        status: error.status,
        outcome: delay === undefined ? 'error' : 'retry',
        durationMs,
        attempt,
        note: error.status === undefined ? error.title : undefined,
      });
      if (delay === undefined) {
        // A later definite refusal does not undo an earlier attempt that may have been applied.
        throw error.mayHaveApplied ? error : (uncertain ?? error);
      }
      try {
        await this.sleep(delay, waits);
      } catch {
        throw uncertain ?? new ApiError({ kind: 'cancelled', title: 'Cancelled' });
      }
    }
  }

  /** How long to wait before trying again, or undefined to give up with this error. */
  private retryDelay(spec: RequestSpec<unknown>, error: ApiError, attempt: number): number | undefined {
    if (attempt >= this.retry.maxAttempts) {
      return undefined;
    }
    const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    if (error.rateLimited) {
      const wait = error.retryAfterMs ?? backoff;
      return wait <= this.retry.maxRetryAfterMs ? wait : undefined;
    }
    // A bulk transaction that outlasted its long wait is not sent again: the server is struggling, and
    // each attempt would keep the user waiting as long again.
    if (spec.bulk && error.kind === 'timeout') {
      return undefined;
    }
    if (error.retryable && spec.replaySafe) {
      return backoff * (0.5 + Math.random() / 2);
    }
    return undefined;
  }

  private async attempt<T>(spec: RequestSpec<T>, url: URL, token: string, schemas: Schemas): Promise<{ data: T; status: number }> {
    const timeoutMs = spec.bulk ? Math.max(this.options.timeoutMs(), this.options.bulkMinTimeoutMs ?? BULK_MIN_TIMEOUT_MS) : this.options.timeoutMs();
    // A timer of our own, cleared as soon as the body is in: AbortSignal.timeout would keep
    // the request (and what awaits it) alive until it fires.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const onCancel = (): void => timeout.abort();
    if (spec.signal?.aborted) onCancel();
    spec.signal?.addEventListener('abort', onCancel, { once: true });
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: timeout.signal,
        // Not followed, so the token goes nowhere else: a redirect comes back as a 3xx and is reported as such.
        redirect: 'manual',
      });
      // Inside the timeout: a body that stops coming is a timeout too, and one cut off rejects here.
      text = await response.text();
    } catch (caught) {
      if (timeout.signal.aborted && !spec.signal?.aborted) {
        throw new ApiError({ kind: 'timeout', title: 'The TopCalls API did not answer in time', detail: `No answer within ${timeoutMs} ms` });
      }
      throw toApiError(caught, spec.signal);
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onCancel);
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (response.status < 200 || response.status > 299) {
      throw errorFromResponse(schemas, response, text, requestId);
    }
    if (!spec.schema) {
      return { data: undefined as T, status: response.status };
    }
    return { data: parseBody(schemas, spec.schema(schemas), text, response, requestId), status: response.status };
  }
}

function leadPath(id: string): string {
  return `/v1/leads/${encodeURIComponent(id)}`;
}

function buildUrl(baseUrl: string, path: string, query: RequestSpec<unknown>['query']): URL {
  // The query is built apart and parsed with the rest once: each url.searchParams.set re-serialises the URL.
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const search = params.size ? `?${params.toString()}` : '';
  try {
    return new URL(baseUrl.replace(/\/+$/, '') + path + search);
  } catch {
    throw new ApiError({ kind: 'invalid-request', title: 'The TopCalls API URL is not valid', detail: baseUrl });
  }
}

async function validated<T>(schema: (schemas: Schemas) => z.ZodMiniType<T>, value: unknown): Promise<T> {
  const schemas = await loadSchemas();
  const result = schema(schemas).safeParse(value);
  if (!result.success) {
    throw new ApiError({
      kind: 'invalid-request',
      title: 'The change is not valid',
      detail: schemas.describeZodError(result.error),
      fieldErrors: schemas.fieldErrors(result.error),
    });
  }
  return result.data;
}

function parseBody<T>(schemas: Schemas, schema: z.ZodMiniType<T>, text: string, response: Response, requestId: string | undefined): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError({
      kind: 'invalid-response',
      status: response.status,
      title: 'The TopCalls API sent a response that is not valid JSON',
      detail: excerpt(text),
      requestId,
    });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ApiError({
      kind: 'invalid-response',
      status: response.status,
      title: 'The TopCalls API sent a response in an unexpected shape',
      detail: schemas.describeZodError(result.error),
      requestId,
    });
  }
  return result.data;
}

function errorFromResponse({ ProblemSchema }: Schemas, response: Response, text: string, requestId: string | undefined): ApiError {
  const status = response.status;
  const statusLine = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after') ?? undefined);
  const contentType = response.headers.get('content-type') ?? '';
  if (HTML_PATTERN.test(text) || contentType.includes('text/html')) {
    return new ApiError({
      kind: 'http',
      status,
      title: statusLine,
      detail: 'The server answered with a web page instead of an API response (a proxy or gateway error?)',
      retryAfterMs,
      requestId,
    });
  }
  let problem: ReturnType<typeof ProblemSchema.safeParse> | undefined;
  try {
    problem = ProblemSchema.safeParse(JSON.parse(text));
  } catch {
    problem = undefined;
  }
  if (!problem?.success) {
    return new ApiError({ kind: 'http', status, title: statusLine, detail: text.trim() ? excerpt(text) : undefined, retryAfterMs, requestId });
  }
  return new ApiError({
    kind: 'http',
    status,
    title: problem.data.title ?? statusLine,
    detail: problem.data.detail,
    fieldErrors: problemFieldErrors(problem.data),
    retryAfterMs,
    requestId,
    type: problem.data.type,
  });
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function toApiError(caught: unknown, signal: AbortSignal | undefined): ApiError {
  if (signal?.aborted) {
    return new ApiError({ kind: 'cancelled', title: 'Cancelled' });
  }
  const code = errorCode(caught);
  return new ApiError({
    kind: 'network',
    title: 'Could not reach the TopCalls API',
    detail: code ? describeNetworkCode(code) : caught instanceof Error ? describeCause(caught) : String(caught),
  });
}

/** fetch rejects with a bare TypeError ("fetch failed", "terminated"): the reason, with its code, is its cause. */
function errorCode(caught: unknown): string | undefined {
  for (let error = caught; error instanceof Error; error = error.cause) {
    const { code } = error as NodeJS.ErrnoException;
    if (code) return code;
  }
  return undefined;
}

function describeCause(error: Error): string {
  return error.cause instanceof Error ? describeCause(error.cause) : error.message;
}

function describeNetworkCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is the API URL right?)';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET': // fetch's (undici's) code for a connection the other side closed
      return 'the connection was dropped before an answer came';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    default:
      return code;
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
