// Which lead field each CSV column fills, guessed from the header, and a row turned into one
// lead of a bulk import, or the problems that keep it out. No `vscode` here: unit-tested; the
// problems are codes the command words in the user's language.
import { readPhone, type PhoneProblem } from '../shared/phone';
import { E164_PATTERN, EmailSchema, MetadataSchema, STATUSES, type BulkImportItem, type Status } from '../shared/schemas';
import type { CountryCode } from 'libphonenumber-js/core';
import { IMPORT_ERROR_COLUMN } from './failedRows';

export const IMPORT_FIELDS = ['name', 'phone_number', 'email', 'status', 'tags', 'notes'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export type ColumnTarget =
  | { kind: 'field'; field: ImportField }
  /** The cell is a JSON object whose keys join the lead's metadata (the export's `metadata` column). */
  | { kind: 'metadataJson' }
  /** The cell is stored as `metadata[key]`. */
  | { kind: 'metadataKey'; key: string }
  | { kind: 'ignore' };


/** Header names (lower case, `_` for spaces and dashes) of the fields; a Map, so `constructor` is no field. */
const ALIASES = new Map<string, ImportField>([
  ['name', 'name'],
  ['full_name', 'name'],
  ['phone', 'phone_number'],
  ['phone_number', 'phone_number'],
  ['phonenumber', 'phone_number'],
  ['mobile', 'phone_number'],
  ['telephone', 'phone_number'],
  ['email', 'email'],
  ['e_mail', 'email'],
  ['email_address', 'email'],
  ['status', 'status'],
  ['tags', 'tags'],
  ['tag', 'tags'],
  ['notes', 'notes'],
  ['note', 'notes'],
]);

/** Columns an export writes for reference: what TopCalls sets, which an import cannot. */
const READ_ONLY = new Set(['id', 'account_id', 'list_ids', 'created_at', 'updated_at', 'converted_at', IMPORT_ERROR_COLUMN]);

/** Each column's target from its header: the first column naming a field fills it; any other column goes to metadata. */
export function guessTargets(header: readonly string[]): ColumnTarget[] {
  const taken = new Set<string>();
  return header.map((title): ColumnTarget => {
    const key = title.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const field = ALIASES.get(key);
    if (key === '' || READ_ONLY.has(key)) return { kind: 'ignore' };
    if (field && !taken.has(field)) {
      taken.add(field);
      return { kind: 'field', field };
    }
    if (key === 'metadata' && !taken.has(key)) {
      taken.add(key);
      return { kind: 'metadataJson' };
    }
    return { kind: 'metadataKey', key: title.trim() };
  });
}

/** The column that fills the phone number, or -1: a lead needs one, so an import needs it. */
export function phoneColumn(targets: readonly ColumnTarget[]): number {
  return targets.findIndex((target) => target.kind === 'field' && target.field === 'phone_number');
}

export type CellProblem =
  | { code: 'phoneMissing' }
  | { code: 'phone'; problem: PhoneProblem }
  | { code: 'phoneLength'; e164: string }
  /** The phone number is on an earlier row too: that row is the one imported. */
  | { code: 'duplicatePhone'; line: number }
  | { code: 'email' }
  | { code: 'status'; value: string }
  | { code: 'tags' }
  | { code: 'metadata' }
  | { code: 'extraCells'; count: number };

/** A problem and the column it is in (the 0-based cell index). */
export interface RowProblem {
  column: number;
  problem: CellProblem;
}

export type RowReading = { ok: true; item: BulkImportItem } | { ok: false; problems: RowProblem[] };

const STATUS_BY_NAME = new Map<string, Status>(STATUSES.map((status) => [status.toLowerCase(), status]));

/**
 * A row as a lead to import. Empty cells are left out (the lead keeps what it has); a national
 * phone number is read in `country`. Checked with the same rules as the API's schemas.
 */
export function readRow(fields: readonly string[], targets: readonly ColumnTarget[], country: CountryCode | undefined): RowReading {
  const problems: RowProblem[] = [];
  const item: Partial<BulkImportItem> = {};
  /** Keys as data, so a column named `__proto__` is a key like any other. */
  const metadata = new Map<string, unknown>();
  // A trailing delimiter (many tools write one) makes empty cells past the header: only text there is lost.
  const extra = fields.slice(targets.length).filter((cell) => cell.trim() !== '').length;
  if (extra > 0) problems.push({ column: targets.length, problem: { code: 'extraCells', count: extra } });
  targets.forEach((target, column) => {
    const raw = fields[column] ?? '';
    const cell = raw.trim();
    const problem = (p: CellProblem): void => void problems.push({ column, problem: p });
    switch (target.kind) {
      case 'ignore':
        return;
      case 'metadataKey':
        if (cell !== '') metadata.set(target.key, cell);
        return;
      case 'metadataJson': {
        if (cell === '') return;
        const value = parseJson(cell);
        if (!MetadataSchema.safeParse(value).success) return problem({ code: 'metadata' });
        // The columns of their own win over the same keys in the JSON, whichever comes first.
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) if (!metadata.has(key)) metadata.set(key, v);
        return;
      }
      case 'field':
        break;
    }
    switch (target.field) {
      case 'phone_number': {
        if (cell === '') return problem({ code: 'phoneMissing' });
        const reading = readPhone(cell, country);
        if (!reading.ok) problem({ code: 'phone', problem: reading.problem });
        // A few countries dial numbers shorter than the 9 digits the API's E.164 pattern asks for.
        else if (!E164_PATTERN.test(reading.e164)) problem({ code: 'phoneLength', e164: reading.e164 });
        else item.phone_number = reading.e164;
        return;
      }
      case 'name':
        if (cell !== '') item.name = cell;
        return;
      case 'email':
        if (cell === '') return;
        if (EmailSchema.safeParse(cell).success) item.email = cell;
        else problem({ code: 'email' });
        return;
      case 'status': {
        if (cell === '') return;
        const status = STATUS_BY_NAME.get(cell.toLowerCase());
        if (status) item.status = status;
        else problem({ code: 'status', value: cell });
        return;
      }
      case 'tags': {
        const tags = readTags(cell);
        if (tags === undefined) problem({ code: 'tags' });
        else if (tags.length > 0) item.tags = tags;
        return;
      }
      case 'notes':
        if (cell !== '') item.notes = raw;
        return;
    }
  });
  if (item.phone_number === undefined && problems.length === 0) {
    // No column fills the phone (the command asks for one before any row is read).
    problems.push({ column: 0, problem: { code: 'phoneMissing' } });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (metadata.size > 0) item.metadata = Object.fromEntries(metadata);
  return { ok: true, item: item as BulkImportItem };
}

/**
 * Tags as an export writes them (a JSON array of strings, since a tag may hold any character)
 * or as people type them (separated by commas or semicolons). Undefined when a JSON array is
 * not one of strings.
 */
export function readTags(cell: string): string[] | undefined {
  if (cell.startsWith('[')) {
    const value = parseJson(cell);
    return Array.isArray(value) && value.every((tag) => typeof tag === 'string') ? [...new Set(value)] : undefined;
  }
  return [
    ...new Set(
      cell
        .split(/[,;]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
