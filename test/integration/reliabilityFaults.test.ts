// The fault matrix: every surface (tree load, load more, quick edit, bulk edit, form save)
// under every fault of test/reliability/faults.ts, generated from the two lists. Each case
// checks: the message and where it shows, the user's input kept, no effect applied twice
// (the sandbox's write counters), and that the extension still works afterwards.
// Emits one TOPCALLS_RELIABILITY record per case for test/reliability/run.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Lead } from '../../src/shared/schemas';
import type { EditSummary } from '../../src/quickEdits/quickEdits';
import type { TestingApi } from '../../src/extension';
import type { LeadsNode } from '../../src/tree/nodes';
import { describeError } from '../../src/ui/errorMessages';
import { FAULTS, MATRIX_TIMEOUT_MS, faultsFor, recovers, type FaultSpec } from '../reliability/faults';
import { asApiError, captureNotifications, openForm, occurrences, sandboxIdle, saveInForm, shownNotice, type Notifications } from '../reliability/inEditor';
import { FULL_ENV, emit, errorText, type FaultCaseRecord } from '../reliability/report';
import { SEED_ENV, inRotation, seedFromEnv } from '../reliability/rotation';
import type { Fault, Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, waitFor, labelText } from './support';

const FULL = process.env[FULL_ENV] === '1';
const SEED = seedFromEnv(process.env);
const PAGE = 20;

interface Env {
  sandbox: Sandbox;
  api: TestingApi;
  notes: Notifications;
}

/** What the user ended up seeing. */
interface Observed {
  ok: boolean;
  message?: string;
  where?: string;
  error?: unknown;
}

interface Counts {
  lost: number;
  duplicated: number;
  replays: number;
}

interface Surface<P> {
  id: string;
  /** Whether its request is replay-safe (reads, set-type writes): the client retries ambiguous failures. */
  replaySafe: boolean;
  /** The extension's state before the action; what the case acts on. */
  prepare(env: Env, spec: FaultSpec): Promise<P>;
  /** The requests the fault hits. */
  match(p: P): NonNullable<Fault['match']>;
  act(env: Env, p: P): Promise<Observed>;
  /** Where the message must show for this fault. */
  expectedWhere(spec: FaultSpec): string;
  /**
   * Checks the input was kept; then, faults cleared, does what the user would (retry,
   * refresh) and counts effects into `counts` as it goes (kept even when a check fails).
   */
  settle(env: Env, p: P, spec: FaultSpec, seen: Observed, counts: Counts): Promise<void>;
  cleanup?(env: Env, p: P): Promise<void>;
}

const group = (api: TestingApi, key: 'New' | 'all'): LeadsNode => api.view.provider.nodes.group(key);
const leadIds = (nodes: LeadsNode[]): string[] => nodes.flatMap((n) => (n.kind === 'lead' ? [n.id] : []));
const label = (api: TestingApi, node: LeadsNode): string => labelText(api.view.provider.getTreeItem(node));

/** Tree failures show in the view (account-wide) or as the group's error row. */
function treeObserved(api: TestingApi, nodes: LeadsNode[], key: 'New' | 'all'): Observed {
  const error = asApiError(api.view.model.group(key).error);
  if (api.view.provider.accountError !== undefined) {
    // The welcome content says what to do; no message may hide it.
    assert.equal(api.view.treeView.message, undefined, 'no message hides the error welcome');
    assert.notEqual(api.view.provider.errorWelcome, '', 'the error welcome is on');
    const shown = asApiError(api.view.provider.accountError) ?? api.view.provider.accountError;
    return { ok: false, message: describeError(shown), where: 'view welcome', error };
  }
  const errorNode = nodes.find((n) => n.kind === 'message' && n.tone === 'error');
  if (errorNode) return { ok: false, message: label(api, errorNode), where: 'group error row', error };
  return { ok: true };
}
const treeWhere = (spec: FaultSpec): string => (spec.accountWide ? 'view welcome' : 'group error row');
/** Once a page came the connection worked: a later network failure or timeout is the group's; only the token stops the view. */
const loadMoreWhere = (spec: FaultSpec): string =>
  spec.accountWide && spec.fault.kind !== 'drop' && spec.fault.kind !== 'delay' ? 'view welcome' : 'group error row';

