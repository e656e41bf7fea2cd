// Creating a lead so that a lost answer never makes two, nor a wrong report: after a failure
// that may have been applied (timeout, dropped connection, 5xx, an unreadable 2xx) the phone is
// looked up before anything is sent again. No `vscode` here: unit-tested against the sandbox.
import { ApiError } from '../api/errors';
import type { Lead, LeadCreate, LeadCreated } from '../shared/schemas';

export interface CreateCalls {
  create(lead: LeadCreate): Promise<LeadCreated>;
  /** The lead with this phone in this list, if any (GET /v1/leads?phone=&list_id=). */
  findInList(phone: string, listId: string): Promise<Lead | undefined>;
}

export type CreateOutcome =
  /** A new lead with what was sent. `recovered`: its answer was lost and the lookup found it. */
  | { kind: 'created'; lead: Lead; recovered: boolean }
  /** The phone was already on TopCalls: that lead was added to the list, its other fields kept. */
  | { kind: 'attached'; lead: Lead; recovered: boolean }
  /** The answer was lost and the lookup failed too: whether the lead exists is not known. */
  | { kind: 'unknown'; error: ApiError; lookupError: unknown };

/**
 * POSTs the lead; after an ambiguous failure, looks the phone up in the list: found, that is
 * the outcome; not there, the lost request was not applied, so one more POST cannot make a
 * second lead. A definite failure (4xx) is thrown, as is the last ambiguous one. `lostAnswer`:
 * a Retry of a create whose answer went missing, which starts with the lookup.
 */
export async function createOnce(calls: CreateCalls, lead: LeadCreate, lostAnswer?: ApiError, maxPosts = 2): Promise<CreateOutcome> {
  let error = lostAnswer;
  let posts = lostAnswer ? 1 : 0;
  for (;;) {
    if (error) {
      let found: Lead | undefined;
      try {
        found = await calls.findInList(lead.phone_number, lead.list_id);
      } catch (lookupError) {
        return { kind: 'unknown', error, lookupError };
      }
      if (found) return { kind: sameAsSent(found, lead) ? 'created' : 'attached', lead: found, recovered: true };
      if (posts >= maxPosts) throw error;
    }
    posts++;
    try {
      // `existed` says how the lead came to be, not what it is: the store keeps leads only.
      const { existed, ...answer } = await calls.create(lead);
      // After a lost answer, "existed" with our own values means the lost POST made it.
      const ours = posts > 1 && sameAsSent(answer, lead);
      return existed === true && !ours ? { kind: 'attached', lead: answer, recovered: false } : { kind: 'created', lead: answer, recovered: posts > 1 };
    } catch (caught) {
      if (!(caught instanceof ApiError) || !caught.mayHaveApplied) throw caught;
      error = caught;
    }
  }
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
