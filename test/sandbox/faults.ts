// Injected faults: what a flaky network, proxy or newer server could do to a response.
import { JSON_TYPE, PROBLEM_TYPE, STATUS_TITLES, problem, type ApiResponse } from './http';

export type Fault = {
  /** Which requests it hits (method case-insensitive; path is the pathname, no query). Default: every /v1 request. */
  match?: { method?: string; path?: string | RegExp };
  /** How many matching requests it hits; default 1, Infinity allowed. */
  times?: number;
} & (
  /** Answer this instead (the request is not handled). No body: a problem for >= 400, else empty; a string body is sent as it is, anything else as JSON. */
  | { kind: 'status'; status: number; body?: unknown; contentType?: string; headers?: Record<string, string> }
  /** An HTML error page from a "proxy", default 502 (the request is not handled). */
  | { kind: 'html'; status?: number }
  /** Wait, then handle normally. */
  | { kind: 'delay'; ms: number }
  /** Destroy the socket without answering, before or after applying the request. */
  | { kind: 'drop'; when: 'before' | 'after' }
  /** 429 problem (the request is not handled); Retry-After in seconds when a number. */
  | { kind: 'rateLimit'; retryAfter?: number | null }
  /** Handled normally (writes ARE applied), then answered 200 with truncated JSON. */
  | { kind: 'malformed' }
  /** Handled normally; the field is removed from the response object, or from each page item. */
  | { kind: 'missingField'; field: string }
  /** Handled normally; unknown fields (EXTRA_FIELDS) are added to the object and to each page item. */
  | { kind: 'extraField' }
);

/** What the extraField fault adds. */
export const EXTRA_FIELDS: Readonly<Record<string, unknown>> = {
  x_sandbox_extra: 'a field this client does not know',
  ai_score: 0.87,
  call_summary: { last_call_at: '2025-09-30T10:00:00.000Z', outcome: 'voicemail' },
};

interface Armed {
  fault: Fault;
  left: number;
}

export class FaultList {
  private armed: Armed[] = [];

  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error(`fault.times must be positive, got ${String(fault.times)}`);
    this.armed.push({ fault, left: times });
  }

  clear(): void {
    this.armed = [];
  }

  list(): Fault[] {
    return this.armed.map((a) => ({ ...a.fault, times: a.left }));
  }

  /** The first armed fault matching this request, using up one of its times. */
  take(method: string, pathname: string): Fault | undefined {
    const found = this.armed.find((a) => matches(a.fault, method, pathname));
    if (!found) return undefined;
    found.left--;
    if (found.left <= 0) this.armed = this.armed.filter((a) => a !== found);
    return found.fault;
  }
}

function matches(fault: Fault, method: string, pathname: string): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.method !== undefined && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.path instanceof RegExp) {
    m.path.lastIndex = 0;
    return m.path.test(pathname);
  }
  return m.path === undefined || m.path === pathname;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms).unref());

/** 'drop' = destroy the socket without an answer. */
export type FaultOutcome = ApiResponse | 'drop';

/** Apply `fault` around `handle` (which handles the request for real, applying writes). */
export async function applyFault(fault: Fault, handle: () => ApiResponse): Promise<FaultOutcome> {
  switch (fault.kind) {
    case 'status':
      return statusResponse(fault);
    case 'html': {
      const status = fault.status ?? 502;
      const title = `${status} ${STATUS_TITLES[status] ?? 'Error'}`;
      return {
        status,
        contentType: 'text/html; charset=utf-8',
        text: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      };
    }
    case 'delay':
      await sleep(fault.ms);
      return handle();
    case 'drop':
      if (fault.when === 'after') handle();
      return 'drop';
    case 'rateLimit': {
      const headers: Record<string, string> = {};
      if (typeof fault.retryAfter === 'number') headers['Retry-After'] = String(fault.retryAfter);
      return problem(429, 'rate_limited', 'Too many requests; slow down', { headers });
    }
    case 'malformed': {
      const real = handle();
      const text = JSON.stringify(real.json ?? { items: [{ id: 'x' }], has_more: false });
      return { status: 200, contentType: JSON_TYPE, text: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
    }
    case 'missingField':
      return rewrite(handle(), (obj) => {
        if (fault.field in obj) delete obj[fault.field];
        else for (const item of itemsOf(obj)) delete item[fault.field];
      });
    case 'extraField':
      return rewrite(handle(), (obj) => {
        Object.assign(obj, EXTRA_FIELDS);
        for (const item of itemsOf(obj)) Object.assign(item, EXTRA_FIELDS);
      });
  }
}

function statusResponse(fault: Extract<Fault, { kind: 'status' }>): ApiResponse {
  const headers = fault.headers ?? {};
  if (fault.body === undefined) {
    return fault.status >= 400
      ? { ...problem(fault.status, 'sandbox_fault', 'Injected by the sandbox'), headers }
      : { status: fault.status, headers };
  }
  if (typeof fault.body === 'string') {
    return { status: fault.status, headers, text: fault.body, contentType: fault.contentType ?? 'text/plain; charset=utf-8' };
  }
  return {
    status: fault.status,
    headers,
    text: JSON.stringify(fault.body),
    contentType: fault.contentType ?? (fault.status >= 400 ? PROBLEM_TYPE : JSON_TYPE),
  };
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const itemsOf = (obj: JsonObject): JsonObject[] => (Array.isArray(obj.items) ? obj.items.filter(isObject) : []);

/** Change a copy of a successful JSON response; errors and empty bodies pass through. */
function rewrite(real: ApiResponse, change: (obj: JsonObject) => void): ApiResponse {
  if (real.status >= 300 || !isObject(real.json)) return real;
  const copy = structuredClone(real.json);
  change(copy);
  return { ...real, json: copy };
}
