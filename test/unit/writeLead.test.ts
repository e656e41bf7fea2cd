import * as assert from 'node:assert/strict';
import { ApiError } from '../../src/api/errors';
import type { Lead, LeadPatch } from '../../src/shared/schemas';
import { leadText } from '../../src/document/leadText';
import { LeadWriteError } from '../../src/document/writeFailure';
import { writeLeadDocument, type AppendJournal, type PendingAppend, type WriteDeps } from '../../src/document/writeLead';
import { LeadStore } from '../../src/store/leadStore';
import { sampleLead } from '../fixtures/leads';

const timeout = (): ApiError => new ApiError({ kind: 'timeout', title: 'Timed out' });

/** A server holding `lead`: PATCHes apply (or fail as `patchFails` says), GETs answer (or fail as `getFails` says). */
function server(lead: Lead) {
  let current = lead;
  let clock = Date.parse(lead.updated_at);
  const patches: LeadPatch[] = [];
  const faults = { patch: [] as ('timeout-applied' | 'timeout-not-applied' | 'bad-request')[], get: [] as 'timeout'[] };
  const apply = (patch: LeadPatch): Lead => {
    const { notes_append, ...rest } = patch;
    const notes = notes_append === undefined ? (rest.notes ?? current.notes) : `${current.notes ?? ''}\n${notes_append}`.trimStart();
    current = { ...current, ...rest, notes, updated_at: new Date((clock += 1000)).toISOString() };
    return current;
  };
  return {
    patches,
    faults,
    get current() {
      return current;
    },
    client: {
      getLead: async (): Promise<Lead> => {
        if (faults.get.shift()) throw timeout();
        return current;
      },
      updateLead: async (_id: string, patch: LeadPatch): Promise<Lead> => {
        patches.push(patch);
        const fault = faults.patch.shift();
        if (fault === 'bad-request') {
          throw new ApiError({ kind: 'http', status: 400, title: 'Bad Request', fieldErrors: { phone_number: ['invalid'] } });
        }
        if (fault === 'timeout-applied') {
          apply(patch);
          throw timeout();
        }
        if (fault === 'timeout-not-applied') throw timeout();
        return apply(patch);
      },
    },
  };
}

function memoryJournal(): AppendJournal & { entries: Map<string, PendingAppend> } {
  const entries = new Map<string, PendingAppend>();
  return {
    entries,
    get: (id) => entries.get(id),
    set: async (id, pending) => void entries.set(id, pending),
    delete: async (id) => void entries.delete(id),
  };
}

function setup(lead: Lead = sampleLead) {
  const remote = server(lead);
  const store = new LeadStore();
  store.put(lead);
  const journal = memoryJournal();
  const deps: WriteDeps = { client: remote.client, store, readCopy: (_id, at) => (at === lead.updated_at ? lead : undefined), journal };
  const save = (text: string) => writeLeadDocument(deps, lead.id, text, remote.current);
  return { remote, store, journal, save };
}

function textWith(lead: Lead, changes: Record<string, unknown>): string {
  return JSON.stringify({ ...JSON.parse(leadText(lead)), ...changes }, null, 2);
}

