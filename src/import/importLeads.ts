// Import: every row is checked before anything is sent (checkRows), then the good rows go out in
// batches of at most 2,000 (sendRows). Both stream: the check writes the good rows to a
// temporary file, one JSON line each, that the sending reads back, so memory holds a batch
// whatever the file's size and no row is read or checked twice. No `vscode` here.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CountryCode } from 'libphonenumber-js/core';
import { ApiError } from '../api/errors';
import { BULK_IMPORT_MAX_LEADS, type BulkImportItem, type BulkImportResult } from '../shared/schemas';
import { phoneColumn, readRow, type ColumnTarget, type RowProblem } from './columns';
import { csvRecords, type CsvShape } from './csvRecords';

/** Rows whose problems are kept to show: enough to see a pattern, bounded for a file of bad rows. */
const MAX_SHOWN_PROBLEMS = 1_000;

export interface ImportSource {
  path: string;
  shape: CsvShape;
  targets: readonly ColumnTarget[];
  /** Where national phone numbers are read. */
  country: CountryCode | undefined;
}

export interface LineProblems {
  line: number;
  problems: RowProblem[];
}

export interface CheckedFile {
  /** Data rows in the file. */
  rows: number;
  /** Rows that can be sent. */
  valid: number;
  /** Every row that cannot, by line: they are not sent, and go to the failed rows. */
  invalidLines: Set<number>;
  /** The first MAX_SHOWN_PROBLEMS rows with problems, with what is wrong. */
  shown: LineProblems[];
  /** The good rows, `[line, item]` a line. */
  itemsPath: string;
  /** Deletes the temporary file. */
  dispose(): Promise<void>;
}

/**
 * Checks every row: a file csv-parse cannot read throws CsvSyntaxError, with nothing written. A
 * phone number on an earlier row makes a row a problem too: within one batch, what TopCalls does
 * with a number twice is not documented, and across batches the second row would merge into the first.
 */
export async function checkRows(source: ImportSource, signal?: AbortSignal): Promise<CheckedFile> {
  const dir = await mkdtemp(join(tmpdir(), 'topcalls-import-'));
  const dispose = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const itemsPath = join(dir, 'rows.jsonl');
  const checked: CheckedFile = { rows: 0, valid: 0, invalidLines: new Set(), shown: [], itemsPath, dispose };
  const firstLineOf = new Map<string, number>();
  const invalid = (line: number, problems: RowProblem[]): void => {
    checked.invalidLines.add(line);
    if (checked.shown.length < MAX_SHOWN_PROBLEMS) checked.shown.push({ line, problems });
  };
  // Written some 64 KB at a time: a write per row costs more than checking it.
  async function* goodRows(): AsyncGenerator<string> {
    let pending = '';
    for await (const { line, fields } of csvRecords(source.path, source.shape.delimiter, signal)) {
      const reading = readRow(fields, source.targets, source.country);
      checked.rows++;
      if (!reading.ok) {
        invalid(line, reading.problems);
        continue;
      }
      const first = firstLineOf.get(reading.item.phone_number);
      if (first !== undefined) {
        invalid(line, [{ column: phoneColumn(source.targets), problem: { code: 'duplicatePhone', line: first } }]);
        continue;
      }
      firstLineOf.set(reading.item.phone_number, line);
      checked.valid++;
      pending += `${JSON.stringify([line, reading.item])}\n`;
      if (pending.length > 64 * 1024) {
        yield pending;
        pending = '';
      }
    }
    yield pending;
  }
  try {
    await pipeline(Readable.from(goodRows()), createWriteStream(itemsPath));
  } catch (error) {
    await dispose();
    throw error;
  } finally {
    // A phone a row: not to be held while the rows are sent (`checked` lives that long, and this closure with it).
    firstLineOf.clear();
  }
  return checked;
}

/** Why a row that was good to send is not on TopCalls. */
export type RowFailure =
  /** TopCalls refused the row itself (its message names the field). */
  | { kind: 'refused'; message: string }
  /** The batch got no clear answer: it may have been imported. Never sent again blindly, since merge appends notes. */
  | { kind: 'unknown'; error: unknown }
  /** The batch was refused as a whole, or the import stopped (an error, Cancel) before sending it. */
  | { kind: 'notSent'; error?: unknown };

export interface ImportTally {
  inserted: number;
  updated: number;
  duplicates: number;
  /** Rows TopCalls answered for. */
  sent: number;
  /** Good rows that are not on TopCalls (or may not be), by line. */
  failed: Map<number, RowFailure>;
  cancelled: boolean;
  /** What stopped the import before its end. */
  error?: unknown;
}

/** Nothing sent yet. */
export function emptyTally(): ImportTally {
  return { inserted: 0, updated: 0, duplicates: 0, sent: 0, failed: new Map(), cancelled: false };
}

/** A batch checked by the client, and the call that sends it. */
export type PreparedBatch = () => Promise<BulkImportResult>;

