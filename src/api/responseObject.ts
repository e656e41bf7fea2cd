// zod objects for API responses, with a fast path compiled from the zod schema itself.
//
// Every page of the tree is 200 leads through zod, whose object parser hands each field
// its own `{ value, issues }` record: on a 50-page load that is most of the client's time
// over a bare fetch. A response is almost always valid, so it is first put through plain
// checks built from the same schema; anything they do not accept outright goes to zod,
// whose answer (and whose messages) then stands. The schema stays the one source of truth.
import type * as z from 'zod/mini';
import { config, ZodMiniType } from 'zod/mini';
// Named imports from zod's core, not `z.core.…`: a namespace object would keep all of it in the bundles.
import { $constructor, $ZodObject } from 'zod/v4/core';

/** What a compiled check returns for a value it does not vouch for (zod then decides). */
const UNSURE: unique symbol = Symbol('unsure');
type Compiled = (value: unknown) => unknown;
interface Field {
  key: string;
  check: Compiled;
  /** zod leaves such a key out when absent and keeps it when present; others must be present. */
  mayBeAbsent: boolean;
}

interface Def {
  coerce?: boolean;
  checks?: unknown[];
  innerType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  catchall?: unknown;
  fn?: (value: unknown) => unknown;
}

/**
 * The direct check for a schema, giving exactly zod's output when it accepts: undefined for
 * anything else (refinements, string formats, unions, records, exact optionals, recursion…),
 * which zod then parses alone. A kind is known by zod's own traits, not by `def.type` alone:
 * `z.email()` is a "string" and `z.exactOptional()` an "optional" with rules of their own.
 */
export function compile(schema: z.core.$ZodType, ancestors = new Set<z.core.$ZodType>()): Compiled | undefined {
  // A schema inside itself (a tree of nodes) is left to zod, which parses it lazily.
  if (ancestors.has(schema)) return undefined;
  ancestors.add(schema);
  try {
    return compileKind(schema, ancestors);
  } finally {
    ancestors.delete(schema);
  }
}

function compileKind(schema: z.core.$ZodType, ancestors: Set<z.core.$ZodType>): Compiled | undefined {
  const zod = schema._zod;
  const def = zod.def as Def;
  if (def.checks?.length || def.coerce) return undefined;
  const inner = (of: z.core.$ZodType | undefined): Compiled | undefined => of && compile(of, ancestors);
  switch (coreTraits(schema)) {
    case '$ZodString,$ZodType':
      return (value) => (typeof value === 'string' ? value : UNSURE);
    case '$ZodBoolean,$ZodType':
      return (value) => (typeof value === 'boolean' ? value : UNSURE);
    case '$ZodEnum,$ZodType': {
      const values = zod.values;
      return values && ((value) => (values.has(value as never) ? value : UNSURE));
    }
    case '$ZodCheck,$ZodCustom,$ZodType': {
      const fn = def.fn;
      return fn && ((value) => {
        const ok = fn(value);
        return ok && !(ok instanceof Promise) ? value : UNSURE;
      });
    }
    case '$ZodNullable,$ZodType': {
      const check = inner(def.innerType);
      return check && ((value) => (value === null ? null : check(value)));
    }
    case '$ZodOptional,$ZodType': {
      const check = inner(def.innerType);
      return check && ((value) => (value === undefined ? undefined : check(value)));
    }
    case '$ZodArray,$ZodType': {
      const element = inner(def.element);
      return element && ((value) => compileArray(value, element));
    }
    case '$ZodObject,$ZodType':
      return def.catchall === undefined && def.shape ? compileObject(def.shape, ancestors) : undefined;
    default:
      return undefined;
  }
}

/** zod core's traits of a schema (`$Zod…`), sorted: the API wrappers around them (zod/mini's, ours) do not change parsing. */
function coreTraits(schema: z.core.$ZodType): string {
  return [...schema._zod.traits].filter((trait) => trait.startsWith('$')).sort().join(',');
}

function compileArray(value: unknown, element: Compiled): unknown {
  if (!Array.isArray(value)) return UNSURE;
  const out: unknown[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = element(value[i]);
    if (item === UNSURE) return UNSURE;
    out[i] = item;
  }
  return out;
}

function compileObject(shape: Record<string, z.core.$ZodType>, ancestors: Set<z.core.$ZodType>): Compiled | undefined {
  // Symbol keys are checked by zod and invisible to Object.entries.
  if (Object.getOwnPropertySymbols(shape).length) return undefined;
  const fields: Field[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const check = compile(schema, ancestors);
    if (!check || key === '__proto__') return undefined;
    fields.push({ key, check, mayBeAbsent: schema._zod.optin === 'optional' && schema._zod.optout === 'optional' });
  }
  return generatedObject(fields);
}

/**
 * The object check as straight-line code with literal keys: a new object with the shape's
 * keys in its order, unknown keys stripped, as zod returns. Generated because V8 runs it
 * several times faster than a loop over computed keys. Only the shape's own keys (as JSON
 * string literals) go into the source, never data. None where code cannot be compiled (the
 * form's CSP, which sets zod's `jitless`): zod parses alone there.
 */
function generatedObject(fields: Field[]): Compiled | undefined {
  if (config().jitless) return undefined;
  const lines = fields.map(({ key, mayBeAbsent }, i) => {
    const k = JSON.stringify(key);
    return `if (${k} in value) { v = c${i}(value[${k}]); if (v === U) return U; out[${k}] = v; }${mayBeAbsent ? '' : ' else return U;'}`;
  });
  const source = [
    'return function (value) {',
    "if (typeof value !== 'object' || value === null || Array.isArray(value)) return U;",
    'const out = {};',
    'let v;',
    ...lines,
    'return out;',
    '};',
  ].join('\n');
  try {
    return new Function('U', ...fields.map((_, i) => `c${i}`), source)(UNSURE, ...fields.map((f) => f.check)) as Compiled;
  } catch {
    return undefined;
  }
}

type Payload = z.core.ParsePayload;
const initMiniType: (inst: z.ZodMiniObject, def: z.core.$ZodObjectDef) => void = ZodMiniType.init;

/** A zod/mini object whose parse tries the compiled checks first. Built the way zod builds its own types. */
const ZodMiniResponseObject = $constructor('ZodMiniResponseObject', (inst: z.ZodMiniObject, def: z.core.$ZodObjectDef) => {
  $ZodObject.init(inst, def);
  initMiniType(inst, def);
  Object.defineProperty(inst, 'shape', { value: def.shape });
  const parse = inst._zod.parse;
  // Compiled on first use: the shape may name schemas defined after this one.
  let compiled: Compiled | null | undefined;
  inst._zod.parse = (payload: Payload, ctx: z.core.ParseContextInternal) => {
    compiled ??= compile(inst) ?? null;
    const value = compiled ? compiled(payload.value) : UNSURE;
    if (value === UNSURE) return parse(payload, ctx);
    payload.value = value;
    return payload;
  };
});

/** z.object for something the API sends: the same schema, parsed faster when valid. */
export function responseObject<T extends z.core.$ZodLooseShape>(shape: T): z.ZodMiniObject<T, z.core.$strip> {
  return new ZodMiniResponseObject({ type: 'object', shape }) as unknown as z.ZodMiniObject<T, z.core.$strip>;
}
