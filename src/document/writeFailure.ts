// Why a lead document was not saved. Apart from the save itself so the file system can tell
// these errors apart without loading the schemas at activation.
import type { ApiError } from '../api/errors';
import type { DocumentField, TextProblem } from './leadText';

export type WriteFailure =
  | { kind: 'text'; problem: TextProblem }
  /** Changed on TopCalls too, and VS Code's own check could not have seen it (see writeLead). */
  | { kind: 'conflict'; fields: DocumentField[] }
  /** Read from a copy of the lead that is no longer known, older than TopCalls' own: `fields` differ from TopCalls'. */
  | { kind: 'unknownBase'; fields: DocumentField[] }
  /** An auto-save with a note to append: notes are appended only by a save the user makes. */
  | { kind: 'appendNeedsSave' }
  /** `append`: after an ambiguous failure, what reading the notes back found. */
  | { kind: 'api'; error: ApiError; append?: 'not-appended' | 'unchecked' };

export class LeadWriteError extends Error {
  constructor(readonly failure: WriteFailure) {
    super(failure.kind === 'api' ? failure.error.message : failure.kind);
    this.name = 'LeadWriteError';
  }
}
