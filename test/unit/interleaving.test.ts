// The interleaving property: random sequences of lead document saves (the form's and the JSON
// editor's), tag / status / note quick edits
// (one lead or many, some cancelled), changes a colleague makes behind the extension's back,
// window reloads and injected faults, run by the real store, the form's save path and the
// quick-edit runner against the sandbox over real HTTP. After every step:
//   - every write the user was told succeeded is on the server;
//   - no note is appended twice, and none the user was told was not sent is there;
//   - nothing a colleague wrote to a field the user did not touch is overwritten;
//   - the store holds the newest copy it was sent of every lead (the server's, when that is it).
// Sequences: TOPCALLS_INTERLEAVING_RUNS (default 300; 3,000 under npm run test:reliability).
// A failure prints fast-check's seed and path: replay with TOPCALLS_INTERLEAVING_SEED / _PATH.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TopCallsClient } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import { STATUSES, type Lead, type Status } from '../../src/shared/schemas';
import { leadText } from '../../src/document/leadText';
import { LeadWriteError } from '../../src/document/writeFailure';
import { writeLeadDocument, type AppendJournal } from '../../src/document/writeLead';
import { runEdits, type EditDeps, type QuickEdit } from '../../src/quickEdits/leadEdit';
import { LeadStore } from '../../src/store/leadStore';
import { memoryJournal } from '../fixtures/journal';
import { FULL_ENV, emit, seeded } from '../reliability/report';
import { startSandbox, type Fault, type Sandbox } from '../sandbox';

const TOKEN = 'tc_test_interleaving_0123456789';
const LEADS = 4;
const RUNS = Number(process.env.TOPCALLS_INTERLEAVING_RUNS ?? (process.env[FULL_ENV] ? 3_000 : 300));

// ---- what a sequence is made of ----------------------------------------------------------

type ColleagueChange = { kind: 'name' } | { kind: 'email' } | { kind: 'status'; status: Status } | { kind: 'addTag' } | { kind: 'removeTag'; pick: number };
type QuickKind = { kind: 'status'; status: Status } | { kind: 'addTag' } | { kind: 'removeTag'; pick: number } | { kind: 'note' };
type UserOp =
  | { kind: 'quick'; edit: QuickKind; leads: number[]; cancelAfterMs: number | undefined }
  | { kind: 'save'; lead: number; name: boolean; status: Status | undefined; note: boolean }
  /** A page of the tree loading, or a form re-reading its lead, while the writes run. */
  | { kind: 'read'; lead: number | undefined };
interface Step {
  reload: boolean;
  colleague: { lead: number; change: ColleagueChange }[];
  faults: Fault[];
  ops: UserOp[];
}

