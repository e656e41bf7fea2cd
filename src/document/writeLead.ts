// Saving a lead document: its text checked, the user's changes sent as one PATCH after every
// write to the lead queued before it, the answer put in the store. A note to append is sent
// once: its send is journalled first, and after an answer that does not say whether it
// landed, the notes are read back before anything sends it again. No `vscode` here.
import type { TopCallsClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { Lead, LeadPatch } from '../shared/schemas';
import type { LeadStore } from '../store/leadStore';
import { documentPatch } from './documentPatch';
import { leadText, readAt, readLeadText, type DocumentField } from './leadText';
import { LeadWriteError } from './writeFailure';

/** A note whose PATCH was sent and not answered for sure: what the notes were before it. */
export interface PendingAppend {
  text: string;
  notesBefore: string | null;
}

/** Survives a window reload: the host keeps it in workspace state. */
export interface AppendJournal {
  get(id: string): PendingAppend | undefined;
  set(id: string, pending: PendingAppend): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface WriteDeps {
  client: Pick<TopCallsClient, 'getLead' | 'updateLead'>;
  store: LeadStore;
  /** The copy of a lead a document was read at, by its `updated_at`. */
  readCopy(id: string, updatedAt: string | undefined): Lead | undefined;
  journal: AppendJournal;
}

export interface WriteOutcome {
  /** The lead after the save: the server's answer, or its copy when nothing was sent. */
  lead: Lead;
  /** What was sent; undefined when the document held no change. */
  sent: LeadPatch | undefined;
  /** The note was found at the end of the notes by a read-back, rather than confirmed by the PATCH's answer. */
  appendFound: boolean;
}

/**
 * `fresh`: the server's copy read for this save (VS Code stats a file before writing it), or
 * undefined to read it here. Throws LeadWriteError.
 */
export function writeLeadDocument(
  deps: WriteDeps,
  id: string,
  text: string,
  fresh: Lead | undefined,
  how: { automatic?: boolean } = {},
): Promise<WriteOutcome> {
  return deps.store.serialize(id, async () => {
    const read = readLeadText(text);
    if (!read.ok) throw new LeadWriteError({ kind: 'text', problem: read.problem });
    // A write queued before this one may have changed the lead since the stat: the store has its answer.
    const theirs = fresh ? deps.store.newest(fresh) : await readLead(deps, id);
    const readAtTime = readAt(read.document);
    const known = deps.readCopy(id, readAtTime);
    // Read from a copy we no longer have, older than TopCalls' own: its read-only part cannot be
    // checked, and what differs from TopCalls may be the user's change or an old value.
    const unknownBase = !known && readAtTime !== theirs.updated_at;
    const base = known ?? theirs;
    const result = documentPatch(unknownBase ? { ...read.document, readonly: undefined } : read.document, base, theirs);
    if (!result.ok) throw new LeadWriteError({ kind: 'text', problem: result.problem });
    const changed = Object.keys(result.patch ?? {}).filter((field) => field !== 'notes_append') as DocumentField[];
    if (unknownBase && changed.length > 0) throw new LeadWriteError({ kind: 'unknownBase', fields: changed });
    // VS Code compares a file's mtime and size: a change on TopCalls that left the text's length as
    // it was slips past its "newer on disk" dialog, so such a clash is refused here. When the sizes
    // differ, a clash reaching this point is the user's Overwrite in that dialog.
    if (result.conflicts.length > 0 && byteLength(leadText(base)) === byteLength(leadText(theirs))) {
      throw new LeadWriteError({ kind: 'conflict', fields: result.conflicts });
    }
    let patch = result.patch;
    if (patch?.notes_append !== undefined && how.automatic) {
      // An auto-save comes a second after the last keystroke: a note is appended whole, when the user saves.
      throw new LeadWriteError({ kind: 'appendNeedsSave' });
    }
    let appendFound = false;
    const pending = deps.journal.get(id);
    if (pending) await deps.journal.delete(id);
    // The note may be there already: a save that never heard back sent it, or a save that did left the
    // document without its reload (edited again meanwhile), still holding the note and the old copy's time.
    const landed =
      patch?.notes_append !== undefined &&
      ((pending?.text === patch.notes_append && appendLanded(pending, theirs)) ||
        (known !== undefined && readAtTime !== theirs.updated_at && appendLanded({ text: patch.notes_append, notesBefore: known.notes ?? null }, theirs)));
    if (landed) {
      appendFound = true;
      patch = withoutAppend(patch as LeadPatch);
    }
    if (!patch) return { lead: theirs, sent: undefined, appendFound };
    return { ...(await sendPatch(deps, id, patch, theirs)), appendFound };
  });
}

async function sendPatch(deps: WriteDeps, id: string, patch: LeadPatch, theirs: Lead): Promise<Omit<WriteOutcome, 'appendFound'>> {
  const append = patch.notes_append;
  const pending = append === undefined ? undefined : { text: append, notesBefore: theirs.notes ?? null };
  if (pending) await deps.journal.set(id, pending);
  try {
    const lead = await deps.client.updateLead(id, patch);
    deps.store.put(lead, 'write');
    if (pending) await deps.journal.delete(id);
    return { lead, sent: patch };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.gone) deps.store.remove(id);
    if (!pending || !error.mayHaveApplied) {
      if (pending) await deps.journal.delete(id);
      throw new LeadWriteError({ kind: 'api', error });
    }
    return checkAppend(deps, id, pending, patch, error);
  }
}

/** After an answer that does not say whether the PATCH landed: the notes tell, for the whole PATCH. */
async function checkAppend(
  deps: WriteDeps,
  id: string,
  pending: PendingAppend,
  patch: LeadPatch,
  error: ApiError,
): Promise<Omit<WriteOutcome, 'appendFound'>> {
  let now: Lead;
  try {
    now = await readLead(deps, id);
  } catch {
    // The journal entry stays: the next save reads the notes before sending the note again.
    throw new LeadWriteError({ kind: 'api', error, append: 'unchecked' });
  }
  await deps.journal.delete(id);
  if (appendLanded(pending, now)) return { lead: now, sent: patch };
  throw new LeadWriteError({ kind: 'api', error, append: 'not-appended' });
}

/** The notes changed since the note was sent, and now end with it. */
export function appendLanded(pending: PendingAppend, lead: Lead): boolean {
  const notes = lead.notes ?? '';
  return notes !== (pending.notesBefore ?? '') && notes.trimEnd().endsWith(pending.text.trim());
}

async function readLead(deps: WriteDeps, id: string): Promise<Lead> {
  try {
    const lead = await deps.client.getLead(id);
    deps.store.put(lead);
    return deps.store.get(id) ?? lead;
  } catch (error) {
    if (error instanceof ApiError && error.gone) deps.store.remove(id);
    if (error instanceof ApiError) throw new LeadWriteError({ kind: 'api', error });
    throw error;
  }
}

function withoutAppend(patch: LeadPatch): LeadPatch | undefined {
  const rest = Object.fromEntries(Object.entries(patch).filter(([key]) => key !== 'notes_append'));
  return Object.keys(rest).length > 0 ? (rest) : undefined;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
