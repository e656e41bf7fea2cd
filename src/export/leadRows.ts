// A lead as one export record: a CSV row with the columns an import reads back, or a JSON
// Lines line. No `vscode` here, so it is unit-tested on its own. The columns are documented in
// the README ("Export"): change both together.
import { stringify } from 'csv-stringify/sync';
import type { Lead } from '../shared/schemas';

export type ExportFormat = 'csv' | 'jsonl';

/** The fields an import sets first, then the ones kept for reference (an import ignores them). */
export const CSV_COLUMNS = ['name', 'phone_number', 'email', 'status', 'tags', 'notes', 'metadata', 'id', 'list_ids'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * One cell per column. A tag can hold any character, so no separator is safe: tags and list
 * ids are a JSON array of strings, metadata a JSON object. A null or missing email, notes or
 * metadata is an empty cell.
 */
export function leadRow(lead: Lead): Record<CsvColumn, string> {
  return {
    name: lead.name,
    phone_number: lead.phone_number,
    email: lead.email ?? '',
    status: lead.status,
    tags: JSON.stringify(lead.tags),
    notes: lead.notes ?? '',
    metadata: lead.metadata === undefined ? '' : JSON.stringify(lead.metadata),
    id: lead.id,
    list_ids: JSON.stringify(lead.list_ids ?? []),
  };
}

/** The file's first text: the CSV header row; JSON Lines has none. */
export function exportHeader(format: ExportFormat): string {
  return format === 'csv' ? stringify([[...CSV_COLUMNS]]) : '';
}

/** A page of leads as text to append: CSV rows quoted by csv-stringify, or one JSON object a line. */
export function exportRecords(format: ExportFormat, leads: readonly Lead[]): string {
  if (format === 'jsonl') {
    return leads.map((lead) => `${JSON.stringify(lead)}\n`).join('');
  }
  return stringify(leads.map(leadRow), { columns: [...CSV_COLUMNS] });
}