const leadIndex = fc.nat({ max: LEADS - 1 });
const status = fc.constantFrom(...STATUSES);
const colleagueChange: fc.Arbitrary<ColleagueChange> = fc.oneof(
  fc.constant({ kind: 'name' as const }),
  fc.constant({ kind: 'email' as const }),
  status.map((s) => ({ kind: 'status' as const, status: s })),
  fc.constant({ kind: 'addTag' as const }),
  fc.nat(7).map((pick) => ({ kind: 'removeTag' as const, pick })),
);
const quickKind: fc.Arbitrary<QuickKind> = fc.oneof(
  status.map((s) => ({ kind: 'status' as const, status: s })),
  fc.constant({ kind: 'addTag' as const }),
  fc.nat(7).map((pick) => ({ kind: 'removeTag' as const, pick })),
  fc.constant({ kind: 'note' as const }),
);
const method = fc.constantFrom('GET', 'PATCH');
const faultTimes = fc.integer({ min: 1, max: 3 });
// No delay reaches the client's timeout: a write still travelling when the client has given
// up and moved on can land after a later one, which no client of this API can prevent.
const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('rateLimit' as const), retryAfter: fc.constantFrom(0, 1, null), times: faultTimes, match: method.map((m) => ({ method: m })) }),
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(500, 503, 422), times: faultTimes, match: method.map((m) => ({ method: m })) }),
  fc.record({ kind: fc.constant('html' as const), times: faultTimes, match: method.map((m) => ({ method: m })) }),
  fc.record({ kind: fc.constant('drop' as const), when: fc.constantFrom('before' as const, 'after' as const), times: faultTimes, match: method.map((m) => ({ method: m })) }),
  fc.record({ kind: fc.constant('delay' as const), ms: fc.integer({ min: 1, max: 40 }), times: faultTimes, match: method.map((m) => ({ method: m })) }),
  fc.record({ kind: fc.constant('malformed' as const), times: fc.constant(1), match: method.map((m) => ({ method: m })) }),
);
const userOp: fc.Arbitrary<UserOp> = fc.oneof(
  fc.record({
    kind: fc.constant('quick' as const),
    edit: quickKind,
    leads: fc.uniqueArray(leadIndex, { minLength: 1, maxLength: LEADS }),
    cancelAfterMs: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined, freq: 3 }),
  }),
  fc.record({
    kind: fc.constant('save' as const),
    lead: leadIndex,
    name: fc.boolean(),
    status: fc.option(status, { nil: undefined }),
    note: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('read' as const), lead: fc.option(leadIndex, { nil: undefined }) }),
);
const step: fc.Arbitrary<Step> = fc.record({
  reload: fc.nat(9).map((n) => n < 2),
  colleague: fc.array(fc.record({ lead: leadIndex, change: colleagueChange }), { maxLength: 2 }),
  faults: fc.array(fault, { maxLength: 2 }),
  ops: fc.array(userOp, { minLength: 1, maxLength: 4 }),
});

/** A sequence: its steps, and the seed of the answers' network latency. */
const sequence = fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 5 }), latencySeed: fc.nat() });

// ---- what the server must hold -----------------------------------------------------------

/** Per lead; `undefined` = unknown (a write that failed in a way that may have been applied). */
interface Expected {
  name: string | undefined;
  email: string | null | undefined;
  status: Status | undefined;
  present: Set<string>;
  absent: Set<string>;
  notesOnce: Set<string>;
  notesAtMostOnce: Set<string>;
  notesNever: Set<string>;
}

function expectedFrom(lead: Lead): Expected {
  return {
    name: lead.name,
    email: lead.email ?? null,
    status: lead.status,
    present: new Set(lead.tags),
    absent: new Set(),
    notesOnce: new Set(),
    notesAtMostOnce: new Set(),
    notesNever: new Set(),
  };
}

const has = (tag: string, expected: Expected): void => {
  expected.present.add(tag);
  expected.absent.delete(tag);
};
const lacks = (tag: string, expected: Expected): void => {
  expected.present.delete(tag);
  expected.absent.add(tag);
};
const unknownTag = (tag: string, expected: Expected): void => {
  expected.present.delete(tag);
  expected.absent.delete(tag);
};
const occurrences = (notes: string | null | undefined, text: string): number => (notes ?? '').split(text).length - 1;

describe('Interleaving: store, form saves and quick edits against the sandbox', function () {
  this.timeout(600_000);
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ token: TOKEN, leads: LEADS, seed: 5 });
  });
  after(async () => sandbox.close());

  it(`keeps every reported write, appends no note twice, overwrites no colleague's field, and holds the newest copies (${RUNS} sequences)`, async () => {
    const seed = Number(process.env.TOPCALLS_INTERLEAVING_SEED ?? Date.now() % 2 ** 31);
    const path = process.env.TOPCALLS_INTERLEAVING_PATH;
    console.log(`      interleaving: ${RUNS} sequences, seed ${seed}${path ? `, path ${path}` : ''}`);
    const started = Date.now();
    let tried = 0;
    let failure: unknown;
    try {
      await fc.assert(
        fc.asyncProperty(sequence, async ({ steps, latencySeed }) => {
          tried++;
          await runSequence(sandbox, steps, seeded(latencySeed));
        }),
        { numRuns: RUNS, seed, ...(path ? { path } : {}), endOnFailure: false },
      );
    } catch (error) {
      failure = error;
      // fast-check's report names the seed and path to replay the shrunk counterexample.
      console.log(`      interleaving failed; replay with TOPCALLS_INTERLEAVING_SEED=${seed} (and the path in the report below)`);
      throw error;
    } finally {
      emit({
        type: 'check',
        area: 'interleaving',
        name: `store + form saves + quick edits, ${LEADS} leads, faults, cancels, reloads (seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s)`,
        outcome: failure ? 'fail' : 'pass',
        checked: tried,
        ...(failure ? { error: failure instanceof Error ? failure.message.split('\n')[0] : JSON.stringify(failure) } : {}),
      });
    }
  });
});

