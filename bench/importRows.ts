// The rows the Import benchmark sends (bench/io.ts): a CSV of them, as a user's file, and bodies
// of one bulk request, as the client sends them, for the floor. Each row's number is distinct and
// never seeded: the sandbox seeds US numbers only in other area codes (test/sandbox/seed.ts).
import * as fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { STATUSES } from '../src/shared/contract';
import type { BulkImport, BulkImportItem } from '../src/shared/schemas';
import { normalizePhone } from '../src/shared/phone';

/** Rows per area-code exchange: the number's last four digits. */
const PER_EXCHANGE = 10_000;
/** Exchanges 200-999 of the area code 303. */
export const NUMBERS = 800 * PER_EXCHANGE;
/** The floor's bodies take numbers from here on; the imports', below it. */
export const FLOOR_FIRST = 700 * PER_EXCHANGE;

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Chloé', 'Søren', 'Aoife', 'Kwame', 'Priya', 'Mateo', 'Yuki'];
const LAST = ['Smith', 'García', 'Müller', "O'Brien", 'Nguyen', 'Okafor', 'Kowalski', 'Rossi', 'Lefèvre'];
const NOTES = ['Asked to be called back after 3pm.', 'Met at the fair; wants a demo, then pricing by email.', ''];

/** Row `i` (0 ≤ i < NUMBERS) as the client sends it: what Import makes of the CSV row below. */
export function importItem(i: number): BulkImportItem {
  if (!(i >= 0 && i < NUMBERS)) throw new RangeError(`row ${i} is outside 0-${NUMBERS - 1}`);
  const exchange = 200 + Math.floor(i / PER_EXCHANGE);
  const phone = `+1303${exchange}${String(i % PER_EXCHANGE).padStart(4, '0')}`;
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
  const notes = NOTES[i % NOTES.length] as string;
  return {
    name: `${first} ${last}`,
    phone_number: phone,
    email: `lead${i}@example.com`,
    status: STATUSES[i % STATUSES.length],
    tags: i % 2 ? ['bench', 'import'] : ['bench'],
    ...(notes ? { notes } : {}),
    metadata: { source: 'bench', row: i },
  };
}

const HEADER = ['Name', 'Phone', 'Email', 'Status', 'Tags', 'Notes', 'metadata'];

/** The row as people write it: the number with separators, tags separated by commas, metadata as JSON. */
function csvRow(i: number): string[] {
  const item = importItem(i);
  const n = item.phone_number;
  const phone = i % 2 ? `+1 (${n.slice(2, 5)}) ${n.slice(5, 8)}-${n.slice(8)}` : `+1 ${n.slice(2, 5)}-${n.slice(5, 8)}-${n.slice(8)}`;
  return [item.name ?? '', phone, item.email ?? '', (item.status ?? '').toLowerCase(), (item.tags ?? []).join(', '), item.notes ?? '', JSON.stringify(item.metadata ?? {})];
}

/** Writes rows first … first + count - 1 as a CSV file; every number is checked valid here, so every row imports. */
export function writeImportCsv(file: string, first: number, count: number): void {
  const out = fs.openSync(file, 'w');
  try {
    fs.writeSync(out, stringify([HEADER]));
    const chunk = 5_000;
    for (let start = first; start < first + count; start += chunk) {
      const rows: string[][] = [];
      for (let i = start; i < Math.min(start + chunk, first + count); i++) {
        if (!normalizePhone(importItem(i).phone_number)) throw new Error(`row ${i}: ${importItem(i).phone_number} is not a valid number`);
        rows.push(csvRow(i));
      }
      fs.writeSync(out, stringify(rows));
    }
  } finally {
    fs.closeSync(out);
  }
}

/** One bulk request's body of `count` rows from `first`, as the client sends a batch. */
export function bulkBody(listId: string, first: number, count: number): BulkImport {
  return { list_id: listId, mode: 'merge', leads: Array.from({ length: count }, (_, k) => importItem(first + k)) };
}