/** Reads write nothing: any applied write during a read case is a bug. */
function readCounts(sandbox: Sandbox, before: number, counts: Counts): void {
  counts.duplicated = sandbox.store.appliedWrites - before;
}

// ---- surfaces -------------------------------------------------------------------------------

const treeLoad: Surface<{ writes: number; filters: unknown }> = {
  id: 'tree load',
  replaySafe: true,
  async prepare({ api, sandbox }) {
    await setSetting('groupBy', 'status');
    await waitFor(() => api.view.model.groupBy === 'status', 'status grouping');
    api.view.refresh();
    assert.equal((await children(api)).length, 4);
    return { writes: sandbox.store.appliedWrites, filters: api.view.model.filters };
  },
  match: () => ({ method: 'GET', path: '/v1/leads' }),
  async act({ api }) {
    const nodes = await children(api, group(api, 'New'));
    return treeObserved(api, nodes, 'New');
  },
  expectedWhere: treeWhere,
  async settle({ api, sandbox }, p, _spec, seen, counts) {
    assert.deepEqual(api.view.model.filters, p.filters, 'the filter was kept');
    assert.equal(api.view.model.groupBy, 'status', 'the grouping was kept');
    if (!seen.ok) {
      if (seen.where === 'view welcome') await vscode.commands.executeCommand('topcalls.refresh');
      else await vscode.commands.executeCommand('topcalls.retryGroup', 'New');
    }
    const ids = leadIds(await children(api, group(api, 'New')));
    const expected = sandbox.store.all().filter((l) => l.status === 'New').slice(0, PAGE).map((l) => l.id);
    assert.deepEqual(ids, expected, 'after the failure the group loads, in order, without duplicates');
    assert.equal(api.view.provider.accountError, undefined);
    readCounts(sandbox, p.writes, counts);
  },
};

const loadMore: Surface<{ writes: number; first: string[] }> = {
  id: 'load more',
  replaySafe: true,
  async prepare({ api, sandbox }) {
    await setSetting('groupBy', 'none');
    await waitFor(() => api.view.model.groupBy === 'none', 'flat grouping');
    api.view.refresh();
    const nodes = await children(api);
    const first = leadIds(nodes);
    assert.equal(first.length, PAGE);
    assert.equal(nodes.at(-1)?.kind, 'more');
    return { writes: sandbox.store.appliedWrites, first };
  },
  match: () => ({ method: 'GET', path: '/v1/leads' }),
  async act({ api }) {
    await vscode.commands.executeCommand('topcalls.loadMore', 'all');
    return treeObserved(api, await children(api), 'all');
  },
  expectedWhere: loadMoreWhere,
  async settle({ api, sandbox }, p, _spec, seen, counts) {
    if (!seen.ok) {
      if (seen.where === 'view welcome') {
        // The view is blocked; the pages already loaded are still held for when it comes back.
        assert.deepEqual(
          api.view.model.allLoaded().map((l) => l.id),
          p.first,
          'the leads already loaded are kept',
        );
      } else {
        assert.deepEqual(leadIds(await children(api)), p.first, 'the leads already loaded stay listed above the error row');
      }
      if (seen.where === 'view welcome') {
        await vscode.commands.executeCommand('topcalls.refresh');
        await children(api);
        await vscode.commands.executeCommand('topcalls.loadMore', 'all');
      } else {
        await vscode.commands.executeCommand('topcalls.retryGroup', 'all');
      }
    }
    const ids = leadIds(await children(api));
    const expected = sandbox.store.all().slice(0, 2 * PAGE).map((l) => l.id);
    assert.deepEqual(ids, expected, 'two pages, in order, without duplicates or gaps');
    readCounts(sandbox, p.writes, counts);
  },
};

