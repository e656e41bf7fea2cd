// The rows an import did not bring in, as a CSV to fix and import again: the file's own header
// and cells, read again from the file (so memory holds no row), plus a column saying why.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { IMPORT_ERROR_COLUMN } from './columns';
import { csvRecords, type CsvShape } from './csvRecords';

/**
 * Writes the rows `reason` has a text for, in file order; returns how many. The reason comes
 * first, so the cells stay under their header even in a row with more cells than it.
 */
export async function writeFailedRows(
  source: { path: string; shape: CsvShape },
  reason: (line: number, fields: readonly string[]) => string | undefined,
  target: string,
): Promise<number> {
  const out = createWriteStream(target);
  const options = { delimiter: source.shape.delimiter };
  let written = 0;
  try {
    out.write(stringify([[IMPORT_ERROR_COLUMN, ...source.shape.header]], options));
    for await (const { line, fields } of csvRecords(source.path, source.shape.delimiter)) {
      const why = reason(line, fields);
      if (why === undefined) continue;
      if (!out.write(stringify([[why, ...fields]], options))) await once(out, 'drain');
      written++;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return written;
}
