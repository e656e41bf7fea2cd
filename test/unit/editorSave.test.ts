import * as assert from 'node:assert/strict';
import { ApiError } from '../../src/api/errors';
import type { Lead, LeadPatch } from '../../src/api/schemas';
import { toFailure as failureOf } from '../../src/editor/failure';
import { saveLead } from '../../src/editor/save';
import { ToHostSchema } from '../../src/protocol';
import { sampleLead } from '../fixtures/leads';

/** A client whose server copy is `current`; records the PATCH bodies. */
function fakeClient(current: Lead) {
  const patches: LeadPatch[] = [];
  return {
    patches,
    getLead: async () => current,
    updateLead: async (_id: string, patch: LeadPatch): Promise<Lead> => {
      patches.push(patch);
      return { ...current, ...patch, updated_at: '2026-02-01T00:00:00Z' } as Lead;
    },
  };
}

describe('saveLead', () => {
  it('sends the patch when nobody else changed the lead', async () => {
    const client = fakeClient(sampleLead);
    const result = await saveLead(client, sampleLead, { name: 'New' });
    assert.deepEqual(client.patches, [{ name: 'New' }]);
    assert.equal(result.outcome, 'saved');
    assert.equal(result.lead.name, 'New');
  });

  it('sends it when others changed only fields the user did not touch', async () => {
    const client = fakeClient({ ...sampleLead, status: 'Contacted', updated_at: 'later' });
    const result = await saveLead(client, sampleLead, { name: 'New' });
    assert.deepEqual(client.patches, [{ name: 'New' }]);
    assert.equal(result.lead.status, 'Contacted');
  });

  it('sends nothing and names the fields when others changed a field the user changed', async () => {
    const theirs = { ...sampleLead, name: 'Theirs', email: 'their@example.com', updated_at: 'later' };
    const client = fakeClient(theirs);
    const result = await saveLead(client, sampleLead, { name: 'Mine', tags: [] });
    assert.deepEqual(client.patches, []);
    assert.deepEqual(result, { outcome: 'conflict', lead: theirs, fields: ['name'] });
  });

  it('leaves out what the server already has, and never drops notes_append', async () => {
    const client = fakeClient({ ...sampleLead, name: 'Same', updated_at: 'later' });
    await saveLead(client, sampleLead, { name: 'Same', status: 'Converted', notes_append: 'hi' });
    assert.deepEqual(client.patches, [{ status: 'Converted', notes_append: 'hi' }]);
  });

  it('sends no request when the server already has every change', async () => {
    const theirs = { ...sampleLead, name: 'Same', updated_at: 'later' };
    const client = fakeClient(theirs);
    assert.deepEqual(await saveLead(client, sampleLead, { name: 'Same' }), { outcome: 'saved', lead: theirs });
    assert.deepEqual(client.patches, []);
  });
});

describe('toFailure', () => {
  const http = (status: number, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}) =>
    new ApiError({ kind: 'http', status, title: `T${status}`, detail: 'D', ...extra });
  const headline = (error: ApiError): string => `H${error.status ?? error.kind}`;
  const toFailure = (error: unknown, patch?: LeadPatch) => failureOf(error, headline, patch);

  it('keeps field errors from a 400', () => {
    const failure = toFailure(http(400, { fieldErrors: { phone_number: ['bad'] } }));
    assert.deepEqual(failure, { kind: 'fields', title: 'H400', detail: 'T400: D', fieldErrors: { phone_number: ['bad'] }, retry: false, maybeAppended: false });
  });

  it('sorts 401, no token, 404 and 409', () => {
    assert.equal(toFailure(http(401)).kind, 'auth');
    assert.equal(toFailure(new ApiError({ kind: 'no-token', title: 'x' })).kind, 'auth');
    assert.equal(toFailure(http(404)).kind, 'gone');
    assert.deepEqual(toFailure(http(409)), { kind: 'error', title: 'H409', detail: 'T409: D', fieldErrors: {}, retry: false, maybeAppended: false });
  });

  it('leads with the headline, never the server’s status name', () => {
    assert.deepEqual(
      { ...toFailure(http(409, { title: 'Conflict', detail: 'Another lead already has this phone number' })) },
      { kind: 'error', title: 'H409', detail: 'Another lead already has this phone number', fieldErrors: {}, retry: false, maybeAppended: false },
    );
    assert.equal(toFailure(http(503, { title: 'HTTP 503 Service Unavailable', detail: undefined })).detail, undefined);
  });

  it('offers Retry only where the same request can succeed later', () => {
    for (const status of [400, 403, 404, 409, 413, 422]) assert.equal(toFailure(http(status)).retry, false, `HTTP ${status}`);
    for (const status of [429, 500, 502, 503]) assert.equal(toFailure(http(status)).retry, true, `HTTP ${status}`);
  });

  it('offers Retry for network errors and timeouts, and warns when a note may have been appended', () => {
    const timeout = new ApiError({ kind: 'timeout', title: 'slow' });
    assert.equal(toFailure(timeout, { name: 'x' }).retry, true);
    assert.equal(toFailure(timeout, { name: 'x' }).maybeAppended, false);
    assert.equal(toFailure(new ApiError({ kind: 'network', title: 'down' }), { notes_append: 'x' }).maybeAppended, true);
    assert.equal(toFailure(http(500), { notes_append: 'x' }).retry, true);
  });
});

describe('ToHostSchema', () => {
  const save = { type: 'save', baseUpdatedAt: sampleLead.updated_at };

  it('accepts the messages the form sends', () => {
    for (const message of [{ type: 'ready' }, { type: 'dirty', dirty: true }, { type: 'action', action: 'close' }, { ...save, patch: { email: null } }]) {
      assert.ok(ToHostSchema.safeParse(message).success, JSON.stringify(message));
    }
  });

  it('rejects anything else', () => {
    const bad: unknown[] = [
      null,
      'save',
      { type: 'nope' },
      { ...save },
      { ...save, patch: {} },
      { ...save, patch: { name: '' } },
      { ...save, patch: { phone_number: '12345' } },
      { ...save, patch: { notes: 'a', notes_append: 'b' } },
      { ...save, patch: { id: 'x' } },
      { ...save, patch: { metadata: [] } },
      { ...save, patch: { name: 'a' }, extra: 1 },
      { type: 'action', action: 'runCommand' },
    ];
    for (const message of bad) assert.ok(!ToHostSchema.safeParse(message).success, JSON.stringify(message));
  });
});
