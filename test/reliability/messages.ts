// Generators of hostile webview → host messages (fast-check), shared by the unit and the
// in-editor property tests. No `vscode` here.
import fc from 'fast-check';
import { ToHostSchema } from '../../src/shared/protocol';

const TYPES = ['ready', 'edit', 'action', 'init', 'document', 'notice', 'save', 'EDIT', ' edit', '__proto__', 'constructor', 'toString'];
const FIELDS = ['name', 'phone_number', 'email', 'status', 'notes', 'notes_append', 'tags', 'metadata', 'id', 'account_id', 'updated_at', 'list_id', '_readonly', '__proto__', 'constructor', 'prototype'];

const big = fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'x'.repeat(n));
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\uD800',
  '<script>alert(1)</script>',
  '[x](command:topcalls.signOut)',
  '{"__proto__":{"polluted":true}}',
  '+1',
  '+999999999999999999',
  'New ',
  'new',
  'Lost',
  '1970-01-01T00:00:00.000Z',
  'NaN',
);
const scalar = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 20 }), nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: big }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) });
const deep = fc.integer({ min: 50, max: 2_000 }).map((depth) => {
  let node: unknown = 'bottom';
  for (let i = 0; i < depth; i++) node = { a: node };
  return node;
});
/** A JSON.parse'd object whose own `__proto__` key is data, as a webview could send. */
const protoKey = fc.constant(null).map(() => JSON.parse('{"__proto__": {"polluted": true}, "name": "x"}') as unknown);
const extraKeys = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS, 'type', 'extra', 'result'), fc.string({ maxLength: 10 })), value, { maxKeys: 3 });

const edit = fc.record(
  {
    type: fc.constant('edit'),
    seq: fc.oneof(fc.nat(), value),
    field: fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })),
    value: fc.oneof(value, protoKey, deep),
  },
  { requiredKeys: ['type'] },
);

/** Everything a broken or compromised webview might post. */
export const hostileMessage: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 4, arbitrary: edit },
  { weight: 2, arbitrary: fc.tuple(edit, extraKeys).map(([e, extra]) => ({ ...extra, ...e })) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('action'), action: fc.oneof(fc.constantFrom('delete', 'openExternal', 'setToken ', 'Save', 'revert'), fc.string()) }) },
  { weight: 2, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 10 })), extraKeys).map(([type, extra]) => ({ ...extra, type })) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: big },
);

/**
 * Messages the protocol accepts and that legitimately act (an edit changes the document, an
 * action saves it, opens its text or asks for a token): not "bad inputs", so the property
 * tests set them aside and count them.
 */
export function legitimateAction(message: unknown): boolean {
  const parsed = ToHostSchema.safeParse(message);
  return parsed.success && (parsed.data.type === 'edit' || parsed.data.type === 'action');
}

export function prototypeIntact(): boolean {
  return (Object.prototype as Record<string, unknown>).polluted === undefined && ({} as Record<string, unknown>).polluted === undefined;
}
