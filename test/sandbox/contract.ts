// The API contract (docs/api/openapi.yaml, vendored from ../shared/api/), loaded and compiled
// once per process: the operations, and a validator for each operation's path, query and body
// and for each response it documents. The sandbox validates with these, never with the
// client's own schemas, so a wrong rule in the client is not mirrored by the server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isValidPhoneNumber } from 'libphonenumber-js';
import { parse } from 'yaml';
import type { FieldError } from './http';

const CONTRACT_FILE = path.join('docs', 'api', 'openapi.yaml');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Schema = Record<string, unknown>;

export interface Operation {
  /** `PATCH /v1/leads/{id}`: the key routes are registered under. */
  key: string;
  method: string;
  template: string;
  /** The path parameters' names, in template order, and their validator (an object of them). */
  pathParams: string[];
  checkPath: ValidateFunction;
  queryParams: Set<string>;
  /** Coerces the query strings to the declared types and applies the declared defaults. */
  checkQuery: ValidateFunction;
  /** Applies the declared defaults; undefined when the operation takes no body. */
  checkBody: ValidateFunction | undefined;
  /**
   * By status (`"200"`, `"default"`), then media type; null when that response has no content.
   * Compiled on first use: only sandboxes that check their responses need them.
   */
  responses: Map<string, Map<string, () => ValidateFunction> | null>;
}

export interface PathItem {
  template: string;
  pattern: RegExp;
  operations: Map<string, Operation>;
}

export interface Contract {
  /** Literal paths before templated ones, so /v1/leads/bulk is not read as /v1/leads/{id}. */
  paths: PathItem[];
}

/** docs/api/openapi.yaml, found from here upwards (this file also runs bundled, from out/test/). */
export function contractFile(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONTRACT_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${CONTRACT_FILE} not found above ${from}`);
  }
}

/**
 * Rules the contract states in prose, attached as keywords to the component that states them.
 * Phone: "The server also checks it is dialable with libphonenumber-js" (the library's own
 * default metadata: the sandbox shares nothing with the client's phone code).
 */
const PROSE_KEYWORDS: Record<string, Schema> = { Phone: { dialable: true } };

function newAjv(options: { coerceTypes?: boolean; useDefaults?: boolean }): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, ...options });
  addFormats(ajv);
  // Documentation only: what the contract leaves open (see the sandbox README for its choices).
  ajv.addKeyword({ keyword: 'x-undocumented', schemaType: 'array' });
  ajv.addKeyword({
    keyword: 'dialable',
    type: 'string',
    schemaType: 'boolean',
    error: { message: 'must be a phone number some country dials' },
    validate: (wanted: boolean, value: string) => !wanted || isValidPhoneNumber(value),
  });
  return ajv;
}

/**
 * `schema` with every local `$ref` replaced by what it points to (the contract has no cycles),
 * the prose keywords added, and, when `close`, `additionalProperties: false` on each object that
 * lists its properties. Closing is for request bodies only: the contract does not say whether
 * unknown body fields are refused (x-undocumented); the sandbox refuses them, so a client that
 * sends a misspelt or foreign field finds out here rather than losing it silently.
 */
function inline(doc: Schema, node: unknown, close: boolean, seen: readonly string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(doc, item, close, seen));
  if (typeof node !== 'object' || node === null) return node;
  const ref = (node as Schema).$ref;
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/') || seen.includes(ref)) throw new Error(`unsupported $ref ${ref} in the contract`);
    const parts = ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const target = parts.reduce<unknown>((at, part) => (at as Schema | undefined)?.[part], doc);
    if (target === undefined) throw new Error(`$ref ${ref} points nowhere in the contract`);
    const resolved = inline(doc, target, close, [...seen, ref]) as Schema;
    const component = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1];
    return { ...resolved, ...(component !== undefined ? PROSE_KEYWORDS[component] : undefined) };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) out[key] = inline(doc, value, close, seen);
  if (close && out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

function parametersSchema(params: readonly Parameter[]): Schema {
  return {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
}

const once = <T>(make: () => T): (() => T) => {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
};

function compileContract(doc: Schema): Contract {
  const bodies = newAjv({ useDefaults: true });
  const queries = newAjv({ coerceTypes: true, useDefaults: true });
  const answers = once(() => newAjv({}));
  const paths: PathItem[] = [];

  for (const [template, rawItem] of Object.entries((doc.paths ?? {}) as Record<string, Schema>)) {
    const item = inline(doc, rawItem, false) as Schema;
    const pathParams = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`);
    const operations = new Map<string, Operation>();
    for (const method of METHODS) {
      const op = item[method] as Schema | undefined;
      if (!op) continue;
      // Operation-level parameters override path-level ones of the same name and place.
      const byKey = new Map<string, Parameter>();
      for (const p of [...((item.parameters ?? []) as Parameter[]), ...((op.parameters ?? []) as Parameter[])]) {
        byKey.set(`${p.in}:${p.name}`, p);
      }
      const params = [...byKey.values()];
      const query = params.filter((p) => p.in === 'query');
      const rawBody = ((rawItem[method] as Schema).requestBody as Schema | undefined)?.content as Record<string, Schema> | undefined;
      const bodySchema = rawBody?.['application/json']?.schema;
      const responses = new Map<string, Map<string, () => ValidateFunction> | null>();
      for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Schema>)) {
        const content = response.content as Record<string, Schema> | undefined;
        responses.set(
          status,
          content
            ? new Map(Object.entries(content).map(([type, media]) => [type, once(() => answers().compile((media.schema ?? {}) as Schema))]))
            : null,
        );
      }
      operations.set(method.toUpperCase(), {
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        pathParams,
        checkPath: bodies.compile(parametersSchema(params.filter((p) => p.in === 'path'))),
        queryParams: new Set(query.map((p) => p.name)),
        checkQuery: queries.compile(parametersSchema(query)),
        checkBody: bodySchema === undefined ? undefined : bodies.compile(inline(doc, bodySchema, true) as Schema),
        responses,
      });
    }
    paths.push({ template, pattern, operations });
  }
  paths.sort((a, b) => Number(a.template.includes('{')) - Number(b.template.includes('{')));
  return { paths };
}

