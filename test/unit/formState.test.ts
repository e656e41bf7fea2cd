import * as assert from 'node:assert/strict';
import { leadText, readLeadText } from '../../src/document/leadText';
import type { ToWebview } from '../../src/shared/protocol';
import { addTypedTags, draftFromDocument, parseDraft, parseField } from '../../webview/draft';
import { deriveForm, documentChanged, edit, initialState, showNotice, type FormState } from '../../webview/formState';
import { sampleLead } from '../fixtures/leads';

const read = readLeadText(leadText({ ...sampleLead, notes: 'first call' }));
if (!read.ok) throw new Error('the sample lead reads back');
const values = read.document.values;

/** The host's message for a document with `changes` made to its values. */
const documentMessage = (changes: Record<string, unknown> = {}, applied = 0, append?: string): Extract<ToWebview, { type: 'document' }> => ({
  type: 'document',
  state: { ok: true, values: { ...values, ...changes }, ...(append !== undefined ? { append } : {}), readonly: read.document.readonly },
  applied,
  saved: values,
  dirty: Object.keys(changes).length > 0 || append !== undefined,
});
const loaded = (): FormState => documentChanged(initialState(), documentMessage());
const typed = (state: FormState, field: Parameters<typeof edit>[1], value: never): FormState => edit(state, field, value).state;

describe('form draft', () => {
  it('shows the phone number as written and the metadata as indented JSON', () => {
    const { draft, wrongType } = draftFromDocument(values, undefined);
    assert.equal(draft.phone_number, '+14155552671');
    assert.equal(draft.metadata, '{\n  "source": "import"\n}');
    assert.equal(draft.notes_append, '');
    assert.deepEqual(wrongType, []);
  });

  it('shows a value of the wrong kind (typed in the JSON) as JSON, and names its field', () => {
    const { draft, wrongType } = draftFromDocument({ ...values, name: 5, tags: 'vip', email: null }, 'note');
    assert.equal(draft.name, '5');
    assert.deepEqual(draft.tags, []);
    assert.equal(draft.email, '');
    assert.equal(draft.notes_append, 'note');
    assert.deepEqual(wrongType.sort(), ['name', 'tags']);
  });

  it('stores any dialable spelling of a phone number as E.164', () => {
    assert.deepEqual(parseField('phone_number', '+44 20 7946 0958'), { ok: true, value: '+442079460958' });
  });

  it('refuses, and says why, a phone number it could only store by dropping or changing part of it', () => {
    assert.deepEqual(parseField('phone_number', '+1 415 555 2671 ext. 42'), { ok: false, errors: [{ key: 'phoneExtension' }] });
    assert.deepEqual(parseField('phone_number', '+1 415 555 2671 x42'), { ok: false, errors: [{ key: 'phoneExtension' }] });
    assert.deepEqual(parseField('phone_number', '+16173106876abc'), { ok: false, errors: [{ key: 'phoneLetters' }] });
    assert.deepEqual(parseField('phone_number', '+1 800 FLOWERS'), { ok: false, errors: [{ key: 'phoneLetters' }] });
    assert.deepEqual(parseField('phone_number', 'tel:+14155552671'), { ok: false, errors: [{ key: 'phoneLetters' }] });
    assert.deepEqual(parseField('phone_number', '+1 415 555 2671 / 2672'), { ok: false, errors: [{ key: 'phoneCharacters' }] });
    assert.deepEqual(parseField('phone_number', '+1 415 555 2671!'), { ok: false, errors: [{ key: 'phoneCharacters' }] });
  });

  it('explains a phone number that is not complete or not dialable', () => {
    const parsed = parseField('phone_number', '+1 415');
    assert.equal(parsed.ok, false);
    assert.match(JSON.stringify(parsed), /E\.164/);
  });

  it('turns an empty email or notes into null, and checks the email', () => {
    assert.deepEqual(parseField('email', '  '), { ok: true, value: null });
    assert.deepEqual(parseField('notes', ''), { ok: true, value: null });
    assert.equal(parseField('email', 'not-an-email').ok, false);
  });

  it('takes only a JSON object as metadata, saying what is wrong', () => {
    assert.deepEqual(parseField('metadata', '{"a": [1]}'), { ok: true, value: { a: [1] } });
    assert.deepEqual(parseField('metadata', ''), { ok: true, value: {} });
    const invalid = parseField('metadata', '{"a": ');
    assert.ok(!invalid.ok && 'key' in invalid.errors[0]! && invalid.errors[0].key === 'metadataInvalidJson');
    for (const text of ['[1]', '"x"', 'null', '3']) {
      assert.deepEqual(parseField('metadata', text), { ok: false, errors: [{ key: 'metadataNotObject' }] }, text);
    }
  });

  it('adds tags trimmed, split on commas, without duplicates in any case', () => {
    assert.deepEqual(addTypedTags(['vip'], ' hot , vip,, cold,hot '), { tags: ['vip', 'hot', 'cold'], duplicates: ['vip', 'hot'], respelled: [] });
    assert.deepEqual(addTypedTags(['vip'], 'VIP, Hot, hot'), { tags: ['vip', 'Hot'], duplicates: ['VIP', 'hot'], respelled: [] });
  });

  it("adds a tag typed in another case with the spelling other leads have, and says so", () => {
    assert.deepEqual(addTypedTags(['trial'], 'VIP, webinar, Vip', ['vip', 'Trial']), {
      tags: ['trial', 'vip', 'webinar'],
      duplicates: ['Vip'],
      respelled: [['VIP', 'vip']],
    });
    // The lead's own spelling comes first: it is already there, whatever other leads write.
    assert.deepEqual(addTypedTags(['trial'], 'TRIAL', ['Trial']), { tags: ['trial'], duplicates: ['TRIAL'], respelled: [] });
  });

  it('parses every input, and says which are not values the API takes', () => {
    const parsed = parseDraft({ ...draftFromDocument(values, undefined).draft, name: '' });
    assert.deepEqual(Object.entries(parsed).filter(([, result]) => !result.ok).map(([field]) => field), ['name']);
    assert.deepEqual(parsed.phone_number, { ok: true, value: values.phone_number });
  });
});

