import * as assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { compile, responseObject } from '../../src/api/responseObject';
import { LeadPageSchema, LeadSchema, formatPath } from '../../src/api/schemas';
import { sampleLead } from '../fixtures/leads';

// zod's own parser for the same shapes: what the compiled checks must agree with.
const PlainLead = z.object(LeadSchema.shape);
const PlainPage = z.object({ ...LeadPageSchema.shape, items: z.array(PlainLead) });

const { email: _e, notes: _n, metadata: _m, converted_at: _c, list_ids: _l, ...required } = sampleLead;
const validLeads: unknown[] = [
  sampleLead,
  required,
  { ...sampleLead, email: null, notes: null, converted_at: null, tags: [], metadata: {}, list_ids: [] },
  { ...sampleLead, email: undefined },
  { ...sampleLead, extra: 1, metadata: { nested: { deep: [1, { x: null }] } } },
  // Keys in another order: the output follows the schema's.
  Object.fromEntries(Object.entries(sampleLead).reverse()),
];
const invalidLeads: unknown[] = [
  null,
  [],
  'lead',
  { id: 1 },
  { ...sampleLead, status: 'Won' },
  { ...sampleLead, tags: [1] },
  { ...sampleLead, tags: 'vip' },
  { ...sampleLead, email: 5 },
  { ...sampleLead, metadata: [] },
  { ...sampleLead, metadata: null },
  { ...sampleLead, list_ids: [null] },
  { ...sampleLead, name: undefined },
  (({ name: _name, ...withoutName }) => withoutName)(sampleLead),
];

/** Runs fn with zod's jitless set as given, counting `new Function` calls. */
function withJitless<T>(jitless: boolean, fn: () => T): { result: T; functionsBuilt: number } {
  const original = globalThis.Function;
  let functionsBuilt = 0;
  globalThis.Function = new Proxy(original, {
    construct(target, args: string[]) {
      functionsBuilt++;
      return Reflect.construct(target, args) as object;
    },
  });
  z.config({ jitless });
  try {
    return { result: fn(), functionsBuilt };
  } finally {
    globalThis.Function = original;
    z.config({ jitless: false });
  }
}

