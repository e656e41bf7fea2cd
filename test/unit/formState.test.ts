import * as assert from 'node:assert/strict';
import type { Lead } from '../../src/api/schemas';
import type { Failure } from '../../src/protocol';
import { addTags, draftFromLead, parseField, sameInput, validateDraft } from '../../webview/draft';
import {
  applySaveResult,
  beginSave,
  canSave,
  edit,
  fieldErrors,
  initialState,
  isDirty,
  leadChanged,
  notesMode,
  pendingPatch,
  rebase,
  resolveConflict,
  revert,
  showNotice,
  type FormState,
} from '../../webview/formState';
import { sampleLead } from '../fixtures/leads';

const lead: Lead = { ...sampleLead, notes: 'first call' };
const loaded = (): FormState => initialState(lead, undefined, false);
const later = (changes: Partial<Lead>): Lead => ({ ...lead, ...changes, updated_at: '2026-03-01T00:00:00Z' });
const failure = (changes: Partial<Failure>): Failure => ({ kind: 'error', title: 'T', fieldErrors: {}, retry: false, maybeAppended: false, ...changes });

describe('form draft', () => {
  it('shows the phone number as stored and the metadata as indented JSON', () => {
    const draft = draftFromLead(lead);
    assert.equal(draft.phone_number, '+14155552671');
    assert.equal(draft.metadata, '{\n  "source": "import"\n}');
    assert.equal(draft.notes_append, '');
  });

  it('stores any dialable spelling of a phone number as E.164', () => {
    assert.deepEqual(parseField('phone_number', '+44 20 7946 0958'), { ok: true, value: '+442079460958' });
    assert.ok(sameInput('phone_number', '+1 415 555 2671', '+14155552671'));
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

  it('adds tags trimmed, split on commas, without duplicates', () => {
    assert.deepEqual(addTags(['vip'], ' hot , vip,, cold,hot '), { tags: ['vip', 'hot', 'cold'], duplicates: ['vip', 'hot'] });
  });

  it('gives values only when every input is valid', () => {
    assert.ok(validateDraft(draftFromLead(lead)).values);
    const { values, errors } = validateDraft({ ...draftFromLead(lead), name: '' });
    assert.equal(values, undefined);
    assert.deepEqual(Object.keys(errors), ['name']);
  });
});

describe('form state', () => {
  it('starts clean, with nothing to save', () => {
    const state = loaded();
    assert.equal(isDirty(state), false);
    assert.equal(pendingPatch(state), undefined);
    assert.equal(canSave(state), false);
  });

  it('saves only what changed, with null for emptied email and notes', () => {
    let state = edit(loaded(), 'email', '');
    state = edit(state, 'notes', '');
    state = edit(state, 'phone_number', '+44 20 7946 0958');
    state = edit(state, 'tags', ['vip', 'hot']);
    assert.deepEqual(pendingPatch(state), { email: null, notes: null, phone_number: '+442079460958', tags: ['vip', 'hot'] });
    assert.ok(isDirty(state) && canSave(state));
  });

  it('does not count reformatting as a change', () => {
    const state = edit(loaded(), 'phone_number', '+14155552671');
    assert.equal(isDirty(state), false);
  });

  it('blocks saving while an input is invalid, with a message on that input', () => {
    const state = edit(loaded(), 'phone_number', '+1 415');
    assert.equal(canSave(state), false);
    assert.ok(fieldErrors(state).phone_number?.length);
  });

  it('sends an appended note alone', () => {
    assert.deepEqual(pendingPatch(edit(loaded(), 'notes_append', 'Left a voicemail')), { notes_append: 'Left a voicemail' });
  });

  it('does not let notes and an appended note go together, and says why', () => {
    const state = edit(edit(loaded(), 'notes', 'rewritten'), 'notes_append', 'more');
    assert.deepEqual(notesMode(state), { notesEdited: true, appending: true });
    assert.deepEqual(fieldErrors(state).notes_append, [{ key: 'appendLocked' }]);
    assert.equal(canSave(state), false);
  });

  it('reverts to the lead as loaded', () => {
    const state = revert(edit(edit(loaded(), 'name', 'X'), 'notes_append', 'y'));
    assert.deepEqual(state.draft, draftFromLead(lead));
    assert.equal(isDirty(state), false);
  });

  describe('when the lead changes on TopCalls', () => {
    it('merges in changes to fields the user did not touch', () => {
      const state = rebase(edit(loaded(), 'name', 'Mine'), later({ status: 'Converted' }));
      assert.equal(state.draft.status, 'Converted');
      assert.equal(state.draft.name, 'Mine');
      assert.deepEqual(state.conflicts, {});
      assert.deepEqual(pendingPatch(state), { name: 'Mine' });
    });

    it('flags a field both changed, keeping the user\'s value and blocking the save', () => {
      const state = rebase(edit(loaded(), 'name', 'Mine'), later({ name: 'Theirs' }));
      assert.deepEqual(state.conflicts, { name: 'Theirs' });
      assert.equal(state.draft.name, 'Mine');
      assert.equal(canSave(state), false);
    });

    it('is no conflict when they made the same change', () => {
      const state = rebase(edit(loaded(), 'name', 'Same'), later({ name: 'Same' }));
      assert.deepEqual(state.conflicts, {});
      assert.equal(isDirty(state), false);
    });

    it('lets the user keep theirs or overwrite with theirs shown', () => {
      const conflicted = rebase(edit(loaded(), 'name', 'Mine'), later({ name: 'Theirs' }));
      const keptTheirs = resolveConflict(conflicted, 'name', 'theirs');
      assert.equal(keptTheirs.draft.name, 'Theirs');
      assert.equal(pendingPatch(keptTheirs), undefined);
      const overwrite = resolveConflict(conflicted, 'name', 'mine');
      assert.deepEqual(pendingPatch(overwrite), { name: 'Mine' });
      assert.ok(canSave(overwrite));
    });

    it('announces a new clash in the banner, and clears it once every clash is settled', () => {
      const state = leadChanged(edit(edit(loaded(), 'name', 'Mine'), 'email', 'me@example.com'), later({ name: 'Theirs', email: 'them@example.com' }));
      assert.deepEqual(state.banner, { kind: 'conflict' });
      const one = resolveConflict(state, 'name', 'theirs');
      assert.deepEqual(one.banner, { kind: 'conflict' });
      assert.equal(resolveConflict(one, 'email', 'mine').banner, undefined);
      assert.equal(leadChanged(loaded(), later({ name: 'Theirs' })).banner, undefined, 'nothing to announce without a clash');
    });

    it('keeps an unresolved conflict when the same copy arrives again', () => {
      const conflicted = rebase(edit(loaded(), 'name', 'Mine'), later({ name: 'Theirs' }));
      assert.deepEqual(rebase(conflicted, conflicted.base).conflicts, { name: 'Theirs' });
    });
  });

  describe('saving', () => {
    it('sends the patch against the loaded copy, once', () => {
      const started = beginSave(edit(loaded(), 'name', 'New'));
      assert.deepEqual(started?.request, { type: 'save', baseUpdatedAt: lead.updated_at, patch: { name: 'New' } });
      assert.equal(beginSave(started!.state), undefined, 'a second save while one is in flight');
      assert.equal(beginSave(loaded()), undefined, 'nothing to send');
    });

    it('shows the server\'s lead after a save, keeping what was typed meanwhile', () => {
      const started = beginSave(edit(edit(loaded(), 'name', 'New'), 'notes_append', 'hello'))!;
      const typing = edit(started.state, 'email', 'new@example.com');
      const server = later({ name: 'New', notes: 'first call\nhello' });
      const state = applySaveResult(typing, { outcome: 'saved', lead: server });
      assert.equal(state.base, server);
      assert.equal(state.draft.notes, 'first call\nhello');
      assert.equal(state.draft.notes_append, '');
      assert.equal(state.saving, undefined);
      assert.deepEqual(pendingPatch(state), { email: 'new@example.com' });
    });

    it('puts the server\'s messages on their fields and keeps the input', () => {
      const started = beginSave(edit(loaded(), 'phone_number', '+1 202 555 0143'))!;
      const state = applySaveResult(started.state, {
        outcome: 'failed',
        failure: failure({ kind: 'fields', fieldErrors: { phone_number: ['Number is blocked'], 'tags[0]': ['bad tag'] } }),
      });
      assert.equal(state.draft.phone_number, '+1 202 555 0143');
      assert.deepEqual(fieldErrors(state).phone_number, [{ text: 'Number is blocked' }]);
      assert.deepEqual(fieldErrors(state).tags, [{ text: 'bad tag' }]);
      assert.ok(canSave(state), 'the server\'s complaint does not block a retry');
      assert.equal(fieldErrors(edit(state, 'phone_number', '+1 202 555 0144')).phone_number, undefined);
    });

    it('keeps the input through any failure and shows it in the banner', () => {
      const started = beginSave(edit(loaded(), 'name', 'New'))!;
      const state = applySaveResult(started.state, { outcome: 'failed', failure: failure({ retry: true }) });
      assert.equal(state.draft.name, 'New');
      assert.equal(state.banner?.kind, 'failure');
      assert.ok(beginSave(state), 'Retry saves again');
    });

    it('merges and reports a conflict found by the host', () => {
      const started = beginSave(edit(loaded(), 'name', 'Mine'))!;
      const state = applySaveResult(started.state, { outcome: 'conflict', lead: later({ name: 'Theirs' }) });
      assert.deepEqual(state.banner, { kind: 'conflict' });
      assert.deepEqual(state.conflicts, { name: 'Theirs' });
      const merged = applySaveResult(started.state, { outcome: 'conflict', lead: later({ status: 'Converted' }) });
      assert.deepEqual(merged.banner, { kind: 'merged' });
    });

    it('cannot save a deleted lead', () => {
      const state = showNotice(edit(loaded(), 'name', 'New'), failure({ kind: 'gone' }));
      assert.equal(canSave(state), false);
      assert.equal(revert(state).banner?.kind, 'failure');
    });
  });

  describe('restoring after the panel was hidden or the window reloaded', () => {
    it('keeps unsaved input, merged onto the lead as it is now', () => {
      const saved = JSON.parse(JSON.stringify(edit(loaded(), 'name', 'Mine')));
      const state = initialState(later({ status: 'Contacted' }), saved, false);
      assert.equal(state.draft.name, 'Mine');
      assert.equal(state.draft.status, 'Contacted');
    });

    it('starts over for another lead or unusable state', () => {
      const other = { ...lead, id: 'other' };
      assert.deepEqual(initialState(other, edit(loaded(), 'name', 'Mine'), false).draft, draftFromLead(other));
      assert.deepEqual(initialState(lead, { draft: 42 }, false).draft, draftFromLead(lead));
    });

    it('forgets a save the host no longer knows about', () => {
      const { state } = beginSave(edit(loaded(), 'name', 'Mine'))!;
      assert.ok(initialState(lead, state, true).saving);
      assert.equal(initialState(lead, state, false).saving, undefined);
    });
  });
});
