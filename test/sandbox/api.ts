// The /v1 API: authentication, then the contract check's answers (conformance.ts), then the routes.
//
// x-undocumented choices (clients must not depend on them):
// - Every path outside /_sandbox/ needs a valid token (401 comes before 404).
// - No such operation, or a malformed path parameter: 404/405 before the scope check (403);
//   a wrong query or body: 400/415 after it.
// - For a repeated query parameter the last value wins.
import { bulkDelete, bulkImport } from './bulk-routes';
import type { RequestCheck } from './conformance';
import { problem, type ApiResponse } from './http';
import { createLead, deleteLead, getLead, listLeads, patchLead } from './leads-routes';
import type { LeadStore } from './store';
import type { BulkDelete, BulkImport, LeadCreate, LeadListQuery, LeadPatch } from './types';

export type Scope = 'write' | 'read';

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

/** Called once the request conforms: its query and body have the shapes the contract gives them. */
type Handler = (store: LeadStore, check: RequestCheck) => ApiResponse;

/** By the contract's operation key. */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  'GET /v1/leads': (store, check) => listLeads(store, check.query as unknown as LeadListQuery),
  'POST /v1/leads': (store, check) => createLead(store, check.body as LeadCreate),
  'POST /v1/leads/bulk': (store, check) => bulkImport(store, check.body as BulkImport),
  'POST /v1/leads/bulk-delete': (store, check) => bulkDelete(store, check.body as BulkDelete),
  'GET /v1/leads/{id}': (store, check) => getLead(store, check.id),
  'PATCH /v1/leads/{id}': (store, check) => patchLead(store, check.id, check.body as LeadPatch),
  'DELETE /v1/leads/{id}': (store, check) => deleteLead(store, check.id, check.query.list_id as string | undefined),
};

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export function handleApi(store: LeadStore, method: string, scope: Scope | null, check: RequestCheck): ApiResponse {
  if (scope === null) {
    return problem(401, 'unauthorized', 'Send a valid API key as "Authorization: Bearer <token>"', {
      headers: { 'WWW-Authenticate': 'Bearer realm="topcalls"' },
    });
  }
  if (check.routeProblem) return check.routeProblem;
  if (WRITE_METHODS.has(method) && scope !== 'write') {
    return problem(403, 'insufficient_scope', 'This API key lacks the leads:write scope');
  }
  if (check.inputProblem) return check.inputProblem;
  const key = check.operation?.key ?? '';
  const handler = HANDLERS[key];
  if (!handler) return problem(501, 'not_implemented', `The sandbox does not implement ${key} yet`);
  return handler(store, check);
}
