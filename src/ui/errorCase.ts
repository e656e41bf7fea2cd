// Which situation a failure puts the user in, and the server's own words about it. The
// headline for each case is localised in src/ui/errorMessages.ts; this part has no `vscode`, so the
// mapping is unit-tested on its own.
import { STATUS_CODES } from 'node:http';
import type { ApiError } from '../api/errors';

export type ErrorCase =
  | 'no-token'
  | 'token-unsendable'
  | 'token-rejected'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'refused'
  | 'rate-limited'
  | 'server'
  | 'unreachable'
  | 'timeout'
  | 'unreadable'
  | 'not-sent'
  | 'cancelled';

export function errorCase(error: ApiError): ErrorCase {
  switch (error.kind) {
    case 'no-token':
      return 'no-token';
    case 'invalid-token':
      return 'token-unsendable';
    case 'network':
      return 'unreachable';
    case 'timeout':
      return 'timeout';
    case 'invalid-response':
      return 'unreadable';
    case 'invalid-request':
      return 'not-sent';
    case 'cancelled':
      return 'cancelled';
    case 'http':
      return httpCase(error);
  }
}

/** An answer from the server, by the questions ApiError answers; 409 is the one case only a headline needs. */
function httpCase(error: ApiError): ErrorCase {
  if (error.needsToken) return 'token-rejected';
  if (error.forbidden) return 'forbidden';
  if (error.gone) return 'not-found';
  if (error.status === 409) return 'conflict';
  if (error.rateLimited) return 'rate-limited';
  return error.retryable ? 'server' : 'refused';
}

/**
 * What the server (or, for failures before any answer, the client) said beyond the headline:
 * a problem's own title (not a bare status name like `Conflict`, which the headline says
 * better) and its detail. Empty when there is nothing to add.
 */
export function serverWords(error: ApiError): string {
  switch (error.kind) {
    case 'http': {
      const generic = STATUS_LINE.test(error.title) || error.title === STATUS_CODES[error.status ?? 0];
      return [generic ? undefined : error.title, error.detail].filter(Boolean).join(': ');
    }
    case 'network':
    case 'timeout':
    case 'invalid-token':
      return error.detail ?? '';
    case 'no-token':
    case 'cancelled':
      return '';
    case 'invalid-response':
    case 'invalid-request':
      return error.message;
  }
}

/** The client's title for an answer without a problem body: `HTTP 503 Service Unavailable`. */
const STATUS_LINE = /^HTTP \d{3}\b/;