// ---- one sequence ----------------------------------------------------------------------------

async function runSequence(sandbox: Sandbox, steps: Step[], random: () => number): Promise<void> {
  sandbox.reset();
  const ids = sandbox.store.all().map((lead) => lead.id);
  const expected = new Map(sandbox.store.all().map((lead) => [lead.id, expectedFrom(lead)]));
  /** The newest updated_at of every copy of a lead this window's client was sent. */
  let newestSent = new Map<string, number>();
  const client = new TopCallsClient({
    credentials: async () => ({ baseUrl: sandbox.url, token: TOKEN }),
    timeoutMs: () => 2_000,
    retry: { baseDelayMs: 1, maxDelayMs: 4 },
    // Retry-After waits are kept, scaled down (1 s → 20 ms), and still cancellable.
    sleep: (ms, signal) => sleep(ms / 50, signal),
  });
  const seen = (lead: Lead): Lead => {
    newestSent.set(lead.id, Math.max(newestSent.get(lead.id) ?? 0, Date.parse(lead.updated_at)));
    return lead;
  };
  // Each answer takes 0-8 ms more to arrive, so a read the server answered before a write can come after its answer.
  const arrive = async <T>(answer: T): Promise<T> => {
    await sleep(Math.floor(random() * 9));
    return answer;
  };
  const recording: EditDeps['client'] = {
    getLead: async (id, opts) => seen(await arrive(await client.getLead(id, opts))),
    updateLead: async (id, patch, opts) => seen(await arrive(await client.updateLead(id, patch, opts))),
  };
  let store = new LeadStore();
  // Kept in workspace state by the host: it outlives a window reload.
  const journal = memoryJournal();
  const load = async (): Promise<void> => {
    store.putAll((await arrive(await client.listLeads({}, null, 50))).items.map(seen));
  };
  await load();
  let counter = 0;
  // Ends with a dash, so no text is part of another (note-1- is not in note-10-).
  const fresh = (prefix: string): string => `${prefix}-${++counter}-`;

  for (const [stepNo, current] of steps.entries()) {
    const where = `step ${stepNo + 1} of ${steps.length}`;
    if (current.reload) {
      store = new LeadStore();
      newestSent = new Map();
      await load();
    }
    for (const { lead, change } of current.colleague) colleagueWrites(sandbox, ids[lead]!, change, expected.get(ids[lead]!)!, fresh);
    for (const f of current.faults) sandbox.inject({ ...f, match: { ...f.match, path: /^\/v1\/leads/ } });

    const deps: EditDeps = { client: recording, store };
    const statusTaken = new Set<number>();
    const saved = new Set<number>();
    const running: Promise<void>[] = [];
    for (const op of current.ops) {
      if (op.kind === 'read') {
        const reading = op.lead === undefined ? load() : recording.getLead(ids[op.lead]!).then((lead) => void store.put(lead));
        // A failed read shows an error where it was asked for; it changes nothing.
        running.push(reading.catch(() => undefined));
      } else if (op.kind === 'save') {
        // One form per lead; one writer of a lead's status per step, so the expected end state does not depend on order.
        if (saved.has(op.lead)) continue;
        saved.add(op.lead);
        const statusToSet = op.status !== undefined && !statusTaken.has(op.lead) ? op.status : undefined;
        if (statusToSet !== undefined) statusTaken.add(op.lead);
        const changes = { name: op.name ? fresh('Saved') : undefined, status: statusToSet, note: op.note ? fresh('form-note') : undefined };
        running.push(documentSave(deps, journal, ids[op.lead]!, changes, expected));
      } else {
        let targets = op.leads;
        if (op.edit.kind === 'status') {
          targets = targets.filter((i) => !statusTaken.has(i));
          for (const i of targets) statusTaken.add(i);
        }
        if (targets.length === 0) continue;
        running.push(quickEdit(deps, targets.map((i) => ids[i]!), op, expected, fresh));
      }
    }
    await Promise.all(running);
    sandbox.clearFaults();
    check(sandbox, store, ids, expected, newestSent, where);
  }
}

