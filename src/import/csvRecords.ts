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

/** A file csv-parse cannot read past, at the line where it stopped. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** The delimiter and the header of a file, from its first bytes. Undefined when it has no header row. */
export async function readCsvShape(path: string): Promise<CsvShape | undefined> {
  const file = await open(path, 'r');
  let sample: string;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
    sample = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
  let best: CsvShape | undefined;
  for (const delimiter of DELIMITERS) {
    let header: string[] | undefined;
    try {
      const rows: string[][] = parseSync(sample, { ...PARSE_OPTIONS, delimiter, to: 1 });
      header = rows[0];
    } catch {
      continue;
    }
    if (header && header.length > (best?.header.length ?? 0)) best = { delimiter, header: header.map((cell) => cell.trim()) };
  }
  return best;
}

const PARSE_OPTIONS: Options = { bom: true, skip_empty_lines: true, relax_column_count: true };

/**
 * The records after the header, read as they stream. A record of empty cells (a spreadsheet's
 * `;;;` row) is skipped like an empty line. Throws CsvSyntaxError where the file cannot be read
 * further (a quote never closed, a character after a closing quote).
 */
export async function* csvRecords(path: string, delimiter: string, signal?: AbortSignal): AsyncGenerator<CsvRecord> {
  const parser = createReadStream(path, { signal }).pipe(parse({ ...PARSE_OPTIONS, delimiter, info: true }));
  const lines = new LineCounter();
  let header = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = lines.startOf(record, info.lines);
      if (header) {
        header = false;
      } else if (record.some((cell) => cell !== '')) {
        yield { line, fields: record };
      }
    }
  } catch (error) {
    if (error instanceof CsvError) throw new CsvSyntaxError(lines.corrected((error as CsvError & { lines?: number }).lines ?? 0), error.message);
    throw error;
  } finally {
    parser.destroy();
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