/** Leads no case has touched yet, from the flat list (pageSize 200). */
const used = new Set<string>();
async function freshLeads(env: Env, count: number): Promise<Lead[]> {
  const { api } = env;
  if (api.view.model.groupBy !== 'none' || api.view.model.allLoaded().length < 200) {
    await setSetting('groupBy', 'none');
    await setSetting('pageSize', 200);
    await waitFor(() => api.view.model.groupBy === 'none', 'flat grouping');
    // Let the settings' own refresh happen before ours.
    await new Promise((resolve) => setTimeout(resolve, 100));
    api.view.refresh();
    await children(api);
  }
  const picked = api.view.model
    .allLoaded()
    .filter((l) => !used.has(l.id))
    .slice(0, count);
  for (const lead of picked) used.add(lead.id);
  assert.equal(picked.length, count, 'the matrix ran out of fresh leads');
  return picked;
}

interface EditCase {
  targets: Lead[];
  /** The lead the fault hits. */
  hit: Lead;
  value: string;
  mark: number;
  summary?: EditSummary;
  patchesBefore: number;
}

const patchCount = (sandbox: Sandbox): number => sandbox.requests.filter((r) => r.method === 'PATCH').length;

/** What the edit summary says about `lead`. */
function summaryState(summary: EditSummary | undefined, lead: Lead): 'updated' | 'failed' | 'uncertain' | 'notSent' | 'missing' {
  if (!summary) return 'missing';
  if (summary.updated.some((l) => l.id === lead.id)) return 'updated';
  if (summary.uncertain.some((l) => l.id === lead.id)) return 'uncertain';
  if (summary.failed.some((f) => f.lead.id === lead.id)) return 'failed';
  if (summary.notSent.some((l) => l.id === lead.id)) return 'notSent';
  return 'missing';
}

function editObserved(env: Env, c: EditCase, where: string): Observed {
  const failed = c.summary?.failed.find((f) => f.lead.id === c.hit.id);
  if (!failed) return { ok: summaryState(c.summary, c.hit) === 'updated' };
  const error = asApiError(failed.error) ?? failed.error;
  return { ok: false, message: describeError(error), where, error };
}

/** The notification the edit showed. */
function checkNotification(env: Env, c: EditCase, seen: Observed, expect: RegExp): void {
  if (seen.ok) return;
  const shown = env.notes.since(c.mark).filter((s) => s.kind === 'error' || s.kind === 'warning');
  assert.ok(
    shown.some((s) => expect.test(s.text)),
    `a notification matching ${expect}; shown: ${JSON.stringify(shown.map((s) => s.text))}`,
  );
}

/** A write the server may have applied must never be offered for a blind retry of an append. */
function assertNoBlindRetry(spec: FaultSpec, c: EditCase, seen: Observed): void {
  if (seen.ok || !(spec.applies || asApiError(seen.error)?.mayHaveApplied)) return;
  assert.equal(
    summaryState(c.summary, c.hit),
    'uncertain',
    `the server may have appended the note (${spec.id}), so the lead must be reported uncertain, not plainly failed`,
  );
}

