// The /v1 API: authentication, routing, content-type and JSON checks, then the routes.
//
// x-undocumented choices (clients must not depend on them):
// - Every path outside /_sandbox/ needs a valid token (401 comes before 404).
// - An id that is not a UUID answers 404, like an unknown one.
// - A body on POST/PATCH must be `application/json` (any parameters), else 415;
//   an empty or unparsable body is a 400 (type .../invalid_json).
// - Unknown query parameters are ignored; for a repeated one the last value wins.
import { bulkDelete, bulkImport } from './bulk-routes';
import { notFound, problem, type ApiResponse } from './http';
import { createLead, deleteLead, getLead, listLeads, patchLead } from './leads-routes';
import { UuidSchema } from './requests';
import type { LeadStore } from './store';

export type Scope = 'write' | 'read';

export interface ApiRequest {
  method: string;
  pathname: string;
  query: Record<string, string>;
  contentType: string | undefined;
  /** The body as text; undefined when there was none. */
  rawBody: string | undefined;
  /** From the bearer token; null when it is missing or unknown. */
  scope: Scope | null;
}

export function resolveScope(
  authorization: string | undefined,
  tokens: { token: string; readOnlyToken?: string | undefined },
): Scope | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  const given = match?.[1];
  if (given === undefined) return null;
  if (given === tokens.token) return 'write';
  if (tokens.readOnlyToken !== undefined && given === tokens.readOnlyToken) return 'read';
  return null;
}

type Handler = (store: LeadStore, req: ApiRequest, body: unknown, id: string) => ApiResponse;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const ROUTES: Route[] = [
  {
    pattern: /^\/v1\/leads$/,
    methods: {
      GET: (store, req) => listLeads(store, req.query),
      POST: (store, _req, body) => createLead(store, body),
    },
  },
  { pattern: /^\/v1\/leads\/bulk$/, methods: { POST: (store, _req, body) => bulkImport(store, body) } },
  { pattern: /^\/v1\/leads\/bulk-delete$/, methods: { POST: (store, _req, body) => bulkDelete(store, body) } },
  {
    pattern: /^\/v1\/leads\/([^/]+)$/,
    methods: {
      GET: (store, _req, _body, id) => getLead(store, id),
      PATCH: (store, _req, body, id) => patchLead(store, id, body),
      DELETE: (store, req, _body, id) => deleteLead(store, id, req.query),
    },
  },
];

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const BODY_METHODS = new Set(['POST', 'PATCH']);

function decodeId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function handleApi(store: LeadStore, req: ApiRequest): ApiResponse {
  if (req.scope === null) {
    return problem(401, 'unauthorized', 'Send a valid API key as "Authorization: Bearer <token>"', {
      headers: { 'WWW-Authenticate': 'Bearer realm="topcalls"' },
    });
  }

  let route: Route | undefined;
  let match: RegExpExecArray | null = null;
  for (const candidate of ROUTES) {
    match = candidate.pattern.exec(req.pathname);
    if (match) {
      route = candidate;
      break;
    }
  }
  if (!route || !match) return notFound(`No route for ${req.pathname}`);
  const handler = route.methods[req.method];
  if (!handler) {
    return problem(405, 'method_not_allowed', `${req.method} is not allowed on ${req.pathname}`, {
      headers: { Allow: Object.keys(route.methods).join(', ') },
    });
  }

  let id = '';
  if (match[1] !== undefined) {
    const decoded = decodeId(match[1]);
    if (decoded === undefined || !UuidSchema.safeParse(decoded).success) return notFound();
    id = decoded;
  }

  if (WRITE_METHODS.has(req.method) && req.scope !== 'write') {
    return problem(403, 'insufficient_scope', 'This API key lacks the leads:write scope');
  }

  let body: unknown;
  if (BODY_METHODS.has(req.method)) {
    const mediaType = (req.contentType ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return problem(415, 'unsupported_media_type', 'Send the body as application/json');
    }
    if (req.rawBody === undefined || req.rawBody.trim() === '') {
      return problem(400, 'invalid_json', 'The request body is empty; send a JSON object');
    }
    try {
      body = JSON.parse(req.rawBody);
    } catch (error) {
      return problem(400, 'invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
    }
  }

  return handler(store, req, body, id);
}
