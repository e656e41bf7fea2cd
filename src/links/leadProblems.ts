// What a lead document's JSON schema cannot say, found as the user types: a phone number in
// E.164 form that no country dials, and a note to append next to a change to the notes (a
// save refuses both). Free of `vscode`; loaded with the first lead document (libphonenumber-js).
import { E164_PATTERN } from '../shared/contract';
import { documentPatch } from '../document/documentPatch';
import { APPEND_KEY, readLeadText, type LeadDocument } from '../document/leadText';
import { placeOf } from '../document/textPlaces';
import { isDialable, phoneCountry } from '../shared/phone';
import type { HeldCopies } from './heldCopies';

export type LeadProblem = { offset: number; length: number } & (
  | { code: 'notDialable'; country: string | undefined }
  | { code: 'appendWithNotes' }
);

/** `copiesOf`: what a save would measure the document against, undefined when unknown (the notes check is left out then). */
export function leadProblems(text: string, copiesOf: (document: LeadDocument) => HeldCopies | undefined): LeadProblem[] {
  const read = readLeadText(text);
  // Text that is not a lead document is the JSON extension's and the schema's to flag.
  if (!read.ok) return [];
  const document = read.document;
  const problems: LeadProblem[] = [];
  const phone = document.values.phone_number;
  // A number not in E.164 form is the schema's pattern's to flag.
  if (typeof phone === 'string' && E164_PATTERN.test(phone) && !isDialable(phone)) {
    problems.push({ ...placeOf(text, ['phone_number']), code: 'notDialable', country: phoneCountry(phone) });
  }
  const copies = copiesOf(document);
  if (copies) {
    // The save's own rule: the notes count as changed when they would be sent.
    const notesOnly: LeadDocument = {
      values: Object.hasOwn(document.values, 'notes') ? { notes: document.values.notes } : {},
      append: document.append,
      readonly: undefined,
    };
    const result = documentPatch(notesOnly, copies.base, copies.theirs);
    if (!result.ok && result.problem.code === 'appendWithNotes') problems.push({ ...placeOf(text, [APPEND_KEY]), code: 'appendWithNotes' });
  }
  return problems;
}
