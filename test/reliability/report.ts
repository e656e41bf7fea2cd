// Structured result lines the reliability tests emit and test/reliability/run.ts adds up.
// Every record is printed as `TOPCALLS_RELIABILITY {json}` (so it shows in any test log),
// and appended to $TOPCALLS_RELIABILITY_FILE when the runner set it. No `vscode` here:
// the in-editor tests, the unit tests and the runner all import it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const RECORD_PREFIX = 'TOPCALLS_RELIABILITY ';
export const RECORD_FILE_ENV = 'TOPCALLS_RELIABILITY_FILE';
/** Set by the runner: also run the slow variants (persistent timeouts). */
export const FULL_ENV = 'TOPCALLS_RELIABILITY_FULL';

export type CaseOutcome = 'pass' | 'fail' | 'pending';

/** One cell of the fault matrix: a surface under a fault. */
export interface FaultCaseRecord {
  type: 'fault-case';
  surface: string;
  fault: string;
  outcome: CaseOutcome;
  /** What the user was told, and where (empty when the surface recovered by itself). */
  message?: string;
  where?: string;
  /** Writes the user asked for that ended neither applied nor reported as failed/uncertain. */
  lost: number;
  /** Effects applied more than once (a note appended twice). */
  duplicated: number;
  /** Extra applications of an idempotent write (same end state), from the client's own retries. */
  replays: number;
  requests: number;
  ms: number;
  error?: string;
  pendingReason?: string;
}

/** A batch of generated bad inputs thrown at one target. */
export interface InputsRecord {
  type: 'inputs';
  area: string;
  tried: number;
  /** Inputs that made the target throw, crash or misbehave. */
  failures: number;
  /** Requests the inputs caused to reach the API (must be 0 where nothing valid was sent). */
  apiRequests: number;
  outcome: CaseOutcome;
  pendingReason?: string;
  error?: string;
}

/** A load run. */
export interface SoakRecord {
  type: 'soak';
  area: string;
  leads: number;
  pages: number;
  edited: number;
  rateLimited: number;
  lost: number;
  duplicated: number;
  ms: number;
  outcome: CaseOutcome;
  error?: string;
}

/** Any other check worth a row (token leak scan, hostile data). */
export interface CheckRecord {
  type: 'check';
  area: string;
  name: string;
  outcome: CaseOutcome;
  /** How many things were looked at (places scanned, leads rendered). */
  checked?: number;
  pendingReason?: string;
  error?: string;
}

export type ReliabilityRecord = FaultCaseRecord | InputsRecord | SoakRecord | CheckRecord;

export function emit(record: ReliabilityRecord): void {
  const line = JSON.stringify(record);
  console.log(`${RECORD_PREFIX}${line}`);
  const file = process.env[RECORD_FILE_ENV];
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${line}\n`);
  }
}

/** Records from a file and/or captured output (lines with the prefix). */
export function parseRecords(text: string): ReliabilityRecord[] {
  const out: ReliabilityRecord[] = [];
  for (const raw of text.split('\n')) {
    const at = raw.indexOf(RECORD_PREFIX);
    const json = at >= 0 ? raw.slice(at + RECORD_PREFIX.length) : raw.trim().startsWith('{') ? raw.trim() : undefined;
    if (!json) continue;
    try {
      const parsed = JSON.parse(json) as ReliabilityRecord;
      if (parsed && typeof parsed === 'object' && 'type' in parsed) out.push(parsed);
    } catch {
      // not a record
    }
  }
  return out;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}

/**
 * Runs one reliability check and emits its record: `pass` when `body` returns, the first
 * line of the error when it throws (and the error goes on to fail the test).
 */
export async function recorded<R extends ReliabilityRecord>(record: R, body: (record: R) => Promise<void> | void): Promise<void> {
  try {
    await body(record);
    record.outcome = 'pass';
  } catch (error) {
    record.error = errorText(error);
    throw error;
  } finally {
    emit(record);
  }
}

/** Small deterministic PRNG (mulberry32) for seeded fault patterns. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