function colleagueWrites(sandbox: Sandbox, id: string, change: ColleagueChange, expected: Expected, fresh: (prefix: string) => string): void {
  const lead = sandbox.store.get(id)!;
  switch (change.kind) {
    case 'name':
      expected.name = fresh('Colleague');
      sandbox.store.put({ ...lead, name: expected.name });
      return;
    case 'email':
      expected.email = `${fresh('colleague')}@example.com`;
      sandbox.store.put({ ...lead, email: expected.email });
      return;
    case 'status':
      expected.status = change.status;
      sandbox.store.put({ ...lead, status: change.status });
      return;
    case 'addTag': {
      const tag = fresh('colleague-tag');
      has(tag, expected);
      sandbox.store.put({ ...lead, tags: [...lead.tags, tag] });
      return;
    }
    case 'removeTag': {
      const tag = lead.tags[change.pick % Math.max(1, lead.tags.length)];
      if (tag === undefined) return;
      lacks(tag, expected);
      sandbox.store.put({ ...lead, tags: lead.tags.filter((t) => t !== tag) });
      return;
    }
  }
}

/** A save of the lead's document, edited from the copy it was opened with: the store's at the start of the step. */
async function documentSave(
  deps: EditDeps,
  journal: AppendJournal,
  id: string,
  changes: { name?: string; status?: Status; note?: string },
  expectations: Map<string, Expected>,
): Promise<void> {
  const base = deps.store.get(id)!;
  const document = JSON.parse(leadText(base)) as Record<string, unknown>;
  if (changes.name !== undefined) document.name = changes.name;
  if (changes.status !== undefined) document.status = changes.status;
  if (changes.note !== undefined) document.notes_append = changes.note;
  // Setting what the document already says is no edit: nothing to save, nothing promised.
  if (changes.status === base.status) changes.status = undefined;
  if (changes.name === undefined && changes.status === undefined && changes.note === undefined) return;
  const expected = expectations.get(id)!;
  try {
    await writeLeadDocument({ ...deps, readCopy: () => base, journal }, id, JSON.stringify(document, null, 2), undefined);
  } catch (error) {
    if (!(error instanceof LeadWriteError)) throw error;
    const failure = error.failure;
    if (failure.kind !== 'api') {
      // Refused before anything was sent (a clash the editor's own check could not see).
      if (changes.note !== undefined) expected.notesNever.add(changes.note);
      return;
    }
    // Reported as failed: the user keeps the document and knows it did not save. It may have been applied,
    // unless reading the notes back showed the whole PATCH did not land.
    if (failure.append === 'not-appended') {
      expected.notesNever.add(changes.note!);
      return;
    }
    if (changes.name !== undefined) expected.name = undefined;
    if (changes.status !== undefined) expected.status = undefined;
    if (changes.note !== undefined) expected.notesAtMostOnce.add(changes.note);
    return;
  }
  if (changes.name !== undefined) expected.name = changes.name;
  if (changes.status !== undefined) expected.status = changes.status;
  if (changes.note !== undefined) expected.notesOnce.add(changes.note);
}