const quickEdit: Surface<EditCase> = {
  id: 'quick edit (append note, 1 lead)',
  replaySafe: false,
  async prepare(env, spec) {
    const [lead] = await freshLeads(env, 1);
    return { targets: [lead!], hit: lead!, value: `matrix note [${spec.id}] ${lead!.id.slice(0, 8)}`, mark: env.notes.shown.length, patchesBefore: patchCount(env.sandbox) };
  },
  match: (c) => ({ method: 'PATCH', path: `/v1/leads/${c.hit.id}` }),
  async act(env, c) {
    c.mark = env.notes.shown.length;
    c.summary = await vscode.commands.executeCommand<EditSummary | undefined>('topcalls.appendNote', undefined, [c.hit.id], c.value);
    await sandboxIdle(env.sandbox);
    return editObserved(env, c, 'EditSummary.failed[0] / error notification');
  },
  expectedWhere: () => 'EditSummary.failed[0] / error notification',
  async settle(env, c, spec, seen, counts) {
    const { sandbox, api } = env;
    checkNotification(env, c, seen, spec.message);
    if (!seen.ok && summaryState(c.summary, c.hit) === 'uncertain') {
      const shown = env.notes.since(c.mark).map((s) => s.text);
      assert.ok(shown.some((t) => /may have been added anyway/.test(t)), 'the notification says the note may have been added');
    }
    const effects = (): number => occurrences(sandbox.store.get(c.hit.id)?.notes ?? '', c.value);
    if (summaryState(c.summary, c.hit) === 'updated' && effects() === 0) counts.lost++;
    // The user's input is kept: Retry Failed Edits sends the same note again (unless it may be applied already).
    sandbox.clearFaults();
    const before = patchCount(sandbox);
    const retried = await vscode.commands.executeCommand<EditSummary | undefined>('topcalls.retryFailedEdits');
    await sandboxIdle(sandbox);
    const resent = sandbox.requests.filter((r) => r.method === 'PATCH').slice(before);
    counts.duplicated = Math.max(0, effects() - 1);
    if (!seen.ok && summaryState(c.summary, c.hit) === 'failed') {
      if (effects() === 0) counts.lost++;
      assert.ok(retried, 'Retry Failed Edits is offered for a failed (not uncertain) note');
      assert.deepEqual(resent.map((r) => r.body), [{ notes_append: c.value }], 'the retry sends the same note');
    } else {
      assert.equal(resent.length, 0, 'nothing is re-sent for an edit that succeeded or may have been applied');
    }
    assertNoBlindRetry(spec, c, seen);
    // Still works: another edit on a lead the tree holds.
    const other = api.view.model.lead(c.hit.id) ?? (await freshLeads(env, 1))[0]!;
    const after = await vscode.commands.executeCommand<EditSummary | undefined>('topcalls.addTags', undefined, [other.id], ['matrix-after']);
    assert.equal(after?.updated.length, 1, 'a normal edit succeeds afterwards');
  },
};

const bulkEdit: Surface<EditCase> = {
  id: 'bulk edit (add tag, 6 leads)',
  replaySafe: true,
  async prepare(env, spec) {
    const targets = await freshLeads(env, 6);
    return { targets, hit: targets[2]!, value: `bulk-${FAULTS.indexOf(spec)}`, mark: env.notes.shown.length, patchesBefore: patchCount(env.sandbox) };
  },
  match: (c) => ({ method: 'PATCH', path: `/v1/leads/${c.hit.id}` }),
  async act(env, c) {
    c.mark = env.notes.shown.length;
    c.summary = await vscode.commands.executeCommand<EditSummary | undefined>(
      'topcalls.addTags',
      undefined,
      c.targets.map((l) => l.id),
      [c.value],
    );
    await sandboxIdle(env.sandbox);
    return editObserved(env, c, 'EditSummary.failed[] / warning notification');
  },
  expectedWhere: () => 'EditSummary.failed[] / warning notification',
  async settle(env, c, spec, seen, counts) {
    const { sandbox, api } = env;
    const tagged = (lead: Lead): number => (sandbox.store.get(lead.id)?.tags ?? []).filter((t) => t === c.value).length;
    for (const lead of c.targets.filter((l) => l.id !== c.hit.id)) {
      assert.equal(summaryState(c.summary, lead), 'updated', 'the other leads of the bulk edit are updated');
      assert.equal(sandbox.store.writeCount(lead.id), 1, 'the other leads are written once');
    }
    checkNotification(env, c, seen, /5 updated, 1 failed/);
    for (const lead of c.targets) if (summaryState(c.summary, lead) === 'updated' && tagged(lead) === 0) counts.lost++;
    if (!seen.ok) assert.equal(summaryState(c.summary, c.hit), 'failed', 'a failed set-type edit is retryable');
    sandbox.clearFaults();
    const before = patchCount(sandbox);
    const retried = await vscode.commands.executeCommand<EditSummary | undefined>('topcalls.retryFailedEdits');
    await sandboxIdle(sandbox);
    const resent = sandbox.requests.filter((r) => r.method === 'PATCH').slice(before);
    for (const lead of c.targets) if (tagged(lead) === 0) counts.lost++;
    counts.duplicated = c.targets.reduce((n, l) => n + Math.max(0, tagged(l) - 1), 0);
    const writes = c.targets.reduce((n, l) => n + sandbox.store.writeCount(l.id), 0);
    counts.replays = writes - c.targets.length;
    if (!seen.ok) {
      // The retry reads the lead first: a tag the failed request did apply is not sent again.
      const expected = spec.applies ? { updated: 0, resent: [] } : { updated: 1, resent: [`/v1/leads/${c.hit.id}`] };
      assert.equal(retried?.updated.length, expected.updated, 'Retry Failed Edits updates the failed lead, unless it already has the tag');
      assert.equal((retried?.updated.length ?? 0) + (retried?.unchanged.length ?? 0), 1, 'Retry Failed Edits takes up only the failed lead');
      assert.deepEqual(resent.map((r) => r.path), expected.resent, 'only the failed lead is re-sent, and only when it lacks the tag');
    } else {
      assert.equal(resent.length, 0);
    }
    for (const lead of c.targets) {
      const shown = api.view.model.lead(lead.id);
      assert.ok(shown, `the tree still holds ${lead.id}`);
      assert.ok(shown.tags.includes(c.value), 'the tree shows the tag');
    }
    // Replays are only allowed where the server applied a request whose answer was lost.
    if (counts.replays > 0) assert.ok(spec.applies, `${counts.replays} extra write(s) although ${spec.id} applies nothing`);
  },
};

