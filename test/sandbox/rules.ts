// What JSON Schema cannot say: rules the contract states in prose, and the sandbox's choices
// where the contract is silent (x-undocumented: clients must not depend on them), checked
// once a request passed the contract's schemas. Phone dialability, also prose, is a keyword
// on the contract's Phone schema (contract.ts), so it applies wherever a phone number goes.
import type { FieldError } from './http';
import { decodeCursor } from './requests';

type Rule = (query: Record<string, unknown>, body: unknown) => FieldError[];

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

// LeadPatch: "notes and notes_append are mutually exclusive". The contract does not say so for
// LeadCreate, which has both fields too; the sandbox applies the same rule there (x-undocumented).
const notesExclusive: Rule = (_query, body) =>
  field(body, 'notes') !== undefined && field(body, 'notes_append') !== undefined
    ? [{ path: 'notes_append', message: 'notes and notes_append cannot be sent together', code: 'notes_exclusive' }]
    : [];

// x-undocumented: the cursor is opaque, so only one this server returned makes sense.
const knownCursor: Rule = (query) =>
  typeof query.cursor === 'string' && decodeCursor(query.cursor) === undefined
    ? [{ path: 'cursor', message: 'cursor is not a cursor this server returned', code: 'invalid_cursor' }]
    : [];

// x-undocumented: the contract allows an empty filter; the sandbox refuses it rather than
// delete every lead of the account.
const nonEmptyFilter: Rule = (_query, body) => {
  const filter = field(body, 'filter');
  return typeof filter === 'object' && filter !== null && Object.keys(filter).length === 0
    ? [{ path: 'filter', message: 'filter needs at least one of list_id, status, tag', code: 'empty_filter' }]
    : [];
};

/** By operation key (`PATCH /v1/leads/{id}`). */
export const RULES: Readonly<Record<string, readonly Rule[]>> = {
  'GET /v1/leads': [knownCursor],
  'POST /v1/leads': [notesExclusive],
  'PATCH /v1/leads/{id}': [notesExclusive],
  'POST /v1/leads/bulk-delete': [nonEmptyFilter],
};
