// A CSV file as records, streamed with csv-parse (BOM, CRLF, quoted fields with delimiters and
// line breaks), each with the line it starts on for messages. No `vscode` here: unit-tested.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { CsvError, parse, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** The delimiters a file may use; the one giving its header the most columns wins. */
const DELIMITERS = [',', ';', '\t'] as const;
/** Enough of a file to hold its header row. */
const SNIFF_BYTES = 64 * 1024;

export interface CsvShape {
  delimiter: string;
  /** The header row's cells, trimmed. */
  header: string[];
}

export interface CsvRecord {
  /** The 1-based line the record starts on. */
  line: number;
  fields: string[];
}

/** A file csv-parse cannot read past: where, and csv-parse's code (`CSV_QUOTE_NOT_CLOSED`, …). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvSample extends CsvShape {
  /** The first bytes held text that is not UTF-8 (a replacement character or a NUL: Windows-1252, UTF-16). */
  notUtf8: boolean;
}

/**
 * The delimiter and the header of a file, from its first bytes: of `,`, `;` and tab, the one
 * whose header has more than one column and the most rows after it with as many cells, then
 * the most columns. Undefined when it has no header row.
 */
export async function readCsvShape(path: string): Promise<CsvSample | undefined> {
  const file = await open(path, 'r');
  let sample: string;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
    sample = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
  let best: { shape: CsvShape; score: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const rows = sampleRows(sample, delimiter);
    const header = rows[0];
    if (!header) continue;
    const consistent = header.length > 1 ? rows.slice(1).filter((row) => row.length === header.length).length : -1;
    // Rows that agree with the header count first, its columns break ties.
    const score = consistent * 1_000 + header.length;
    if (!best || score > best.score) best = { shape: { delimiter, header: header.map((cell) => cell.trim()) }, score };
  }
  return best && { ...best.shape, notUtf8: sample.includes('\uFFFD') || sample.includes('\u0000') };
}

const PARSE_OPTIONS: Options = { bom: true, skip_empty_lines: true, relax_column_count: true };
/** Rows read to pick the delimiter: enough to see which one the data agrees with. */
const SNIFF_ROWS = 20;

/** The header and the rows after it in the sample; the last row may be cut off, so a failure keeps what came before. */
function sampleRows(sample: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  try {
    parseSync(sample, {
      ...PARSE_OPTIONS,
      delimiter,
      to: SNIFF_ROWS,
      on_record: (record: string[]) => {
        rows.push(record);
        return record;
      },
    });
  } catch {
    // A sample cut inside a quoted field, or a file with broken quotes: the rows before it stand.
  }
  return rows;
}

/**
 * The records after the header, read as they stream. A record of blank cells (a spreadsheet's
 * `;;;` row) is skipped like an empty line. Throws CsvSyntaxError where the file cannot be read
 * further (a quote never closed, a character after a closing quote).
 */
export async function* csvRecords(path: string, delimiter: string, signal?: AbortSignal): AsyncGenerator<CsvRecord> {
  const lines = new LineCounter();
  /** Where the last whole record ends: csv-parse reads ahead, and a failure drops the records it had not handed over. */
  let lastEnd = 0;
  /** The start line of each record parsed and not yet handed over, in order. */
  const starts: number[] = [];
  const source = createReadStream(path, { signal });
  const parser = source.pipe(
    parse({
      ...PARSE_OPTIONS,
      delimiter,
      // Called for every record as it is parsed, so the count of lines is right even when a
      // later failure drops the records not handed over yet.
      on_record: (record: string[], context) => {
        starts.push(lines.startOf(record, context.lines));
        lastEnd = lines.corrected(context.lines);
        return record;
      },
    }),
  );
  let header = true;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      const line = starts.shift() as number;
      if (header) {
        header = false;
      } else if (fields.some((cell) => cell.trim() !== '')) {
        yield { line, fields };
      }
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // csv-parse says where it stopped: for a quote never closed that is the end of the file, not the quote.
    const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? lastEnd + 1 : lines.corrected((error as CsvError & { lines?: number }).lines ?? lastEnd + 1);
    throw new CsvSyntaxError(line, error.code, error.message);
  } finally {
    parser.destroy();
    source.destroy();
  }
}

/**
 * csv-parse reports the line a record ends on, but counts a CRLF inside a quoted field as two
 * lines: the count is corrected by the CRLFs seen in the values so far.
 */
export class LineCounter {
  private extra = 0;

  /** The line a record starts on, given the line csv-parse says it ends on. */
  startOf(record: readonly string[], reportedEnd: number): number {
    let breaks = 0;
    for (const value of record) {
      this.extra += count(value, /\r\n/g);
      breaks += count(value, /\r\n|\r|\n/g);
    }
    return this.corrected(reportedEnd) - breaks;
  }

  corrected(reported: number): number {
    return reported - this.extra;
  }
}

function count(text: string, pattern: RegExp): number {
  return text.includes('\n') || text.includes('\r') ? (text.match(pattern)?.length ?? 0) : 0;
}
