import * as assert from 'node:assert/strict';
import { LeadPatchSchema } from '../../src/api/schemas';
import { leadValues, sameValue, type EditedValues } from '../../src/editor/fields';
import { applyPatch, diffLead } from '../../src/editor/patch';
import { sampleLead } from '../fixtures/leads';

const unchanged = (): EditedValues => structuredClone(leadValues(sampleLead));

describe('diffLead', () => {
  it('has nothing to send when nothing changed', () => {
    assert.equal(diffLead(sampleLead, unchanged()), undefined);
  });

  it('sends only the fields that changed', () => {
    const draft = { ...unchanged(), name: 'Ada King', status: 'Contacted' as const };
    assert.deepEqual(diffLead(sampleLead, draft), { name: 'Ada King', status: 'Contacted' });
  });

  it('sends null for a cleared email and cleared notes', () => {
    const lead = { ...sampleLead, notes: 'call back' };
    assert.deepEqual(diffLead(lead, { ...leadValues(lead), email: null, notes: null }), { email: null, notes: null });
  });

  it('treats absent optional fields as their empty value', () => {
    const { email: _e, notes: _n, metadata: _m, ...bare } = sampleLead;
    assert.equal(diffLead(bare, { ...leadValues(bare), email: null, notes: null, metadata: {} }), undefined);
  });

  it('sends notes_append alone when only a note is appended', () => {
    assert.deepEqual(diffLead(sampleLead, { ...unchanged(), notes_append: 'Called, no answer' }), { notes_append: 'Called, no answer' });
  });

  it('sends the whole tag list when tags change, in order', () => {
    assert.deepEqual(diffLead(sampleLead, { ...unchanged(), tags: ['vip', 'hot'] }), { tags: ['vip', 'hot'] });
    assert.deepEqual(diffLead(sampleLead, { ...unchanged(), tags: [] }), { tags: [] });
  });

  it('compares metadata by content, not key order', () => {
    const lead = { ...sampleLead, metadata: { a: 1, b: { c: [1, 2] } } };
    assert.equal(diffLead(lead, { ...leadValues(lead), metadata: { b: { c: [1, 2] }, a: 1 } }), undefined);
    assert.deepEqual(diffLead(lead, { ...leadValues(lead), metadata: { a: 1, b: { c: [2, 1] } } }), {
      metadata: { a: 1, b: { c: [2, 1] } },
    });
  });

  it('produces bodies the contract accepts', () => {
    const patch = diffLead(sampleLead, { ...unchanged(), phone_number: '+442079460958', email: null, tags: [] });
    assert.ok(LeadPatchSchema.safeParse(patch).success);
  });
});

describe('applyPatch', () => {
  it('sets the fields in the patch and keeps the others', () => {
    const after = applyPatch(leadValues(sampleLead), { name: 'B', email: null, notes_append: 'x' });
    assert.deepEqual(after, { ...leadValues(sampleLead), name: 'B', email: null });
  });
});

describe('sameValue', () => {
  it('is structural for JSON values', () => {
    assert.ok(sameValue({ a: [1, { b: null }] }, { a: [1, { b: null }] }));
    assert.ok(!sameValue({ a: 1 }, { a: 1, b: undefined }));
    assert.ok(!sameValue([1], { 0: 1 }));
    assert.ok(!sameValue(null, {}));
  });
});
