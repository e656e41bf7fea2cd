// The rows an import did not bring in, as a CSV to fix and import again: the file's own header
// and cells, read again from the file (so memory holds no row), plus a column saying why.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { csvRecords, type CsvShape } from './csvRecords';

/** The column a failed-rows file adds: read back, it is ignored. */
export const IMPORT_ERROR_COLUMN = 'import_error';

/**
 * Writes the rows `reason` has a text for, in file order; returns how many. The reason comes
 * first, so the cells stay under their header even in a row with more cells than it.
 */
export async function writeFailedRows(
  source: { path: string; shape: CsvShape },
  reason: (line: number, fields: readonly string[]) => string | undefined,
  target: string,
): Promise<number> {
  const options = { delimiter: source.shape.delimiter };
  let written = 0;
  async function* rows(): AsyncGenerator<string> {
    yield stringify([[IMPORT_ERROR_COLUMN, ...source.shape.header]], options);
    for await (const { line, fields } of csvRecords(source.path, source.shape.delimiter)) {
      const why = reason(line, fields);
      if (why === undefined) continue;
      written++;
      yield stringify([[why, ...fields]], options);
    }
  }
  // A target that cannot be written (a missing folder, a file open in a spreadsheet) rejects here.
  await pipeline(Readable.from(rows()), createWriteStream(target));
  return written;
}
