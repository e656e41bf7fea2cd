// What Copy as cURL copies for a lead: its GET, or the PATCH a save of its unsaved document
// would send (documentPatch, measured against the copies a save uses). Free of `vscode`.
import { documentPatch } from '../document/documentPatch';
import { readLeadText, type LeadDocument, type TextProblem } from '../document/leadText';
import type { LeadRequest } from './curl';
import type { HeldCopies } from './heldCopies';

export type RequestResult = { ok: true; request: LeadRequest } | { ok: false; problem: TextProblem } | { ok: false; problem: 'notHeld' };

/** `unsaved`: the text of the lead's document when it has unsaved changes. */
export function leadRequest(unsaved: string | undefined, copiesOf: (document: LeadDocument) => HeldCopies | undefined): RequestResult {
  if (unsaved === undefined) return { ok: true, request: { method: 'GET' } };
  const read = readLeadText(unsaved);
  if (!read.ok) return { ok: false, problem: read.problem };
  const copies = copiesOf(read.document);
  if (!copies) return { ok: false, problem: 'notHeld' };
  const result = documentPatch(read.document, copies.base, copies.theirs);
  if (!result.ok) return { ok: false, problem: result.problem };
  // Edits that send nothing (undone, or already on TopCalls): a save would only read the lead.
  return { ok: true, request: result.patch ? { method: 'PATCH', body: result.patch } : { method: 'GET' } };
}