async function failure(promise: Promise<unknown>): Promise<LeadWriteError['failure']> {
  const error = await promise.then(
    () => assert.fail('the save went through'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof LeadWriteError, String(error));
  return error.failure;
}

describe('writeLeadDocument', () => {
  it('sends the changed fields once and puts the answer in the store', async () => {
    const { remote, store, save } = setup();
    const outcome = await save(textWith(sampleLead, { status: 'Converted' }));
    assert.deepEqual(remote.patches, [{ status: 'Converted' }]);
    assert.equal(store.get(sampleLead.id)?.status, 'Converted');
    assert.equal(outcome.lead.status, 'Converted');
  });

  it('sends nothing for a document without changes', async () => {
    const { remote, save } = setup();
    assert.equal((await save(leadText(sampleLead))).sent, undefined);
    assert.deepEqual(remote.patches, []);
  });

  it('refuses text that is not a lead, sending nothing', async () => {
    const { remote, save } = setup();
    assert.equal((await failure(save('{ "name": '))).kind, 'text');
    assert.deepEqual(remote.patches, []);
  });

  it('passes a 400 on with its field errors, and forgets the note it carried', async () => {
    const { remote, journal, save } = setup();
    remote.faults.patch.push('bad-request');
    const result = await failure(save(textWith(sampleLead, { notes_append: 'hi' })));
    assert.ok(result.kind === 'api');
    assert.deepEqual(result.error.fieldErrors, { phone_number: ['invalid'] });
    assert.equal(journal.entries.size, 0, 'a refused PATCH did not append: nothing to check later');
  });

  describe('a note to append', () => {
    it('is confirmed by reading the notes back after a timeout, and the save succeeds', async () => {
      const { remote, journal, save } = setup();
      remote.faults.patch.push('timeout-applied');
      const outcome = await save(textWith(sampleLead, { notes_append: 'Called back' }));
      assert.equal(remote.patches.length, 1);
      assert.match(outcome.lead.notes ?? '', /Called back$/);
      assert.equal(journal.entries.size, 0);
    });

    it('is reported as not appended when the read-back shows it is not there, and sent again by the next save', async () => {
      const { remote, journal, save } = setup();
      remote.faults.patch.push('timeout-not-applied');
      const text = textWith(sampleLead, { notes_append: 'Called back' });
      const result = await failure(save(text));
      assert.ok(result.kind === 'api' && result.append === 'not-appended');
      assert.equal(journal.entries.size, 0);
      await save(text);
      assert.equal(remote.patches.length, 2);
      assert.equal(remote.current.notes, 'Called back');
    });

    it('is never sent again after a failure nobody could check, when it had landed', async () => {
      const { remote, journal, save } = setup();
      remote.faults.patch.push('timeout-applied');
      remote.faults.get.push('timeout');
      const text = textWith(sampleLead, { notes_append: 'Called back' });
      const result = await failure(save(text));
      assert.ok(result.kind === 'api' && result.append === 'unchecked');
      assert.ok(journal.entries.has(sampleLead.id), 'the journal keeps the note to check (it survives a reload)');
      // Retry, a second Ctrl+S or a reload: the same text saved again.
      const outcome = await save(text);
      assert.equal(outcome.appendFound, true);
      assert.equal(remote.patches.length, 1, 'the note went out once');
      assert.equal(remote.current.notes, 'Called back');
      assert.equal(journal.entries.size, 0);
    });

    it('is sent again after a failure nobody could check, when it had not landed', async () => {
      const { remote, save } = setup();
      remote.faults.patch.push('timeout-not-applied');
      remote.faults.get.push('timeout');
      const text = textWith(sampleLead, { notes_append: 'Called back' });
      await failure(save(text));
      const outcome = await save(text);
      assert.equal(outcome.appendFound, false);
      assert.equal(remote.patches.length, 2);
      assert.equal(remote.current.notes, 'Called back');
    });
  });

  it('refuses a clash VS Code could not have seen (same text length), and lets the user overwrite one it did', async () => {
    const { remote, store } = setup();
    // "Contacted" and "Converted" are the same length, and so are the two dates.
    const base = { ...sampleLead, status: 'Contacted' as const };
    const theirsSameLength = { ...base, status: 'Converted' as const, updated_at: '2026-01-03T00:00:00Z' };
    const deps: WriteDeps = { client: remote.client, store, readCopy: () => base, journal: memoryJournal() };
    const clash = await failure(writeLeadDocument(deps, base.id, textWith(base, { status: 'New' }), theirsSameLength));
    assert.deepEqual(clash, { kind: 'conflict', fields: ['status'] });
    const theirsLonger = { ...theirsSameLength, name: 'A much longer name than before' };
    await writeLeadDocument(deps, base.id, textWith(base, { name: 'Mine' }), theirsLonger);
    assert.deepEqual(remote.patches.at(-1), { name: 'Mine' });
  });

  it('does not append a note again that a save of the same document already appended (the document was edited before its reload)', async () => {
    const { remote, save } = setup();
    const text = textWith(sampleLead, { notes_append: 'Called back' });
    await save(text);
    // The user typed on before the reload: the document still holds the note and the old copy's time.
    const outcome = await save(textWith(sampleLead, { notes_append: 'Called back', name: 'Ada B' }));
    assert.deepEqual(remote.patches, [{ notes_append: 'Called back' }, { name: 'Ada B' }]);
    assert.equal(outcome.appendFound, true);
    assert.equal(remote.current.notes, 'Called back');
  });

  it('refuses to guess when the copy the document was read from is unknown and TopCalls has a newer one', async () => {
    const { remote, store, journal } = setup();
    const theirs = { ...sampleLead, status: 'Contacted' as const, updated_at: '2026-01-05T00:00:00Z' };
    const deps: WriteDeps = { client: remote.client, store, readCopy: () => undefined, journal };
    const result = await failure(writeLeadDocument(deps, sampleLead.id, textWith(sampleLead, { email: 'new@example.com' }), theirs));
    // The status differs from TopCalls' too: it may be theirs, changed since, or the user's.
    assert.deepEqual(result, { kind: 'unknownBase', fields: ['email', 'status'] });
    assert.deepEqual(remote.patches, []);
  });

  it('leaves a note to append to a save the user makes: an auto-save with one fails and sends nothing', async () => {
    const { remote, store, journal } = setup();
    const deps: WriteDeps = { client: remote.client, store, readCopy: () => sampleLead, journal };
    const text = textWith(sampleLead, { notes_append: 'Call' });
    assert.deepEqual(await failure(writeLeadDocument(deps, sampleLead.id, text, sampleLead, { automatic: true })), { kind: 'appendNeedsSave' });
    assert.deepEqual(remote.patches, []);
    await writeLeadDocument(deps, sampleLead.id, textWith(sampleLead, { name: 'Ada B' }), sampleLead, { automatic: true });
    assert.deepEqual(remote.patches, [{ name: 'Ada B' }], 'an auto-save without a note goes through');
  });
});
