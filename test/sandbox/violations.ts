// What did not conform to the contract: requests (always the client's doing: faults only ever
// change responses) and, when a sandbox checks them, its own responses (the sandbox drifting).
//
// Each sandbox keeps its own list until someone takes it: clearRequests() and reset() leave it
// alone, so a test cannot wash away a client's bad request by resetting. Test suites take them
// all at the end of every test (takeUnreportedViolations) and fail when there are any; tests
// that send bad requests on purpose take their own sandbox's first. When the environment names
// a file (TOPCALLS_CONTRACT_VIOLATIONS_FILE), every violation is also appended to it as a JSON
// line, for runners whose sandboxes live in another process (the in-editor suite's extension host).
import * as fs from 'node:fs';

export const VIOLATIONS_FILE_ENV = 'TOPCALLS_CONTRACT_VIOLATIONS_FILE';

export interface ContractViolation {
  side: 'request' | 'response';
  /** The X-Request-Id the sandbox answered with. */
  requestId: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** The request body (parsed JSON, else the raw text); for a response violation, the response body. */
  body: unknown;
  /** The status answered (for a request violation, 0 when a fault dropped it). */
  status: number;
  /** What does not conform, one line each, e.g. `body.phone_number: must match format "email"`. */
  errors: string[];
}

export class ViolationLog {
  private list: ContractViolation[] = [];

  constructor(private readonly file = process.env[VIOLATIONS_FILE_ENV]) {
    open.add(this);
  }

  add(violation: ContractViolation): void {
    this.list.push(violation);
    if (this.file) fs.appendFileSync(this.file, `${JSON.stringify(violation)}\n`);
  }

  get all(): readonly ContractViolation[] {
    return this.list;
  }

  take(): ContractViolation[] {
    const taken = this.list;
    this.list = [];
    return taken;
  }

  /** The sandbox closed: once its last violations are taken, forget it. */
  close(): void {
    closed.add(this);
  }
}

const open = new Set<ViolationLog>();
const closed = new WeakSet<ViolationLog>();

/** Every violation no one has taken yet, from every sandbox started in this process (taking them). */
export function takeUnreportedViolations(): ContractViolation[] {
  const out: ContractViolation[] = [];
  for (const log of open) {
    out.push(...log.take());
    if (closed.has(log)) open.delete(log);
  }
  return out;
}

/** What sandboxes in another process appended to `file` (none when it does not exist). */
export function readViolationsFile(file: string): ContractViolation[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ContractViolation);
}

/** One line per violation, for a failure message. */
export function describeViolations(violations: readonly ContractViolation[]): string {
  return violations
    .map((v) => `${v.side} ${v.method} ${v.path}${Object.keys(v.query).length ? `?${new URLSearchParams(v.query).toString()}` : ''} (${v.status}): ${v.errors.join('; ')}`)
    .join('\n');
}
