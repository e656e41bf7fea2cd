import * as assert from 'node:assert/strict';
import type { Lead } from '../../src/shared/schemas';
import { documentPatch } from '../../src/document/documentPatch';
import { leadText, readAt, readLeadText, type LeadDocument } from '../../src/document/leadText';
import { pathOfField, placeOf } from '../../src/document/textPlaces';
import { sampleLead } from '../fixtures/leads';

/** The document of `lead` with `edit` applied to its parsed JSON. */
function edited(lead: Lead, edit: (json: Record<string, unknown>) => void): LeadDocument {
  const json = JSON.parse(leadText(lead)) as Record<string, unknown>;
  edit(json);
  const read = readLeadText(JSON.stringify(json, null, 2));
  assert.ok(read.ok, 'the edited text reads as a document');
  return read.document;
}

const later = (lead: Lead, changes: Partial<Lead>): Lead => ({ ...lead, ...changes, updated_at: '2026-03-01T00:00:00.000Z' });

describe('lead document text', () => {
  it('lists the writable fields first, in order, and the read-only ones apart', () => {
    const json = JSON.parse(leadText(sampleLead)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['name', 'phone_number', 'email', 'status', 'tags', 'notes', 'metadata', '_readonly']);
    assert.deepEqual(Object.keys(json._readonly as object), ['id', 'account_id', 'list_ids', 'created_at', 'updated_at', 'converted_at']);
    assert.ok(leadText(sampleLead).endsWith('}\n'));
  });

  it('spells absent optional fields out as null or {}, and leaves out read-only fields TopCalls did not send', () => {
    const { email: _e, notes: _n, metadata: _m, list_ids: _l, converted_at: _c, ...bare } = sampleLead;
    const json = JSON.parse(leadText(bare)) as Record<string, unknown>;
    assert.equal(json.email, null);
    assert.equal(json.notes, null);
    assert.deepEqual(json.metadata, {});
    assert.deepEqual(Object.keys(json._readonly as object), ['id', 'account_id', 'created_at', 'updated_at']);
  });

  it('reads back the copy it was read at', () => {
    const read = readLeadText(leadText(sampleLead));
    assert.ok(read.ok);
    assert.equal(readAt(read.document), sampleLead.updated_at);
  });

  it('names what stops a text from being a lead', () => {
    assert.deepEqual(readLeadText('{ "name": ').ok, false);
    const notObject = readLeadText('[1]');
    assert.ok(!notObject.ok && notObject.problem.code === 'notObject');
    const unknown = readLeadText('{ "nmae": "x" }');
    assert.ok(!unknown.ok);
    assert.deepEqual(unknown.problem, { path: ['nmae'], code: 'unknownField', detail: 'nmae' });
  });
});

describe('documentPatch', () => {
  it('sends nothing for an unchanged document', () => {
    const result = documentPatch(edited(sampleLead, () => undefined), sampleLead, sampleLead);
    assert.deepEqual(result, { ok: true, patch: undefined, conflicts: [] });
  });

  it('sends only the fields that changed, as the API stores them', () => {
    const document = edited(sampleLead, (json) => {
      json.name = 'Ada King';
      json.phone_number = '+1 (415) 555-2672';
      json.tags = ['vip', 'call-back'];
    });
    const result = documentPatch(document, sampleLead, sampleLead);
    assert.deepEqual(result, { ok: true, patch: { name: 'Ada King', phone_number: '+14155552672', tags: ['vip', 'call-back'] }, conflicts: [] });
  });

  it('counts "" and null notes or email, and a phone and its E.164 form, as equal', () => {
    const stored = { ...sampleLead, notes: '', email: null, phone_number: '+1 415 555 2671' };
    const document = edited(stored, (json) => {
      json.notes = null;
      json.email = '';
      json.phone_number = '+14155552671';
    });
    assert.deepEqual(documentPatch(document, stored, stored), { ok: true, patch: undefined, conflicts: [] });
  });

  it('sends an emptied email or notes as null', () => {
    const stored = { ...sampleLead, notes: 'old' };
    const document = edited(stored, (json) => {
      json.email = '';
      json.notes = '';
    });
    assert.deepEqual(documentPatch(document, stored, stored), { ok: true, patch: { email: null, notes: null }, conflicts: [] });
  });

  it('refuses an edit to a read-only field, naming it', () => {
    const document = edited(sampleLead, (json) => {
      (json._readonly as Record<string, unknown>).account_id = 'mine';
    });
    assert.deepEqual(documentPatch(document, sampleLead, sampleLead), {
      ok: false,
      problem: { path: ['_readonly', 'account_id'], code: 'readonly', detail: 'account_id' },
    });
  });

  it('refuses an invalid value with the schema message, at its field', () => {
    const document = edited(sampleLead, (json) => {
      json.email = 'not-an-email';
    });
    const result = documentPatch(document, sampleLead, sampleLead);
    assert.ok(!result.ok);
    assert.deepEqual(result.problem.path, ['email']);
    assert.equal(result.problem.code, 'invalidValue');
  });

  it('keeps their changes to fields the user did not touch, and names the fields both changed', () => {
    const theirs = later(sampleLead, { status: 'Contacted', name: 'Their name' });
    const document = edited(sampleLead, (json) => {
      json.name = 'My name';
      json.email = 'mine@example.com';
    });
    assert.deepEqual(documentPatch(document, sampleLead, theirs), {
      ok: true,
      patch: { name: 'My name', email: 'mine@example.com' },
      conflicts: ['name'],
    });
  });

  it('sends a note to append, and refuses it together with a notes change', () => {
    const appending = edited(sampleLead, (json) => {
      json.notes_append = 'Called back';
    });
    assert.deepEqual(documentPatch(appending, sampleLead, sampleLead), { ok: true, patch: { notes_append: 'Called back' }, conflicts: [] });
    const both = edited(sampleLead, (json) => {
      json.notes = 'rewritten';
      json.notes_append = 'Called back';
    });
    assert.deepEqual(documentPatch(both, sampleLead, sampleLead), { ok: false, problem: { path: ['notes_append'], code: 'appendWithNotes' } });
  });

  it('takes an empty note to append as none', () => {
    const document = edited(sampleLead, (json) => {
      json.notes_append = '  ';
    });
    assert.deepEqual(documentPatch(document, sampleLead, sampleLead), { ok: true, patch: undefined, conflicts: [] });
  });
});

describe('places in a lead document', () => {
  it('reads API field paths', () => {
    assert.deepEqual(pathOfField('phone_number'), ['phone_number']);
    assert.deepEqual(pathOfField('tags[2]'), ['tags', 2]);
    assert.deepEqual(pathOfField('metadata.source'), ['metadata', 'source']);
    assert.deepEqual(pathOfField(''), []);
  });

  it('finds a field as "key": value, or the nearest part of it the text has', () => {
    const text = leadText(sampleLead);
    const phone = placeOf(text, ['phone_number']);
    assert.equal(text.slice(phone.offset, phone.offset + phone.length), `"phone_number": "${sampleLead.phone_number}"`);
    const tag = placeOf(text, ['tags', 0]);
    assert.equal(text.slice(tag.offset, tag.offset + tag.length), '"vip"');
    const missing = placeOf(text, ['tags', 7]);
    assert.ok(text.slice(missing.offset, missing.offset + missing.length).startsWith('"tags": ['));
    assert.deepEqual(placeOf('not json', ['name']), { offset: 0, length: 8 });
  });
});
