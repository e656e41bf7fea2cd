// What the form needs to know about a failed request: which kind of help to offer, what
// happened in the user's words, the API's own words, and which field each message belongs to.
import { ApiError } from '../api/errors';
import { serverWords } from '../ui/errorCase';
import type { LeadPatch } from '../api/schemas';
import type { Failure } from '../protocol';

/** `headline` is ui/errors' errorHeadline (localised, so not imported here: this stays free of `vscode`). */
export function toFailure(error: unknown, headline: (error: ApiError) => string, patch?: LeadPatch): Failure {
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
  const detail = serverWords(error);
  return {
    kind,
    title: headline(error),
    ...(detail ? { detail } : {}),
    fieldErrors: error.fieldErrors,
    retry: error.transient,
    maybeAppended: error.mayHaveApplied && patch?.notes_append !== undefined,
  };
}
