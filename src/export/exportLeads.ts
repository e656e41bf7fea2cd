// Export: pages the leads of a view into a file as they arrive, each page written and dropped,
// so memory holds a page per cursor whatever the account's size. No `vscode` here, so it is
// tested against the sandbox like the client.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { STATUSES } from '../shared/contract';
import type { LeadFilters, LeadPage } from '../shared/schemas';
import { exportHeader, exportRecords, type ExportFormat } from './leadRows';

/** The most the contract allows a page: the fewest round trips. */
export const EXPORT_PAGE_SIZE = 200;

export type PageLister = (filters: LeadFilters, cursor: string | null, signal: AbortSignal) => Promise<LeadPage>;

export interface ExportRequest {
  path: string;
  format: ExportFormat;
  filters: LeadFilters;
  groupBy: 'status' | 'none';
  listPage: PageLister;
  /** Stops the paging; what was written stays. */
  signal: AbortSignal;
  onProgress?: (written: number) => void;
}

export interface ExportResult {
  /** Leads in the file. */
  written: number;
  cancelled: boolean;
  /** Why the export stopped before the end, when a request or a write failed. */
  error?: unknown;
}

/**
 * The filters of each cursor: one per status when the view is grouped by status and not
 * filtered by one (cursor paging is sequential, so four cursors at once take up to a quarter
 * of the time), else the view's filter alone.
 */
export function exportCursors(filters: LeadFilters, groupBy: 'status' | 'none'): LeadFilters[] {
  return groupBy === 'status' && filters.status === undefined ? STATUSES.map((status) => ({ ...filters, status })) : [filters];
}

/**
 * Writes the view's leads to `path` (replacing it). With several cursors the file is in
 * status-group order: the first group is written to the file as it arrives, the others to
 * temporary files appended after it, so the order costs disk, not memory. A failure or Cancel
 * stops every cursor; the leads already fetched are still all written, each one whole.
 */
export async function exportLeads(request: ExportRequest): Promise<ExportResult> {
  const cursors = exportCursors(request.filters, request.groupBy);
  // Stops the other cursors when one fails, as well as on Cancel.
  const stop = new AbortController();
  const signal = AbortSignal.any([request.signal, stop.signal]);
  let written = 0;
  let error: unknown;
  const wrote = (count: number): void => {
    written += count;
    request.onProgress?.(written);
  };
  const file = await open(request.path, 'w');
  let parts: string | undefined;
  try {
    try {
      if (cursors.length > 1) parts = await mkdtemp(join(tmpdir(), 'topcalls-export-'));
      await file.write(exportHeader(request.format));
      await Promise.all(
        cursors.map(async (filters, i) => {
          const out = i === 0 || parts === undefined ? file : await open(partPath(parts, i), 'w');
          try {
            await pageInto(out, filters, request, signal, wrote);
          } catch (caught) {
            if (!request.signal.aborted) error ??= caught;
            stop.abort();
          } finally {
            if (out !== file) await out.close();
          }
        }),
      );
    } finally {
      await file.close();
    }
    if (parts !== undefined) {
      for (let i = 1; i < cursors.length; i++) {
        await pipeline(createReadStream(partPath(parts, i)), createWriteStream(request.path, { flags: 'a' }));
      }
    }
  } catch (caught) {
    // The file itself failed (disk full, removed): what it holds is unknown past the header.
    error ??= caught;
  } finally {
    if (parts !== undefined) await rm(parts, { recursive: true, force: true });
  }
  return { written, cancelled: request.signal.aborted && error === undefined, ...(error === undefined ? {} : { error }) };
}

function partPath(dir: string, i: number): string {
  return join(dir, `${i}.part`);
}

async function pageInto(out: FileHandle, filters: LeadFilters, request: ExportRequest, signal: AbortSignal, wrote: (count: number) => void): Promise<void> {
  let cursor: string | null = null;
  do {
    const page = await request.listPage(filters, cursor, signal);
    // A page that came in as Cancel was pressed is not written: the count said when stopping is final.
    if (signal.aborted) return;
    await out.write(exportRecords(request.format, page.items));
    wrote(page.items.length);
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor !== null);
}