describe('response schemas (checks compiled from the zod schema)', () => {
  it('is generated code in the extension host', () => {
    const { result, functionsBuilt } = withJitless(false, () => compile(LeadPageSchema));
    assert.equal(typeof result, 'function');
    assert.ok(functionsBuilt >= 2, `one per object (page, lead): ${functionsBuilt}`);
  });

  it('gives exactly what zod gives for valid leads and pages: same values, key order, stripped keys', () => {
    const page = compile(LeadPageSchema);
    const lead = compile(LeadSchema);
    for (const value of validLeads) {
      const expected = PlainLead.parse(value);
      const got = lead?.(value);
      assert.deepEqual(got, expected, JSON.stringify(value));
      assert.deepEqual(Object.keys(got as object), Object.keys(expected));
    }
    const input = { items: validLeads, has_more: true, next_cursor: 'c2', more: 1 };
    const got = page?.(input) as { items: object[] };
    assert.deepEqual(got, PlainPage.parse(input));
    assert.deepEqual(Object.keys(got), ['items', 'has_more', 'next_cursor']);
    assert.notEqual(got.items[0], validLeads[0], 'a new object, as zod returns');
  });

  it('vouches for no invalid lead: each goes to zod, which rejects it with its own issues', () => {
    const lead = compile(LeadSchema);
    for (const value of invalidLeads) {
      assert.equal(typeof lead?.(value), 'symbol', JSON.stringify(value));
      const expected = PlainLead.safeParse(value);
      const got = LeadSchema.safeParse(value);
      assert.equal(got.success, false, JSON.stringify(value));
      assert.deepEqual(got.error?.issues, expected.error?.issues);
    }
    const page = { items: [sampleLead, { ...sampleLead, status: 'Won' }], has_more: false, next_cursor: null };
    assert.deepEqual(
      LeadPageSchema.safeParse(page).error?.issues.map((issue) => formatPath(issue.path)),
      ['items[1].status'],
    );
  });

  it('compiles nothing where code cannot be compiled (jitless: the form, under its CSP), and zod parses alone', () => {
    const { result, functionsBuilt } = withJitless(true, () => {
      const Fresh = responseObject(LeadSchema.shape);
      return { compiled: compile(Fresh), parsed: validLeads.map((value) => Fresh.parse(value)), rejected: invalidLeads.filter((value) => !Fresh.safeParse(value).success) };
    });
    assert.equal(result.compiled, undefined);
    assert.equal(functionsBuilt, 0);
    assert.deepEqual(result.parsed, validLeads.map((value) => PlainLead.parse(value)));
    assert.equal(result.rejected.length, invalidLeads.length);
  });

  it('leaves to zod the kinds it does not model, so their rules still apply', () => {
    assert.equal(compile(z.string().check(z.minLength(2))), undefined);
    assert.equal(compile(z.record(z.string(), z.string())), undefined);
    assert.equal(compile(z.looseObject({ a: z.string() })), undefined);
    assert.equal(compile(z.strictObject({ a: z.string() })), undefined);
    assert.equal(compile(z.union([z.string(), z.boolean()])), undefined);
    const Short = responseObject({ code: z.string().check(z.minLength(2)) });
    assert.equal(Short.safeParse({ code: 'x' }).success, false);
    assert.deepEqual(Short.parse({ code: 'xy', extra: 1 }), { code: 'xy' });
  });

  it('knows a kind by its rules, not its name: string formats and exact optionals go to zod', () => {
    for (const schema of [z.email(), z.uuid(), z.iso.datetime(), z.exactOptional(z.string())]) {
      assert.equal(compile(schema), undefined, schema._zod.def.type);
    }
    const Formats = responseObject({ email: z.email(), id: z.optional(z.uuid()), at: z.exactOptional(z.string()) });
    assert.equal(Formats.safeParse({ email: 'not-an-email' }).success, false);
    assert.equal(Formats.safeParse({ email: 'a@example.com', id: 'nope' }).success, false);
    assert.equal(Formats.safeParse({ email: 'a@example.com', at: undefined }).success, false);
    assert.deepEqual(Formats.parse({ email: 'a@example.com', at: 'x' }), { email: 'a@example.com', at: 'x' });
  });

  it('leaves symbol keys and schemas that contain themselves to zod', () => {
    const key = Symbol('key');
    const WithSymbol = responseObject({ a: z.string(), [key]: z.string() });
    assert.equal(WithSymbol.safeParse({ a: 'x' }).success, false);
    const Node: z.ZodMiniType = z.object({
      name: z.string(),
      get children() {
        return z.optional(z.array(Node));
      },
    });
    const Tree = responseObject({ root: Node });
    assert.equal(compile(Tree), undefined);
    assert.deepEqual(Tree.parse({ root: { name: 'a', children: [{ name: 'b' }] } }), { root: { name: 'a', children: [{ name: 'b' }] } });
    assert.equal(Tree.safeParse({ root: { name: 'a', children: [{ name: 1 }] } }).success, false);
  });

  it('compiles a schema used in two places (only a schema inside itself is refused)', () => {
    const Name = z.string();
    const Twice = responseObject({ first: Name, last: Name });
    assert.equal(typeof compile(Twice), 'function');
    assert.deepEqual(Twice.parse({ first: 'a', last: 'b' }), { first: 'a', last: 'b' });
  });

  it('keeps keys that need quoting intact in generated code', () => {
    const Odd = responseObject({ 'a"b': z.string(), "it's": z.optional(z.string()), 'line\nbreak\u2028': z.boolean() });
    const value = { 'a"b': 'x', "it's": 'y', 'line\nbreak\u2028': true, other: 1 };
    assert.deepEqual(Odd.parse(value), { 'a"b': 'x', "it's": 'y', 'line\nbreak\u2028': true });
    assert.equal(Odd.safeParse({ 'a"b': 'x' }).success, false);
  });
});