interface FormCase {
  lead: Lead;
  note: string;
  form: Awaited<ReturnType<typeof openForm>> & object;
}

const FORM_WHERE = 'form banner (notice)';

const formSave: Surface<FormCase> = {
  id: 'form save (name + note)',
  replaySafe: false,
  async prepare(env, spec) {
    const [lead] = await freshLeads(env, 1);
    const form = await openForm(env.api, lead!);
    return { lead: lead!, note: `form note [${spec.id}]`, form };
  },
  match: (c) => ({ method: 'PATCH', path: `/v1/leads/${c.lead.id}` }),
  async act(env, c) {
    const saved = await saveInForm(c.form, { name: `Form ${c.lead.name}`, notes_append: c.note });
    await sandboxIdle(env.sandbox);
    if (saved) return { ok: true };
    const notice = shownNotice(c.form);
    assert.ok(notice, 'the form shows why the save failed');
    return { ok: false, message: notice.message, where: FORM_WHERE };
  },
  expectedWhere: () => FORM_WHERE,
  async settle(env, c, spec, seen, counts) {
    const { sandbox } = env;
    const effects = (): number => occurrences(sandbox.store.get(c.lead.id)?.notes ?? '', c.note);
    sandbox.clearFaults();
    if (seen.ok) {
      if (effects() === 0) counts.lost++;
    } else {
      const notice = shownNotice(c.form);
      assert.ok(notice);
      assert.ok(c.form.document.isDirty, 'a failed save keeps the edits in the document');
      if (spec.fieldErrors) assert.deepEqual(Object.keys(notice.fieldErrors), spec.fieldErrors, 'field errors reach the form');
      // What the user does next: save again. The append journal keeps the note from going twice.
      await c.form.document.save();
      await sandboxIdle(sandbox);
      if (effects() === 0) counts.lost++;
    }
    counts.duplicated = Math.max(0, effects() - 1);
  },
  async cleanup(_env, c) {
    await c.form?.dispose();
  },
};

const SURFACES: Surface<unknown>[] = [treeLoad, loadMore, quickEdit, bulkEdit, formSave];

// ---- the matrix -----------------------------------------------------------------------------

