// Response values and RFC 7807 problem helpers shared by the sandbox routes.
import type { core } from 'zod';
import { describeZodError, formatPath } from '../../src/api/schemas';

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

/** zod issues as `errors[]` entries whose path names the body field (`phone_number`, `leads[3].name`). */
export function zodFieldErrors(error: core.$ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      // One entry per unknown key, so each names its own field.
      for (const key of issue.keys) {
        out.push({ path: formatPath([...path, key]), message: `Unknown field "${key}"`, code: issue.code });
      }
    } else {
      out.push({ path: formatPath(path), message: issue.message, code: issue.code });
    }
  }
  return out;
}

export function validationProblem(error: core.$ZodError, prefix: readonly PropertyKey[] = []): ApiResponse {
  return problem(400, 'validation_error', describeZodError(error), { errors: zodFieldErrors(error, prefix) });
}

export const notFound = (what = 'Lead not found'): ApiResponse => problem(404, 'not_found', what);
export const json = (status: number, body: unknown): ApiResponse => ({ status, json: body });