let loaded: Contract | undefined;

/** The compiled contract: read and compiled on first use (the first sandbox started), then shared. */
export function contract(): Contract {
  loaded ??= compileContract(parse(fs.readFileSync(contractFile(), 'utf8')) as Schema);
  return loaded;
}

/** `leads[3].name` from the JSON pointer `/leads/3/name`: indexes where `data` holds an array. */
function fieldPath(pointer: string, data: unknown, extra?: string): string {
  const parts = pointer === '' ? [] : pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  let at = data;
  for (const part of parts) {
    out += Array.isArray(at) ? `[${part}]` : out === '' ? part : `.${part}`;
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[part] : undefined;
  }
  return out;
}

/**
 * Where a oneOf fails, only the alternative that came closest (fewest errors) is reported,
 * with the oneOf's own message only when several came as close: `{ids: ["x"]}` is about ids[0],
 * not about a missing filter.
 */
function closestAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const oneOf of errors.filter((e) => e.keyword === 'oneOf')) {
    const prefix = `${oneOf.schemaPath}/`;
    const counts = new Map<string, number>();
    for (const e of kept) {
      const branch = e.schemaPath.startsWith(prefix) ? e.schemaPath.slice(prefix.length).split('/')[0] : undefined;
      if (branch !== undefined) counts.set(branch, (counts.get(branch) ?? 0) + 1);
    }
    const fewest = Math.min(...counts.values());
    const best = [...counts].filter(([, n]) => n === fewest).map(([branch]) => branch);
    kept = kept.filter((e) => {
      if (e === oneOf) return best.length > 1;
      const branch = e.schemaPath.startsWith(prefix) ? e.schemaPath.slice(prefix.length).split('/')[0] : undefined;
      return branch === undefined || branch === best[0];
    });
  }
  return kept;
}

/** A validator's errors as `errors[]` entries naming the field each is about. */
export function fieldErrors(validate: ValidateFunction, data: unknown): FieldError[] {
  return closestAlternatives(validate.errors ?? []).map((e) => {
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    if (e.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
      const p = fieldPath(e.instancePath, data, params.additionalProperty);
      return { path: p, message: `Unknown field "${params.additionalProperty}"`, code: e.keyword };
    }
    const p = fieldPath(e.instancePath, data, e.keyword === 'required' ? params.missingProperty : undefined);
    return { path: p, message: e.message ?? 'is invalid', code: e.keyword };
  });
}

/** The operation for a method and pathname: found, no such path, or a path without that method. */
export function findOperation(
  method: string,
  pathname: string,
): { operation: Operation; segments: string[] } | { missing: 'path' } | { missing: 'method'; allowed: string[] } {
  for (const item of contract().paths) {
    const match = item.pattern.exec(pathname);
    if (!match) continue;
    const operation = item.operations.get(method);
    if (!operation) return { missing: 'method', allowed: [...item.operations.keys()] };
    return { operation, segments: match.slice(1) };
  }
  return { missing: 'path' };
}