describe('[reliability] fault matrix: surfaces × faults', function () {
  const env = {} as Env;

  before(async function () {
    this.timeout(60_000);
    console.log(FULL ? 'fault matrix: every cell' : `fault matrix: the rotation for seed ${SEED} (${SEED_ENV}; the runners take --seed ${SEED})`);
    const { sandbox, api } = await sandboxed({ leads: 400, seed: 11 });
    env.sandbox = sandbox;
    env.api = api;
    await setSetting('pageSize', PAGE);
    await setSetting('requestTimeoutMs', MATRIX_TIMEOUT_MS);
    await signIn(sandbox);
    // Nothing on screen asks the tree for children behind the tests' backs.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    env.notes = await captureNotifications();
  });
  after(async () => {
    env.notes?.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('pageSize', undefined);
    await setSetting('groupBy', undefined);
    await setSetting('requestTimeoutMs', undefined);
    await env.api?.tokens.clear();
    await env.sandbox?.close();
  });

  for (const surface of SURFACES) {
    describe(surface.id, () => {
      before(async function () {
        // Load more and tree load need their page size; the edits pick from a page of 200.
        if (surface === (treeLoad as unknown) || surface === (loadMore as unknown)) await setSetting('pageSize', PAGE);
      });
      // Full (npm run test:reliability): every fault on every surface. Quick (npm test): each
      // fault on one surface, which moves on with the seed (test/reliability/rotation.ts).
      const specs = faultsFor(FULL).filter((spec) => FULL || inRotation(SEED, FAULTS.indexOf(spec), SURFACES.indexOf(surface), SURFACES.length));
      for (const spec of specs) {
        it(`${spec.id}`, async function () {
          this.timeout(spec.needsTimeout || spec.times > 1 ? 30_000 : 15_000);
          await runCase(env, surface, spec);
        });
      }
    });
  }
});

async function runCase(env: Env, surface: Surface<unknown>, spec: FaultSpec): Promise<void> {
  const started = Date.now();
  const record: FaultCaseRecord = { type: 'fault-case', surface: surface.id, fault: spec.id, outcome: 'fail', lost: 0, duplicated: 0, replays: 0, requests: 0, ms: 0 };
  const { sandbox, api } = env;
  let prepared: unknown;
  try {
    sandbox.clearFaults();
    prepared = await surface.prepare(env, spec);
    const requestsBefore = sandbox.requests.length;
    sandbox.inject({ ...spec.fault, times: spec.times, match: surface.match(prepared) });
    const seen = await surface.act(env, prepared);
    sandbox.clearFaults();
    record.requests = sandbox.requests.length - requestsBefore;
    record.message = seen.message;
    record.where = seen.where;

    const shouldRecover = recovers(spec, surface.replaySafe);
    if (shouldRecover) {
      assert.ok(seen.ok, `expected the surface to recover by itself from ${spec.id}, but it showed: ${seen.message} (${seen.where})`);
    } else {
      assert.ok(!seen.ok, `expected ${spec.id} to be reported`);
      assert.equal(seen.where, surface.expectedWhere(spec), 'the message shows in the right place');
      const text = seen.message ?? '';
      // The form shows the API's own words next to its banner; the other surfaces one describeError sentence.
      assert.match(text, surface.id.startsWith('form') ? spec.essence : spec.message, 'the message says what happened');
      assert.ok(text.length < 500, 'the message is short enough to read');
      if (spec.fieldErrors && asApiError(seen.error)) {
        assert.deepEqual(Object.keys(asApiError(seen.error)!.fieldErrors), spec.fieldErrors, 'the field errors are kept on the error');
      }
    }
    const counts: Counts = { lost: 0, duplicated: 0, replays: 0 };
    try {
      await surface.settle(env, prepared, spec, seen, counts);
    } finally {
      Object.assign(record, counts);
    }
    assert.equal(counts.lost, 0, 'no write was lost');
    assert.equal(counts.duplicated, 0, 'no effect was applied twice');
    assert.equal(api.view.provider.accountError, undefined, 'the view is usable afterwards');
    record.outcome = 'pass';
  } catch (error) {
    record.error = errorText(error);
    throw error;
  } finally {
    sandbox.clearFaults();
    if (prepared !== undefined) await surface.cleanup?.(env, prepared).catch(() => undefined);
    if (api.view.provider.accountError !== undefined) await vscode.commands.executeCommand('topcalls.refresh');
    record.ms = Date.now() - started;
    emit(record);
  }
}
