// What the form needs to know about a failed request: which kind of help to offer,
// the API's own words, and which field each message belongs to.
import { ApiError } from '../api/errors';
import type { LeadPatch } from '../api/schemas';
import type { Failure } from '../protocol';

export function toFailure(error: unknown, patch?: LeadPatch): Failure {
  if (!(error instanceof ApiError)) {
    const title = error instanceof Error ? error.message : String(error);
    return { kind: 'error', title, fieldErrors: {}, retry: false, maybeAppended: false };
  }
  const kind: Failure['kind'] =
    error.kind === 'no-token' || error.status === 401
      ? 'auth'
      : error.status === 404
        ? 'gone'
        : Object.keys(error.fieldErrors).length > 0
          ? 'fields'
          : 'error';
  return {
    kind,
    title: error.title,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    fieldErrors: error.fieldErrors,
    retry: error.transient,
    maybeAppended: error.mayHaveApplied && patch?.notes_append !== undefined,
  };
}
