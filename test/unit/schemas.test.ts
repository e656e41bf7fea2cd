import * as assert from 'node:assert/strict';
import {
  LeadCreateSchema,
  LeadPageSchema,
  LeadPatchSchema,
  LeadSchema,
  ProblemSchema,
  describeZodError,
  fieldErrors,
} from '../../src/shared/schemas';
import { sampleLead } from '../fixtures/leads';


function patchErrors(value: unknown): Record<string, string[]> {
  const result = LeadPatchSchema.safeParse(value);
  assert.equal(result.success, false, `expected ${JSON.stringify(value)} to be rejected`);
  return result.success ? {} : fieldErrors(result.error);
}

function accepts(value: unknown): void {
  const result = LeadPatchSchema.safeParse(value);
  assert.ok(result.success, `expected ${JSON.stringify(value)} to be accepted: ${result.success ? '' : describeZodError(result.error)}`);
}

describe('LeadPatchSchema', () => {
  it('accepts each editable field alone', () => {
    accepts({ name: 'A' });
    accepts({ phone_number: '+14155552671' });
    accepts({ phone_number: '+442079460958' });
    accepts({ email: 'a@b.co' });
    accepts({ email: null });
    accepts({ status: 'Converted' });
    accepts({ notes: 'hello' });
    accepts({ notes: null });
    accepts({ notes_append: 'called back' });
    accepts({ tags: [] });
    accepts({ tags: ['a', 'b'] });
    accepts({ metadata: {} });
    accepts({ metadata: { nested: { deep: [1, 2] } } });
  });

  it('rejects an empty patch', () => {
    assert.ok('' in patchErrors({}));
  });

  it('rejects notes together with notes_append, on notes_append', () => {
    assert.ok(patchErrors({ notes: 'a', notes_append: 'b' }).notes_append);
    assert.ok(patchErrors({ notes: null, notes_append: 'b' }).notes_append);
  });

  it('rejects an empty name', () => {
    assert.ok(patchErrors({ name: '' }).name);
  });

  it('rejects phone numbers that are not E.164', () => {
    for (const phone of ['4155552671', '+1 415 555 2671', '+0123456789', '+1234', '+1234567890123456', '']) {
      assert.ok(patchErrors({ phone_number: phone }).phone_number, phone);
    }
  });

  it('rejects E.164-shaped numbers that no country dials', () => {
    assert.ok(patchErrors({ phone_number: '+99912345678' }).phone_number);
    assert.ok(patchErrors({ phone_number: '+10000000000' }).phone_number);
  });

  it('rejects invalid emails but accepts null', () => {
    assert.ok(patchErrors({ email: 'not-an-email' }).email);
    assert.ok(patchErrors({ email: 'a@' }).email);
    accepts({ email: null });
  });

  it('rejects statuses outside the enum', () => {
    assert.ok(patchErrors({ status: 'Lost' }).status);
    assert.ok(patchErrors({ status: 'new' }).status);
  });

  it('rejects tags that are not strings, naming the index', () => {
    assert.ok(patchErrors({ tags: ['ok', 3] })['tags[1]']);
    assert.ok(patchErrors({ tags: 'vip' }).tags);
  });

  it('rejects metadata that is not a plain object', () => {
    // A Map or a Date can arrive from the form (structured clone) and would be sent as {} or a string.
    for (const metadata of [[1], null, 'x', 3, new Map([['a', 1]]), new Date(0)]) {
      assert.ok(patchErrors({ metadata }).metadata, Object.prototype.toString.call(metadata));
    }
  });

  it('rejects unknown fields and read-only ones', () => {
    assert.ok(Object.keys(patchErrors({ name: 'A', id: 'x' })).length > 0);
    assert.ok(Object.keys(patchErrors({ name: 'A', updated_at: 'x' })).length > 0);
  });

  it('rejects wrong types for nullable strings', () => {
    assert.ok(patchErrors({ notes: 3 }).notes);
    assert.ok(patchErrors({ notes_append: null }).notes_append);
  });
});

