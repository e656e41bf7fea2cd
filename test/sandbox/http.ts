// Response values and RFC 7807 problem helpers shared by the sandbox routes.

/** What a route answers; server.ts serializes it (and faults may rewrite it first). */
export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body (serialized with JSON_TYPE, or PROBLEM_TYPE when `problem`). */
  json?: unknown;
  problem?: boolean;
  /** Raw body, sent as is with `contentType`. */
  text?: string;
  contentType?: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
export const ERROR_TYPE_BASE = 'https://api.topcalls.ai/errors/';

/** Largest accepted request body (x-undocumented: the contract names no limit). Larger → 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface FieldError {
  path: string;
  message: string;
  code: string;
}

export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string>; instance?: string } = {},
): ApiResponse {
  const body: Record<string, unknown> = {
    type: ERROR_TYPE_BASE + code,
    title: STATUS_TITLES[status] ?? 'Error',
    status,
    detail,
  };
  if (extra.instance !== undefined) body.instance = extra.instance;
  if (extra.errors) body.errors = extra.errors;
  return { status, json: body, problem: true, ...(extra.headers ? { headers: extra.headers } : {}) };
}

/** Field errors named in a problem's detail at most: a broken bulk body can have one per item. */
const MAX_DESCRIBED = 3;

/** A 400 naming each field that is wrong, in `errors[]` and (the first few) in `detail`. */
export function validationProblem(errors: readonly FieldError[]): ApiResponse {
  const described = errors
    .slice(0, MAX_DESCRIBED)
    .map((e) => (e.path ? `${e.path}: ${e.message}` : e.message))
    .join('; ');
  const more = errors.length - MAX_DESCRIBED;
  return problem(400, 'validation_error', more > 0 ? `${described} (and ${more} more)` : described, { errors: [...errors] });
}

export const notFound = (what = 'Lead not found'): ApiResponse => problem(404, 'not_found', what);
export const json = (status: number, body: unknown): ApiResponse => ({ status, json: body });
