// The faults of the reliability matrix, as data: what the sandbox does, what the server
// ends up having applied, whether the client may recover by itself, and what the user
// must be told. test/integration/reliabilityFaults.test.ts crosses them with the surfaces.
import type { Fault } from '../sandbox';

/** A fault without its target: the surface adds `match`. */
export type FaultBody = Fault extends infer F ? (F extends unknown ? Omit<F, 'match' | 'times'> : never) : never;

export interface FaultSpec {
  id: string;
  /** How often it hits the surface's request: 1 = one blip, Infinity = until cleared. */
  times: number;
  fault: FaultBody;
  /** The server applies the write it hits (the fault comes after handling). */
  applies: boolean;
  /**
   * The client tries again by itself: 'any' = every request (429, never applied),
   * 'replaySafe' = reads and set-type writes only (ambiguous failures), 'none'.
   * `times` decides whether the retries get through.
   */
  retried: 'any' | 'replaySafe' | 'none';
  /** Still a success when nothing is retried (unknown extra fields are fine). */
  harmless?: boolean;
  /** The failure stops the whole view (token, network), not one group: tree → the view's error welcome. */
  accountWide?: boolean;
  /** What the message must say (describeError text: tree, quick and bulk edits). */
  message: RegExp;
  /** The API's (or the client's) own words that must reach the user on every surface, the form included. */
  essence: RegExp;
  /** The ApiError carries these field errors. */
  fieldErrors?: string[];
  /** Needs topcalls.requestTimeoutMs lowered. */
  needsTimeout?: boolean;
  /** Only with TOPCALLS_RELIABILITY_FULL=1 (slow: several seconds per surface). */
  fullOnly?: boolean;
}

/** topcalls.requestTimeoutMs during the matrix, and the delay that outlasts it. */
export const MATRIX_TIMEOUT_MS = 1000;
const DELAY_MS = 1600;

const problemBody = (status: number, title: string, detail: string, errors?: { path: string; message: string; code: string }[]) => ({
  type: `https://api.topcalls.ai/errors/${title.toLowerCase().replace(/\W+/g, '_')}`,
  title,
  status,
  detail,
  ...(errors ? { errors } : {}),
});
const problem = (status: number, title: string, detail: string, errors?: { path: string; message: string; code: string }[]): FaultBody => ({
  kind: 'status',
  status,
  body: problemBody(status, title, detail, errors),
  contentType: 'application/problem+json; charset=utf-8',
});

