// /_sandbox/ control routes (no auth), for tests that drive the sandbox from another process:
//   GET    /_sandbox/requests     the request log (JSON array)      DELETE clears it
//   POST   /_sandbox/faults       inject one fault (JSON; a RegExp path as match.pathRegex)
//   GET    /_sandbox/faults       the armed faults                  DELETE clears them
//   POST   /_sandbox/reset        re-seed ({leads?, seed?}), clear faults and the request log
//   POST   /_sandbox/leads        plant raw leads: [lead...] or {leads: [...], keepUpdatedAt?}
//   GET    /_sandbox/leads/{id}   {lead, writeCount} (raw, even if hostile)   DELETE removes it
//   GET    /_sandbox/stats        {appliedWrites, size, writeCounts, inFlight, peakInFlight}
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Fault } from './faults';
import { json, problem, validationProblem, type ApiResponse } from './http';
import type { LeadStore } from './store';

export interface ControlTarget {
  store: LeadStore;
  requests: readonly unknown[];
  clearRequests(): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  faults(): Fault[];
  reset(opts?: { leads?: number; seed?: number }): void;
  concurrency(): { inFlight: number; peakInFlight: number };
}

const MatchJson = z.object({
  method: z.string().optional(),
  path: z.string().optional(),
  pathRegex: z.string().optional(),
});
const common = {
  match: MatchJson.optional(),
  pathRegex: z.string().optional(),
  times: z.union([z.number().positive(), z.literal('Infinity'), z.null()]).optional(),
};
const FaultJson = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('status'),
    status: z.number().int().min(100).max(599),
    body: z.unknown().optional(),
    contentType: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ ...common, kind: z.literal('html'), status: z.number().int().min(100).max(599).optional() }),
  z.object({ ...common, kind: z.literal('delay'), ms: z.number().min(0) }),
  z.object({ ...common, kind: z.literal('drop'), when: z.enum(['before', 'after']) }),
  z.object({ ...common, kind: z.literal('rateLimit'), retryAfter: z.number().min(0).nullable().optional() }),
  z.object({ ...common, kind: z.literal('malformed') }),
  z.object({ ...common, kind: z.literal('missingField'), field: z.string().min(1) }),
  z.object({ ...common, kind: z.literal('extraField') }),
]);
/** A control body zod refused, as a 400 naming each field. */
const controlProblem = (error: z.ZodError): ApiResponse =>
  validationProblem(error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })));

const ResetJson = z.object({ leads: z.number().int().min(0).max(100_000).optional(), seed: z.number().int().optional() });

/** A fault sent as JSON → a Fault (pathRegex → RegExp, "Infinity"/null times → Infinity). */
export function faultFromJson(value: unknown): Fault | z.ZodError {
  const parsed = FaultJson.safeParse(value);
  if (!parsed.success) return parsed.error;
  const { match, pathRegex, times, ...rest } = parsed.data;
  const regex = match?.pathRegex ?? pathRegex;
  const fault = { ...rest } as Fault;
  if (match || regex !== undefined) {
    fault.match = {
      ...(match?.method !== undefined ? { method: match.method } : {}),
      ...(regex !== undefined ? { path: new RegExp(regex) } : match?.path !== undefined ? { path: match.path } : {}),
    };
  }
  if (times !== undefined) fault.times = times === null || times === 'Infinity' ? Infinity : times;
  return fault;
}

const faultToJson = (fault: Fault): unknown => ({
  ...fault,
  times: fault.times === Infinity ? 'Infinity' : fault.times,
  match: fault.match && {
    method: fault.match.method,
    ...(fault.match.path instanceof RegExp ? { pathRegex: fault.match.path.source } : { path: fault.match.path }),
  },
});

function parseJson(raw: string | undefined): { ok: true; value: unknown } | { ok: false; response: ApiResponse } {
  if (raw === undefined || raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, response: problem(400, 'invalid_json', 'The body is not valid JSON') };
  }
}

export function handleControl(target: ControlTarget, method: string, pathname: string, raw: string | undefined): ApiResponse {
  const body = parseJson(raw);
  if (!body.ok) return body.response;
  const route = `${method} ${pathname.replace(/\/+$/, '')}`;
  const leadMatch = /^\/_sandbox\/leads\/([^/]+)$/.exec(pathname);

  switch (route) {
    case 'GET /_sandbox/requests':
      return json(200, target.requests);
    case 'DELETE /_sandbox/requests':
      target.clearRequests();
      return { status: 204 };
    case 'GET /_sandbox/faults':
      return json(200, target.faults().map(faultToJson));
    case 'POST /_sandbox/faults': {
      const fault = faultFromJson(body.value);
      if (fault instanceof z.ZodError) return controlProblem(fault);
      target.inject(fault);
      return json(201, faultToJson(fault));
    }
    case 'DELETE /_sandbox/faults':
      target.clearFaults();
      return { status: 204 };
    case 'POST /_sandbox/reset': {
      const opts = ResetJson.safeParse(body.value ?? {});
      if (!opts.success) return controlProblem(opts.error);
      target.reset(opts.data);
      return json(200, { size: target.store.size });
    }
    case 'POST /_sandbox/leads': {
      const value = body.value as { leads?: unknown; keepUpdatedAt?: unknown } | unknown[] | undefined;
      const list = Array.isArray(value) ? value : value?.leads;
      if (!Array.isArray(list) || !list.every((l) => typeof l === 'object' && l !== null && !Array.isArray(l))) {
        return problem(400, 'validation_error', 'Send [lead, ...] or {leads: [lead, ...], keepUpdatedAt?: boolean}');
      }
      const keepUpdatedAt = !Array.isArray(value) && value?.keepUpdatedAt === true;
      const planted = (list as Record<string, unknown>[]).map((lead) =>
        target.store.put({ ...lead, id: typeof lead.id === 'string' ? lead.id : randomUUID() }, { keepUpdatedAt }),
      );
      return json(201, { planted });
    }
    case 'GET /_sandbox/stats':
      return json(200, {
        appliedWrites: target.store.appliedWrites,
        size: target.store.size,
        writeCounts: target.store.writeCounts(),
        ...target.concurrency(),
      });
  }

  if (leadMatch?.[1] !== undefined && (method === 'GET' || method === 'DELETE')) {
    const id = decodeURIComponent(leadMatch[1]);
    if (method === 'DELETE') return target.store.remove(id) ? { status: 204 } : problem(404, 'not_found', 'No such lead');
    const lead = target.store.get(id);
    return lead ? json(200, { lead, writeCount: target.store.writeCount(id) }) : problem(404, 'not_found', 'No such lead');
  }
  return problem(404, 'not_found', `No sandbox control route ${method} ${pathname}`);
}
