import * as assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { leadText } from '../../src/document/leadText';
import { fieldEdits } from '../../src/leadForm/documentEdit';
import type { EditRequest } from '../../src/shared/protocol';
import { sampleLead } from '../fixtures/leads';

const text = leadText({ ...sampleLead, notes: 'first call' });
const apply = (source: string, edit: Pick<EditRequest, 'field' | 'value'>): string => applyEdits(source, fieldEdits(source, edit));

describe('a form edit as a change to the document', () => {
  it("changes only that field's value: every other line stays as it was", () => {
    const edited = apply(text, { field: 'name', value: 'Renamed' });
    const before = text.split('\n');
    const after = edited.split('\n');
    assert.equal(after.length, before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [line]));
    assert.deepEqual(changed, ['  "name": "Renamed",']);
  });

  it("keeps the user's own layout elsewhere (tabs, a one-line object)", () => {
    const compact = '{\t"name": "A",\t"tags": ["x"],\n\t"metadata": {"a": 1}\n}';
    assert.equal(apply(compact, { field: 'name', value: 'B' }), '{\t"name": "B",\t"tags": ["x"],\n\t"metadata": {"a": 1}\n}');
  });

  it('writes a note to append next to the notes, and an empty box takes the key out again', () => {
    const appended = apply(text, { field: 'notes_append', value: 'Left a voicemail' });
    const keys = Object.keys(JSON.parse(appended) as object);
    assert.equal(keys[keys.indexOf('notes') + 1], 'notes_append');
    assert.equal(apply(appended, { field: 'notes_append', value: '' }), text);
  });

  it('writes lists and objects as JSON values, and null for an emptied email', () => {
    let edited = apply(text, { field: 'tags', value: ['vip', 'hot "lead"'] });
    edited = apply(edited, { field: 'metadata', value: { source: 'web', nested: { n: 1 } } });
    edited = apply(edited, { field: 'email', value: null });
    const parsed = JSON.parse(edited) as Record<string, unknown>;
    assert.deepEqual(parsed.tags, ['vip', 'hot "lead"']);
    assert.deepEqual(parsed.metadata, { source: 'web', nested: { n: 1 } });
    assert.equal(parsed.email, null);
    assert.deepEqual(parsed._readonly, (JSON.parse(text) as Record<string, unknown>)._readonly);
  });
});
