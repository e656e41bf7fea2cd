// What bench/io.ts passes to test/integration/benchIo.test.ts (TOPCALLS_BENCH_IO, JSON) and
// what the test prints back (`TOPCALLS_BENCH {json}`). No imports: the test's bundle stays small.

/** A line the in-editor bench test prints to say where it is; bench/editor.ts passes it on to the log. */
export const PROGRESS_PREFIX = 'TOPCALLS_BENCH_PROGRESS ';

export interface IoConfig {
  url: string;
  token: string;
  listId: string;
  /** Exports of every lead, grouped by status (topcalls.groupBy in the User settings). */
  exports: number;
  /** One CSV file per import, each of `rows` rows whose numbers TopCalls does not have. */
  imports: { csv: string; rows: number }[];
  /**
   * Bulk-request bodies of 2,000 new leads each (JSON files), sent with plain fetch: the import's
   * floor. Half before the imports, half after: the sandbox's insert costs more as it holds more leads.
   */
  floorBodies: string[];
  /** Where the exports are written. */
  outDir: string;
}

/** The extension host's heap (process.memoryUsage().heapUsed) around one action, in bytes. */
export interface HeapUse {
  /** Right before the action, after a full GC when one could be run. */
  baseline: number;
  /** The most seen, sampled every ~50 ms while the action ran. */
  peak: number;
  samples: number;
  /** Right after the action, after a full GC (when one could be run): what it left held, as opposed to garbage. */
  after: number;
}

export interface ExportRun {
  ms: number;
  heap: HeapUse;
  /** Leads in the sandbox when the export started. */
  expected: number;
  written: number;
  cancelled: boolean;
  error?: string;
  /** GET /v1/leads requests the sandbox saw. */
  listRequests: number;
}

export interface ImportRun {
  ms: number;
  heap: HeapUse;
  rows: number;
  invalid: number;
  inserted: number;
  updated: number;
  sent: number;
  failed: number;
  cancelled: boolean;
  error?: string;
  /** POST /v1/leads/bulk requests the sandbox saw. */
  bulkRequests: number;
}

export interface IoResult {
  vscodeVersion: string;
  /** How the baseline was taken: after global.gc(), after a gc exposed at run time, or without a GC. */
  gc: 'global' | 'exposed' | 'none';
  exports: ExportRun[];
  /** One bulk request of 2,000 leads, plain fetch from the extension host: request to parsed answer. */
  bulkMs: { before: number[]; after: number[] };
  /** Leads in the sandbox when the first and the last bulk request of the floor were sent. */
  bulkStoreSizes: { before: number; after: number };
  imports: ImportRun[];
  errors: string[];
}
