// What the live checks find in a lead document's text, and where.
import * as assert from 'node:assert/strict';
import type { Lead } from '../../src/shared/schemas';
import { leadText } from '../../src/document/leadText';
import { heldCopies } from '../../src/links/heldCopies';
import { leadProblems } from '../../src/links/leadProblems';
import { sampleLead } from '../fixtures/leads';

/** The text with one key's value replaced (and keys added at the end, before `_readonly`). */
function edited(lead: Lead, changes: Record<string, unknown>): string {
  const { _readonly, ...values } = JSON.parse(leadText(lead)) as Record<string, unknown>;
  return `${JSON.stringify({ ...values, ...changes, _readonly }, null, 2)}\n`;
}

const lineOf = (text: string, offset: number): string => text.slice(text.lastIndexOf('\n', offset) + 1, text.indexOf('\n', offset));
const held = (base: Lead, theirs: Lead = base) => () => ({ base, theirs });
const unknownCopies = () => undefined;

describe('leadProblems', () => {
  it('finds nothing in a lead as TopCalls has it', () => {
    assert.deepEqual(leadProblems(leadText(sampleLead), held(sampleLead)), []);
  });

  it('flags a number in E.164 form that its country does not dial, on the phone line, naming the country', () => {
    const text = edited(sampleLead, { phone_number: '+33012345678' });
    const problems = leadProblems(text, unknownCopies);
    assert.equal(problems.length, 1);
    const [problem] = problems;
    assert.ok(problem?.code === 'notDialable');
    assert.equal(problem.country, 'FR');
    assert.equal(lineOf(text, problem.offset).trim(), '"phone_number": "+33012345678",');
  });

  it('says no country when the calling code is shared (+1) or unknown', () => {
    for (const phone of ['+15550000000', '+9991234567']) {
      const [problem] = leadProblems(edited(sampleLead, { phone_number: phone }), unknownCopies);
      assert.ok(problem?.code === 'notDialable', phone);
      assert.equal(problem.country, undefined, phone);
    }
  });

  it('leaves a number not in E.164 form, a dialable one and text that is not a lead to the schema', () => {
    for (const phone of ['+1 415 555 2671', '0044 20 7946 0958', '+14155552671', 42]) {
      assert.deepEqual(leadProblems(edited(sampleLead, { phone_number: phone }), unknownCopies), [], String(phone));
    }
    assert.deepEqual(leadProblems('{ "phone_number": "+15550000000", ', unknownCopies), []);
    assert.deepEqual(leadProblems('{ "nickname": "x", "phone_number": "+15550000000" }', unknownCopies), []);
  });

  it('flags a note to append next to changed notes, on the notes_append line', () => {
    const text = edited(sampleLead, { notes: 'rewritten', notes_append: 'called back' });
    const [problem, ...rest] = leadProblems(text, held(sampleLead));
    assert.deepEqual(rest, []);
    assert.equal(problem?.code, 'appendWithNotes');
    assert.equal(lineOf(text, problem.offset).trim(), '"notes_append": "called back",');
  });

  it('judges the notes as a save does: against the copy read and TopCalls\' copy', () => {
    const theirs = { ...sampleLead, notes: 'from TopCalls', updated_at: '2026-01-03T00:00:00Z' };
    // Unchanged since read (TopCalls changed them meanwhile): the note alone is sent.
    assert.deepEqual(leadProblems(edited(sampleLead, { notes_append: 'called back' }), held(sampleLead, theirs)), []);
    // Changed to what TopCalls already has: nothing to send for the notes.
    assert.deepEqual(leadProblems(edited(sampleLead, { notes: 'from TopCalls', notes_append: 'x' }), held(sampleLead, theirs)), []);
    // A blank note is no note; "" and null notes are the same notes.
    assert.deepEqual(leadProblems(edited(sampleLead, { notes: 'rewritten', notes_append: '  ' }), held(sampleLead)), []);
    assert.deepEqual(leadProblems(edited(sampleLead, { notes: '', notes_append: 'x' }), held(sampleLead)), []);
    // No copy known: the notes cannot be judged, so nothing is said.
    assert.deepEqual(leadProblems(edited(sampleLead, { notes: 'rewritten', notes_append: 'x' }), unknownCopies), []);
  });
});

describe('heldCopies', () => {
  const read = JSON.parse(leadText(sampleLead)) as { _readonly: unknown };
  const document = { values: {}, append: undefined, readonly: read._readonly };
  const newer = { ...sampleLead, name: 'Ada King', updated_at: '2026-01-05T00:00:00Z' };

  it('measures against the copy the document was read at, and the store\'s', () => {
    const copies = heldCopies(document, newer, (id, at) => (id === sampleLead.id && at === sampleLead.updated_at ? sampleLead : undefined));
    assert.deepEqual(copies, { base: sampleLead, theirs: newer });
  });

  it('takes the store\'s copy as the base when the one read is no longer kept, and nothing without the store\'s', () => {
    assert.deepEqual(heldCopies(document, newer, () => undefined), { base: newer, theirs: newer });
    assert.equal(heldCopies(document, undefined, () => sampleLead), undefined);
  });
});
