// Deleting many leads by id, in the chunks the contract allows, one chunk after another, never
// with the filter form (which deletes everything matching, as a job nobody can follow). No
// `vscode` here: unit-tested against the sandbox.
import type { BulkDeleteResult } from '../shared/schemas';

/** The contract's limit on `ids` in one bulk delete. */
export const BULK_DELETE_MAX = 500;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1, got ${size}`);
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export interface DeleteTally {
  /** Ids the server deleted, or named as not found: gone either way. */
  gone: string[];
  deleted: number;
  notFound: number;
  /** Ids the server kept, with its reason (x-undocumented: any reason but "not found"). */
  kept: { id: string; reason: string }[];
  /** Ids an answer did not account for: its counts did not add up to the ids sent, so which went is not known. */
  unconfirmed: string[];
  /** The chunk that failed, with its error; its ids and those after it are in `notDone`. */
  error?: unknown;
  /** Ids not deleted because a chunk failed or the run was cancelled before their chunk. */
  notDone: string[];
  cancelled: boolean;
}

export interface BulkDeleteRun {
  send(ids: readonly string[]): Promise<BulkDeleteResult>;
  /** Checked before each chunk: cancelling never abandons one already sent. */
  cancel?: AbortSignal;
  /** After each chunk, with the ids it made gone and how many ids are settled so far. */
  onChunk?(gone: readonly string[], settled: number, total: number): void;
}

const NOT_FOUND = /not[\s_-]?found/i;

/** Sends the ids in chunks of at most BULK_DELETE_MAX, stopping at the first failed chunk. */
export async function deleteInChunks(ids: readonly string[], run: BulkDeleteRun, size = BULK_DELETE_MAX): Promise<DeleteTally> {
  const tally: DeleteTally = { gone: [], deleted: 0, notFound: 0, kept: [], unconfirmed: [], notDone: [], cancelled: false };
  const parts = chunks(ids, Math.min(size, BULK_DELETE_MAX));
  let settled = 0;
  for (const [index, part] of parts.entries()) {
    if (run.cancel?.aborted) {
      tally.cancelled = true;
      tally.notDone = parts.slice(index).flat();
      break;
    }
    let result: BulkDeleteResult;
    try {
      result = await run.send(part);
    } catch (error) {
      tally.error = error;
      tally.notDone = parts.slice(index).flat();
      break;
    }
    const gone = takeResult(tally, part, result);
    settled += part.length;
    run.onChunk?.(gone, settled, ids.length);
  }
  return tally;
}

/** Adds one chunk's answer to the tally; returns the ids it made gone. */
function takeResult(tally: DeleteTally, part: readonly string[], result: BulkDeleteResult): string[] {
  const kept = new Map<string, string>();
  let notFound = 0;
  for (const skipped of result.skipped_payload ?? []) {
    if (skipped.lead_id === undefined || !part.includes(skipped.lead_id)) continue;
    const reason = skipped.reason ?? '';
    if (NOT_FOUND.test(reason)) notFound++;
    else kept.set(skipped.lead_id, reason);
  }
  const unnamed = part.filter((id) => !kept.has(id));
  tally.notFound += notFound;
  tally.kept.push(...[...kept].map(([id, reason]) => ({ id, reason })));
  // Every field of the answer is optional: the ids it does not name are gone only when its counts say so.
  if (result.deleted === undefined || result.deleted + kept.size + notFound !== part.length) {
    tally.unconfirmed.push(...unnamed);
    return [];
  }
  tally.gone.push(...unnamed);
  tally.deleted += result.deleted;
  return unnamed;
}
