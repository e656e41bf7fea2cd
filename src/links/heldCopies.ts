// The copies of a lead a save of its document measures the edits against (as writeLead does),
// from what is already held: no request. Shared by the live diagnostics and Copy as cURL, so
// both say what a save would do.
import type { Lead } from '../shared/schemas';
import { readAt, type LeadDocument } from '../document/leadText';

export interface HeldCopies {
  /** The copy the document was read from; the store's when that one is no longer kept. */
  base: Lead;
  /** TopCalls' copy as the store last heard it. */
  theirs: Lead;
}

/** Undefined when the store does not hold the lead. */
export function heldCopies(
  document: LeadDocument,
  theirs: Lead | undefined,
  readCopy: (id: string, updatedAt: string | undefined) => Lead | undefined,
): HeldCopies | undefined {
  if (!theirs) return undefined;
  return { base: readCopy(theirs.id, readAt(document)) ?? theirs, theirs };
}