export const FAULTS: readonly FaultSpec[] = [
  {
    id: '400 field errors',
    times: 1,
    fault: problem(400, 'Bad Request', 'tags[0]: Tag is too long', [{ path: 'tags[0]', message: 'Tag is too long', code: 'too_big' }]),
    applies: false,
    retried: 'none',
    message: /TopCalls refused the request \(HTTP 400\)\. tags\[0\]: Tag is too long/,
    essence: /Tag is too long/,
    fieldErrors: ['tags[0]'],
  },
  {
    id: '401',
    times: 1,
    fault: problem(401, 'Unauthorized', 'The API token was revoked'),
    applies: false,
    retried: 'none',
    accountWide: true,
    message: /TopCalls didn't accept the API token \(401\)\. The API token was revoked/,
    essence: /revoked/,
  },
  {
    id: '403',
    times: 1,
    fault: problem(403, 'Forbidden', 'This token lacks the leads:write scope'),
    applies: false,
    retried: 'none',
    accountWide: true,
    message: /The API token isn't allowed to do this \(403\)\. .*leads:write/,
    essence: /leads:write/,
  },
  {
    id: '404',
    times: 1,
    fault: problem(404, 'Not Found', 'Lead not found'),
    applies: false,
    retried: 'none',
    message: /TopCalls couldn't find it \(404\)\. Lead not found/,
    essence: /Lead not found/,
  },
  {
    id: '409',
    times: 1,
    fault: problem(409, 'Conflict', 'Another lead already has this phone number', [
      { path: 'phone_number', message: 'Phone number already in use', code: 'conflict' },
    ]),
    applies: false,
    retried: 'none',
    message: /TopCalls refused the change: it conflicts with data it holds \(409\)\. Another lead already has this phone number/,
    essence: /already has this phone number/,
    fieldErrors: ['phone_number'],
  },
  {
    id: '413',
    times: 1,
    fault: problem(413, 'Payload Too Large', 'The request body is larger than 1048576 bytes'),
    applies: false,
    retried: 'none',
    message: /TopCalls refused the request \(HTTP 413\)\. .*larger than/,
    essence: /larger than/,
  },
  {
    id: '415',
    times: 1,
    fault: problem(415, 'Unsupported Media Type', 'Send application/json'),
    applies: false,
    retried: 'none',
    message: /TopCalls refused the request \(HTTP 415\)\. Send application\/json/,
    essence: /application\/json/,
  },
  {
    id: '429 Retry-After: 1',
    times: 1,
    fault: { kind: 'rateLimit', retryAfter: 1 },
    applies: false,
    retried: 'any',
    message: /TopCalls is rate limiting requests \(429\)/,
    essence: /Too many requests/i,
  },
  {
    id: '429 no Retry-After',
    times: 1,
    fault: { kind: 'rateLimit', retryAfter: null },
    applies: false,
    retried: 'any',
    message: /TopCalls is rate limiting requests \(429\)/,
    essence: /Too many requests/i,
  },
  {
    id: '429 Retry-After: 120 (persistent)',
    times: Infinity,
    fault: { kind: 'rateLimit', retryAfter: 120 },
    applies: false,
    retried: 'any',
    message: /rate limiting requests \(429\).*Try again in 120 s/,
    essence: /Too many requests/i,
  },
  {
    id: '429 no Retry-After (persistent)',
    times: Infinity,
    fault: { kind: 'rateLimit', retryAfter: null },
    applies: false,
    retried: 'any',
    message: /TopCalls is rate limiting requests \(429\)/,
    essence: /Too many requests/i,
  },
  {
    id: '500',
    times: 1,
    fault: problem(500, 'Internal Server Error', 'Something broke'),
    applies: false,
    retried: 'replaySafe',
    message: /TopCalls had a problem on its side \(HTTP 500\)\. Something broke/,
    essence: /Something broke/,
  },
  {
    id: '500 (persistent)',
    times: Infinity,
    fault: problem(500, 'Internal Server Error', 'Something broke'),
    applies: false,
    retried: 'replaySafe',
    message: /TopCalls had a problem on its side \(HTTP 500\)\. Something broke/,
    essence: /Something broke/,
  },
  {
    id: 'HTML 502 (persistent)',
    times: Infinity,
    fault: { kind: 'html', status: 502 },
    applies: false,
    retried: 'replaySafe',
    message: /TopCalls had a problem on its side \(HTTP 502\)\. .*web page instead of an API response/,
    essence: /web page/,
  },
  {
    id: 'timeout',
    times: 1,
    fault: { kind: 'delay', ms: DELAY_MS },
    applies: true,
    retried: 'replaySafe',
    accountWide: true,
    message: /TopCalls didn't answer in time\./,
    essence: /didn't answer in time/,
    needsTimeout: true,
  },
  {
    id: 'timeout (persistent)',
    times: Infinity,
    fault: { kind: 'delay', ms: DELAY_MS },
    applies: true,
    retried: 'replaySafe',
    accountWide: true,
    message: /TopCalls didn't answer in time\./,
    essence: /didn't answer in time/,
    needsTimeout: true,
    fullOnly: true,
  },
  {
    id: 'dropped before applying',
    times: 1,
    fault: { kind: 'drop', when: 'before' },
    applies: false,
    retried: 'replaySafe',
    accountWide: true,
    message: /Couldn't reach TopCalls\./,
    essence: /Couldn't reach TopCalls/,
  },
  {
    id: 'dropped before applying (persistent)',
    times: Infinity,
    fault: { kind: 'drop', when: 'before' },
    applies: false,
    retried: 'replaySafe',
    accountWide: true,
    message: /Couldn't reach TopCalls\./,
    essence: /Couldn't reach TopCalls/,
  },
  {
    id: 'dropped after applying',
    times: 1,
    fault: { kind: 'drop', when: 'after' },
    applies: true,
    retried: 'replaySafe',
    accountWide: true,
    message: /Couldn't reach TopCalls\./,
    essence: /Couldn't reach TopCalls/,
  },
  {
    id: 'malformed JSON',
    times: 1,
    fault: { kind: 'malformed' },
    applies: true,
    retried: 'none',
    message: /TopCalls sent an answer the extension can't read\. .*not valid JSON/,
    essence: /not valid JSON/,
  },
  {
    id: 'missing required field',
    times: 1,
    fault: { kind: 'missingField', field: 'name' },
    applies: true,
    retried: 'none',
    message: /TopCalls sent an answer the extension can't read\. .*unexpected shape.*name/,
    essence: /unexpected shape/,
  },
  {
    id: 'unknown extra fields',
    times: 1,
    fault: { kind: 'extraField' },
    applies: true,
    retried: 'none',
    harmless: true,
    message: /^$/,
    essence: /^$/,
  },
];

/** Whether the surface ends in success on its own under this fault. */
export function recovers(spec: FaultSpec, replaySafe: boolean): boolean {
  if (spec.harmless) return true;
  // The client makes 4 attempts in all: a blip is absorbed, a persistent fault is not.
  const retriedHere = spec.retried === 'any' || (spec.retried === 'replaySafe' && replaySafe);
  if (!retriedHere) return false;
  if (spec.fault.kind === 'rateLimit' && typeof spec.fault.retryAfter === 'number' && spec.fault.retryAfter > 30) return false;
  return spec.times < 4;
}

export function faultsFor(full: boolean): FaultSpec[] {
  return FAULTS.filter((f) => full || !f.fullOnly);
}