async function quickEdit(
  deps: EditDeps,
  ids: string[],
  op: Extract<UserOp, { kind: 'quick' }>,
  expectations: Map<string, Expected>,
  fresh: (prefix: string) => string,
): Promise<void> {
  let edit: QuickEdit;
  let tag: string | undefined;
  let note: string | undefined;
  switch (op.edit.kind) {
    case 'status':
      edit = { kind: 'status', status: op.edit.status };
      break;
    case 'addTag':
      tag = fresh('tag');
      edit = { kind: 'addTags', tags: [tag] };
      break;
    case 'removeTag': {
      // Picked from what the user sees: the store's copy of the first lead.
      const tags = deps.store.get(ids[0]!)?.tags ?? [];
      tag = tags[op.edit.pick % Math.max(1, tags.length)];
      if (tag === undefined) return;
      edit = { kind: 'removeTags', tags: [tag] };
      break;
    }
    case 'note':
      note = fresh('quick-note');
      edit = { kind: 'note', text: note };
      break;
  }
  const cancel = new AbortController();
  const timer = op.cancelAfterMs === undefined ? undefined : setTimeout(() => cancel.abort(), op.cancelAfterMs);
  const outcome = await runEdits(deps, ids.map((id) => ({ id })), edit, { cancel: cancel.signal });
  clearTimeout(timer);
  const removing = edit.kind === 'removeTags';
  for (const { item } of outcome.done) {
    const expected = expectations.get(item.id)!;
    if (edit.kind === 'status') expected.status = edit.status;
    if (tag !== undefined) (removing ? lacks : has)(tag, expected);
    if (note !== undefined) expected.notesOnce.add(note);
  }
  for (const { item, error } of outcome.failed) {
    const expected = expectations.get(item.id)!;
    const unsure = !(error instanceof ApiError) || error.mayHaveApplied;
    if (edit.kind === 'status' && unsure) expected.status = undefined;
    if (tag !== undefined && unsure) unknownTag(tag, expected);
    if (note !== undefined) (unsure ? expected.notesAtMostOnce : expected.notesNever).add(note);
  }
  for (const item of outcome.notSent) {
    // "Not sent" must be true: a tag added or a note appended would show.
    const expected = expectations.get(item.id)!;
    if (tag !== undefined && !removing) lacks(tag, expected);
    if (note !== undefined) expected.notesNever.add(note);
  }
}

function check(sandbox: Sandbox, store: LeadStore, ids: string[], expectations: Map<string, Expected>, newestSent: Map<string, number>, where: string): void {
  for (const id of ids) {
    const server = sandbox.store.get(id)!;
    const expected = expectations.get(id)!;
    const at = `${where}, lead ${id}`;
    if (expected.name !== undefined) assert.equal(server.name, expected.name, `${at}: name`);
    if (expected.email !== undefined) assert.equal(server.email ?? null, expected.email, `${at}: email`);
    if (expected.status !== undefined) assert.equal(server.status, expected.status, `${at}: status`);
    for (const tag of expected.present) assert.ok(server.tags.includes(tag), `${at}: tag ${tag} lost (${server.tags.join(', ')})`);
    for (const tag of expected.absent) assert.ok(!server.tags.includes(tag), `${at}: tag ${tag} should be gone (${server.tags.join(', ')})`);
    for (const note of expected.notesOnce) assert.equal(occurrences(server.notes, note), 1, `${at}: note ${note} reported added`);
    for (const note of expected.notesAtMostOnce) assert.ok(occurrences(server.notes, note) <= 1, `${at}: note ${note} appended twice`);
    for (const note of expected.notesNever) assert.equal(occurrences(server.notes, note), 0, `${at}: note ${note} reported not sent`);
    const held = store.get(id);
    const newest = newestSent.get(id);
    if (held && newest !== undefined) {
      assert.equal(Date.parse(held.updated_at), newest, `${at}: the store holds an older copy than it was sent`);
      if (held.updated_at === server.updated_at) assert.deepEqual(held, server, `${at}: the store's copy of the server's version differs`);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    }, { once: true });
  });
}