describe('form state', () => {
  it('shows the document, clean, with nothing marked', () => {
    const state = loaded();
    assert.equal(state.draft.name, sampleLead.name);
    assert.equal(state.dirty, false);
    assert.equal(deriveForm(state).modified.has('name'), false);
    assert.deepEqual(deriveForm(state).errors, {});
  });

  it('turns each input into an edit of its field, numbered, with null for emptied email and notes', () => {
    let state = loaded();
    const first = edit(state, 'name', 'New Name');
    assert.deepEqual(first.request, { type: 'edit', seq: 1, field: 'name', value: 'New Name' });
    state = first.state;
    assert.deepEqual(edit(state, 'email', '').request, { type: 'edit', seq: 2, field: 'email', value: null });
    assert.deepEqual(edit(state, 'notes', '').request, { type: 'edit', seq: 2, field: 'notes', value: null });
    assert.deepEqual(edit(state, 'tags', ['a']).request, { type: 'edit', seq: 2, field: 'tags', value: ['a'] });
    assert.deepEqual(edit(state, 'notes_append', '').request, { type: 'edit', seq: 2, field: 'notes_append', value: '' });
  });

  it('keeps half-written metadata in the form, and writes it once it is a JSON object', () => {
    const half = edit(loaded(), 'metadata', '{"source": ');
    assert.equal(half.request, undefined);
    assert.ok(deriveForm(half.state).errors.metadata);
    // Another field changes in the document: the metadata box keeps its text.
    const after = documentChanged(half.state, documentMessage({ name: 'Elsewhere' }));
    assert.equal(after.draft.metadata, '{"source": ');
    assert.equal(after.draft.name, 'Elsewhere');
    const whole = edit(after, 'metadata', '{"source": "web"}');
    assert.deepEqual(whole.request, { type: 'edit', seq: 1, field: 'metadata', value: { source: 'web' } });
  });

  it('sends no status the API does not take', () => {
    assert.equal(edit(loaded(), 'status', 'Lost').request, undefined);
  });

  it("does not take back what the user typed since the document's state was sent", () => {
    let state = typed(loaded(), 'name', 'Ty' as never);
    state = typed(state, 'name', 'Typ' as never);
    // The document with the first edit only: the input keeps "Typ".
    state = documentChanged(state, documentMessage({ name: 'Ty' }, 1));
    assert.equal(state.draft.name, 'Typ');
    // Once the document has every edit, it is the document's value again (typed in the JSON, say).
    state = documentChanged(state, documentMessage({ name: 'From The Text' }, 2));
    assert.equal(state.draft.name, 'From The Text');
  });

  it('keeps the spacing of a phone number the document holds the same', () => {
    const state = documentChanged(typed(loaded(), 'phone_number', '+1 415 555 2671' as never), documentMessage({ phone_number: '+1 415 555 2671' }, 1));
    assert.equal(state.draft.phone_number, '+1 415 555 2671');
    assert.equal(deriveForm(state).modified.has('phone_number'), false, 'the same number as on TopCalls');
  });

  it('edits nothing while the document is not a lead, and takes it whole when it is one again', () => {
    let state = documentChanged(loaded(), { type: 'document', state: { ok: false, problem: 'not JSON' }, applied: 0, dirty: true });
    assert.equal(edit(state, 'name', 'Lost').request, undefined);
    state = documentChanged(state, documentMessage({ name: 'Fixed' }));
    assert.equal(state.draft.name, 'Fixed');
  });

  it('marks a changed field against the values on TopCalls', () => {
    const state = documentChanged(loaded(), documentMessage({ name: 'Changed' }));
    assert.equal(deriveForm(state).modified.has('name'), true);
    assert.equal(deriveForm(state).modified.has('email'), false);
  });

  it('does not let notes and an appended note go together, and says why', () => {
    const state = documentChanged(loaded(), documentMessage({ notes: 'rewritten' }, 0, 'more'));
    assert.deepEqual([deriveForm(state).notesEdited, deriveForm(state).appending], [true, true]);
    assert.deepEqual(deriveForm(state).errors.notes_append, [{ key: 'appendLocked' }]);
  });

  it("puts a failed save's messages on their fields until the field is edited", () => {
    const notice = { message: 'Not saved.', fieldErrors: { phone_number: ['on the do-not-call list'], 'tags[1]': ['too long'] }, signIn: false };
    let state = showNotice(loaded(), notice);
    assert.deepEqual(deriveForm(state).errors.phone_number, [{ text: 'on the do-not-call list' }]);
    assert.deepEqual(deriveForm(state).errors.tags, [{ text: 'too long' }]);
    state = typed(state, 'phone_number', '+1 202 555 0144' as never);
    assert.equal(deriveForm(state).errors.phone_number, undefined);
    assert.ok(deriveForm(state).errors.tags);
    assert.equal(showNotice(state, undefined).notice, undefined);
  });

  it('flags a value of the wrong kind in the JSON at its field', () => {
    const state = documentChanged(loaded(), documentMessage({ tags: 'vip' }));
    assert.deepEqual(deriveForm(state).errors.tags, [{ key: 'wrongKind' }]);
  });
});