export interface SendRequest {
  checked: CheckedFile;
  /** Checks a batch as the client does before sending; the result sends it. */
  prepare: (leads: BulkImportItem[]) => Promise<PreparedBatch>;
  /** Stops before the next batch; the one in flight is answered and counted. */
  cancel: AbortSignal;
  onBatch?: (settled: number, total: number) => void;
}

type Row = [line: number, item: BulkImportItem];

/**
 * Sends the good rows in batches, one at a time (each is a transaction). While a batch is in
 * flight the next one is read and checked, so the wait for TopCalls hides that work. A batch
 * refused for some of its rows (the API names them, `leads[i].field`) is sent again without
 * them; any other failure stops the import, and the rows not sent are reported as such.
 */
export async function sendRows(request: SendRequest): Promise<ImportTally> {
  const tally = emptyTally();
  const batches = readBatches(request.checked.itemsPath, BULK_IMPORT_MAX_LEADS);
  let stopped: RowFailure | undefined;
  let settled = 0;
  const ahead = async (): Promise<{ rows: Row[]; ready?: Promise<PreparedBatch> } | undefined> => {
    const next = await batches.next();
    if (next.done) return undefined;
    // After a stop the rest is only counted: nothing to check.
    if (stopped || request.cancel.aborted) return { rows: next.value };
    const ready = request.prepare(next.value.map(([, item]) => item));
    // Awaited when the batch is sent; one never sent (a stop came meanwhile) must not be an unhandled rejection.
    ready.catch(() => undefined);
    return { rows: next.value, ready };
  };
  for (let current = await ahead(); current; ) {
    const following = ahead();
    if (!stopped && request.cancel.aborted) {
      tally.cancelled = true;
      stopped = { kind: 'notSent' };
    }
    // A batch read after a stop was not checked (`ready` is unset): it is only counted.
    if (stopped || !current.ready) {
      for (const [line] of current.rows) tally.failed.set(line, stopped ?? { kind: 'notSent' });
    } else {
      stopped = await sendBatch(request, current.rows, current.ready, tally);
    }
    settled += current.rows.length;
    request.onBatch?.(settled, request.checked.valid);
    current = await following;
  }
  if (stopped && !tally.cancelled && 'error' in stopped) tally.error = stopped.error;
  return tally;
}

/** The rows of the temporary file, `size` at a time. */
async function* readBatches(itemsPath: string, size: number): AsyncGenerator<Row[]> {
  let batch: Row[] = [];
  for await (const text of createInterface({ input: createReadStream(itemsPath), crlfDelay: Infinity })) {
    if (text === '') continue;
    batch.push(JSON.parse(text) as Row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Sends one batch and counts it; returns what stops the import, if anything does. */
async function sendBatch(request: SendRequest, rows: Row[], ready: Promise<PreparedBatch>, tally: ImportTally): Promise<RowFailure | undefined> {
  let pending = rows;
  let prepared = ready;
  // Each round drops the rows named, so it ends.
  for (;;) {
    try {
      const result = await (await prepared)();
      tally.inserted += result.inserted ?? 0;
      tally.updated += result.updated ?? 0;
      tally.duplicates += result.duplicates ?? 0;
      tally.sent += pending.length;
      return undefined;
    } catch (error) {
      const refused = refusedRows(error, pending.length);
      if (refused.size > 0) {
        for (const [index, message] of refused) tally.failed.set((pending[index] as Row)[0], { kind: 'refused', message });
        pending = pending.filter((_, index) => !refused.has(index));
        if (pending.length === 0) return undefined;
        prepared = request.prepare(pending.map(([, item]) => item));
        continue;
      }
      if (request.cancel.aborted && error instanceof ApiError && error.cancelled) {
        // Cancel during the client's wait before trying again (a 429's Retry-After): not sent.
        tally.cancelled = true;
        for (const [line] of pending) tally.failed.set(line, { kind: 'notSent' });
        return { kind: 'notSent' };
      }
      const failure: RowFailure = error instanceof ApiError && error.mayHaveApplied ? { kind: 'unknown', error } : { kind: 'notSent', error };
      for (const [line] of pending) tally.failed.set(line, failure);
      // The batches after it were not sent, whatever happened to this one.
      return { kind: 'notSent', error };
    }
  }
}

/** The rows a refused batch names, by index in the batch, with the API's message. */
function refusedRows(error: unknown, count: number): Map<number, string> {
  const rows = new Map<number, string>();
  if (!(error instanceof ApiError)) return rows;
  // TopCalls' 4xx naming rows, or the client's own check before sending (the same schema).
  if (!error.refused) return rows;
  for (const [path, messages] of Object.entries(error.fieldErrors)) {
    // `leads[3].name`, or `leads.3.name` from a JSON pointer.
    const match = /^leads(?:\[(\d+)\]|\.(\d+))\.?(.*)$/.exec(path);
    const index = Number(match?.[1] ?? match?.[2]);
    if (match && index < count) rows.set(index, [rows.get(index), `${match[3] || 'lead'}: ${messages.join('; ')}`].filter(Boolean).join('; '));
  }
  return rows;
}