describe('LeadCreateSchema', () => {
  const base = { name: 'A', phone_number: '+14155552671', list_id: 'c0ffee00-0000-4000-8000-000000000001' };

  it('requires name, phone_number and a UUID list_id', () => {
    assert.ok(LeadCreateSchema.safeParse(base).success);
    for (const key of ['name', 'phone_number', 'list_id'] as const) {
      const { [key]: _omitted, ...rest } = base;
      const result = LeadCreateSchema.safeParse(rest);
      assert.ok(!result.success && key in fieldErrors(result.error), key);
    }
    assert.ok(!LeadCreateSchema.safeParse({ ...base, list_id: 'not-a-uuid' }).success);
  });

  it('applies the same field rules as a patch', () => {
    assert.ok(!LeadCreateSchema.safeParse({ ...base, phone_number: '+99912345678' }).success);
    assert.ok(!LeadCreateSchema.safeParse({ ...base, notes: 'a', notes_append: 'b' }).success);
    assert.ok(LeadCreateSchema.safeParse({ ...base, email: null, status: 'New', tags: ['x'], metadata: {} }).success);
  });
});

describe('LeadSchema (responses)', () => {
  it('parses a documented lead', () => {
    const lead = LeadSchema.parse(sampleLead);
    assert.equal(lead.name, 'Ada Lovelace');
  });

  it('tolerates unknown extra fields', () => {
    const lead = LeadSchema.parse({ ...sampleLead, score: 42, nested: { a: 1 } });
    assert.equal(lead.id, sampleLead.id);
  });

  it('tolerates absent optional fields', () => {
    const { email: _e, notes: _n, metadata: _m, converted_at: _c, list_ids: _l, ...required } = sampleLead;
    assert.ok(LeadSchema.safeParse(required).success);
  });

  it('names each missing required field', () => {
    for (const field of ['id', 'account_id', 'name', 'phone_number', 'status', 'tags', 'created_at', 'updated_at'] as const) {
      const { [field]: _omitted, ...rest } = sampleLead;
      const result = LeadSchema.safeParse(rest);
      assert.ok(!result.success, field);
      assert.match(describeZodError(result.error), new RegExp(`^${field}:`), field);
    }
  });

  it('names the item of a page that is broken', () => {
    const { phone_number: _p, ...broken } = sampleLead;
    const result = LeadPageSchema.safeParse({ items: [sampleLead, broken], has_more: false, next_cursor: null });
    assert.ok(!result.success);
    assert.match(describeZodError(result.error), /items\[1\]\.phone_number/);
  });

  it('keeps the message short when every item of a page is broken', () => {
    const { phone_number: _p, ...broken } = sampleLead;
    const result = LeadPageSchema.safeParse({ items: Array.from({ length: 50 }, () => broken), has_more: false, next_cursor: null });
    assert.ok(!result.success);
    const text = describeZodError(result.error);
    assert.match(text, /^items\[0\]\.phone_number: .*\(and 47 more\)$/);
    assert.ok(text.length < 400);
  });

  it('requires has_more and next_cursor on a page', () => {
    assert.ok(!LeadPageSchema.safeParse({ items: [] }).success);
    assert.ok(LeadPageSchema.safeParse({ items: [], has_more: true, next_cursor: 'abc' }).success);
  });
});

describe('ProblemSchema', () => {
  it('parses RFC 7807 bodies with field errors and keeps extensions', () => {
    const problem = ProblemSchema.parse({
      type: 'https://api.topcalls.ai/errors/validation',
      title: 'Invalid request',
      status: 400,
      errors: [{ path: 'phone_number', message: 'bad', code: 'invalid' }],
      trace: 'x',
    });
    assert.equal(problem.errors?.[0]?.path, 'phone_number');
    assert.equal((problem as Record<string, unknown>).trace, 'x');
  });
});
