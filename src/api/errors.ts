// One error type for everything that can go wrong talking to TopCalls, so every
// surface (tree, form, quick edits) can explain a failure the same way.
import type { Problem } from '../shared/schemas';

export type ApiErrorKind =
  /** The server answered with an error status. */
  | 'http'
  /** The connection failed or was dropped: the request may or may not have been applied. */
  | 'network'
  /** No answer within the timeout: the request may or may not have been applied. */
  | 'timeout'
  /** A success status with a body that is not the documented shape. */
  | 'invalid-response'
  /** We refused to send it: the body broke the contract's rules. */
  | 'invalid-request'
  /** No API token is set. */
  | 'no-token'
  /** The token has a character a bearer token cannot have: the client refused to send it. */
  | 'invalid-token'
  /** The caller cancelled. */
  | 'cancelled';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  title: string;
  status?: number;
  detail?: string;
  fieldErrors?: Record<string, string[]>;
  retryAfterMs?: number;
  requestId?: string;
  type?: string;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  /** Messages per request-body field (`phone_number`, `tags[2]`), from RFC 7807 `errors[].path`. */
  readonly fieldErrors: Record<string, string[]>;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  readonly type: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
    this.type = init.type;
  }

  // The questions every caller asks, answered here once: no caller reads a status or a kind
  // to decide them for itself.

  /** Only a new token can help: none is set, it cannot be sent at all, or the server rejected it (401). */
  get needsToken(): boolean {
    return this.kind === 'no-token' || this.kind === 'invalid-token' || (this.kind === 'http' && this.status === 401);
  }

  /** The lead (or whatever the request named) no longer exists on the server (404). */
  get gone(): boolean {
    return this.kind === 'http' && this.status === 404;
  }

  /**
   * A write may have reached the server though no success was seen: no answer (network,
   * timeout), a 5xx, or a 2xx whose body could not be read (done, but the result unseen).
   */
  get mayHaveApplied(): boolean {
    return this.noAnswer || this.serverFailed || this.kind === 'invalid-response';
  }

  /**
   * The same request could succeed later, so a Retry is worth offering (and the client
   * repeats a replay-safe request by itself): no answer, a 5xx, or a 429.
   */
  get retryable(): boolean {
    return this.noAnswer || this.serverFailed || this.rateLimited;
  }

  /** The token works but may not do this (403): a new token of the same account would not help. */
  get forbidden(): boolean {
    return this.kind === 'http' && this.status === 403;
  }

  /**
   * Refused as sent, and nothing was applied: a 4xx that neither a new token nor a wait would
   * change, or a body the client would not send. Sent again unchanged, it fails again.
   */
  get refused(): boolean {
    const status = this.status ?? 0;
    return this.kind === 'invalid-request' || (this.kind === 'http' && status >= 400 && status < 500 && !this.needsToken && !this.rateLimited);
  }

  /** The caller cancelled it before it was sent (a wait before a retry included): nothing was applied. */
  get cancelled(): boolean {
    return this.kind === 'cancelled';
  }

  /** Refused before it was applied, for now (429): safe to repeat whatever the request was, after the wait. */
  get rateLimited(): boolean {
    return this.kind === 'http' && this.status === 429;
  }

  /** No answer came (connection failed or dropped, or the timeout): the server was not heard from. */
  get noAnswer(): boolean {
    return this.kind === 'network' || this.kind === 'timeout';
  }

  private get serverFailed(): boolean {
    return this.kind === 'http' && (this.status ?? 0) >= 500;
  }

  /** A copy with every occurrence of `secret` removed from the texts, for the rare server that echoes it. */
  redact(secret: string | undefined): ApiError {
    if (!secret) {
      return this;
    }
    const scrub = (text: string): string => text.split(secret).join('[redacted]');
    const fieldErrors: Record<string, string[]> = {};
    for (const [field, messages] of Object.entries(this.fieldErrors)) {
      fieldErrors[scrub(field)] = messages.map(scrub);
    }
    return new ApiError({
      kind: this.kind,
      status: this.status,
      title: scrub(this.title),
      detail: this.detail === undefined ? undefined : scrub(this.detail),
      fieldErrors,
      retryAfterMs: this.retryAfterMs,
      requestId: this.requestId,
      type: this.type === undefined ? undefined : scrub(this.type),
    });
  }
}

/** Field errors from a problem's `errors[]`, keyed by the body field they name. */
export function problemFieldErrors(problem: Problem): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const entry of problem.errors ?? []) {
    // Servers write the path as `phone_number`, `/phone_number` or `body.phone_number`.
    const field = (entry.path ?? '').replace(/^\/+/, '').replace(/^body[./]/, '').replace(/\//g, '.');
    (out[field] ??= []).push(entry.message ?? entry.code ?? 'Invalid value');
  }
  return out;
}
