// Creating a lead so that a lost answer never makes two, nor a wrong report: after a failure
// that may have been applied (timeout, dropped connection, 5xx, an unreadable 2xx) the phone is
// looked up before anything is sent again. No `vscode` here: unit-tested against the sandbox.
import { ApiError } from '../api/errors';
import type { Lead, LeadCreate, LeadCreated } from '../shared/schemas';

export interface CreateCalls {
  create(lead: LeadCreate): Promise<LeadCreated>;
  findByPhone(phone: string): Promise<Lead | undefined>;
}

export type CreateOutcome =
  /** A new lead with what was sent. `recovered`: its answer was lost and the lookup found it. */
  | { kind: 'created'; lead: Lead; recovered: boolean }
  /** The phone was already on TopCalls: that lead was added to the list, its other fields kept. */
  | { kind: 'attached'; lead: Lead; recovered: boolean }
  /** The answer was lost and the lookup failed too: whether the lead exists is not known. */
  | { kind: 'unknown'; error: ApiError; lookupError: unknown };

/**
 * POSTs the lead; after an ambiguous failure, looks the phone up: found in the list, that is
 * the outcome; not there, the lost request was not applied, so one more POST cannot make a
 * second lead (the API is idempotent on the phone anyway; the lookup keeps the report true).
 * A definite failure (4xx) is thrown, as is the last ambiguous one.
 */
export async function createOnce(calls: CreateCalls, lead: LeadCreate, maxPosts = 2): Promise<CreateOutcome> {
  for (let posts = 1; ; posts++) {
    let error: ApiError;
    try {
      // `existed` says how the lead came to be, not what it is: the store keeps leads only.
      const { existed, ...answer } = await calls.create(lead);
      // After a lost first answer, "existed" with our own values means the lost POST made it.
      const ours = posts > 1 && sameAsSent(answer, lead);
      return existed === true && !ours ? { kind: 'attached', lead: answer, recovered: false } : { kind: 'created', lead: answer, recovered: posts > 1 };
    } catch (caught) {
      if (!(caught instanceof ApiError) || !caught.mayHaveApplied) throw caught;
      error = caught;
    }
    let found: Lead | undefined;
    try {
      found = await calls.findByPhone(lead.phone_number);
    } catch (lookupError) {
      return { kind: 'unknown', error, lookupError };
    }
    if (found && inList(found, lead.list_id)) {
      return { kind: sameAsSent(found, lead) ? 'created' : 'attached', lead: found, recovered: true };
    }
    if (posts >= maxPosts) throw error;
  }
}

/** Whether the lead is in the list; a copy that does not say (list_ids is optional) is taken as in it. */
function inList(lead: Lead, listId: string): boolean {
  return lead.list_ids === undefined || lead.list_ids.includes(listId);
}

/** The lead carries every field that was sent: a create made it (an attach keeps the old values). */
export function sameAsSent(lead: Lead, sent: LeadCreate): boolean {
  return (
    lead.name === sent.name &&
    (sent.email === undefined || (lead.email ?? null) === sent.email) &&
    (sent.status === undefined || lead.status === sent.status) &&
    (sent.tags === undefined || (lead.tags.length === sent.tags.length && sent.tags.every((tag, i) => lead.tags[i] === tag)))
  );
}
