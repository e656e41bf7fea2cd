import assert from 'node:assert/strict';
import { LeadPatchSchema, LeadSchema, PhoneSchema, STATUSES, type Lead } from '../../src/shared/schemas';
import { findOperation } from '../sandbox/contract';
import { isoTime } from '../sandbox/seed';
import {
  EXTRA_FIELDS,
  LeadStore,
  SAMPLE_LIST_IDS,
  SAMPLE_TAGS,
  describeViolations,
  generateLeads,
  startSandbox,
  type Sandbox,
} from '../sandbox/index';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const OTHER_LIST = '9f1e2d3c-4b5a-4697-8877-665544332211';

// Replies are raw JSON checked field by field against the contract, so `any` keeps the assertions
// readable: typing them would restate the very shapes these tests check.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

let sb: Sandbox;

/**
 * The contract violations this test causes on purpose (`side:requestId`): the sandbox must
 * record exactly these (checked after each test), and no other test may see them.
 */
let expectedViolations: string[] = [];

/** The reply's request broke the contract (or, with 'response', the sandbox's answer did), on purpose. */
function violating(reply: Reply, side: 'request' | 'response' = 'request'): Reply {
  expectedViolations.push(`${side}:${reply.headers.get('x-request-id') ?? '?'}`);
  return reply;
}

async function call(
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string; token?: string | null; contentType?: string | null } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? sb.token : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const contentType = opts.contentType === undefined ? (body !== undefined ? 'application/json' : null) : opts.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const res = await fetch(sb.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

function assertProblem(reply: Reply, status: number): void {
  assert.equal(reply.status, status, reply.text);
  assert.match(reply.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(reply.json.status, status);
  assert.equal(typeof reply.json.type, 'string');
  assert.equal(typeof reply.json.title, 'string');
  assert.equal(typeof reply.json.detail, 'string');
}

/** The paths a 400 names; such a request breaks the contract. */
function errorPaths(reply: Reply): string[] {
  violating(reply);
  assertProblem(reply, 400);
  assert.ok(Array.isArray(reply.json.errors), 'errors[] present');
  for (const e of reply.json.errors) {
    assert.equal(typeof e.message, 'string');
    assert.equal(typeof e.code, 'string');
  }
  return reply.json.errors.map((e: { path: string }) => e.path);
}

async function pageAll(query: string, limit: number, between?: (page: number) => Promise<void>): Promise<Lead[]> {
  const out: Lead[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const qs = new URLSearchParams(query);
    qs.set('limit', String(limit));
    if (cursor) qs.set('cursor', cursor);
    const r = await call('GET', `/v1/leads?${qs.toString()}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.length <= limit);
    out.push(...r.json.items);
    if (!r.json.has_more) {
      assert.equal(r.json.next_cursor, null);
      return out;
    }
    assert.equal(typeof r.json.next_cursor, 'string');
    cursor = r.json.next_cursor;
    await between?.(page);
  }
  throw new Error('paging did not end');
}

const first = (): Lead => sb.store.all()[0] as Lead;
const ids = (leads: readonly Lead[]): string[] => leads.map((l) => l.id);

describe('sandbox', function () {
  before(async () => {
    sb = await startSandbox({ leads: 250, seed: 7, readOnlyToken: 'tc_test_readonly', checkResponses: true });
  });
  after(async () => {
    await sb.close();
  });
  beforeEach(() => sb.reset());
  afterEach(() => {
    const got = sb.takeViolations();
    assert.deepEqual(got.map((v) => `${v.side}:${v.requestId}`).sort(), expectedViolations.sort(), describeViolations(got));
    expectedViolations = [];
  });

  describe('seed data', () => {
    it('generates 100k leads with unique, PhoneSchema-valid numbers, leads valid for the contract and the client', function () {
      this.timeout(120_000);
      const started = Date.now();
      const leads = generateLeads(100_000, 42);
      const elapsed = Date.now() - started;
      console.log(`      (100k leads generated in ${elapsed} ms)`);
      assert.equal(leads.length, 100_000);
      const phones = new Set<string>();
      const leadIds = new Set<string>();
      const bad: string[] = [];
      for (const lead of leads) {
        if (!PhoneSchema.safeParse(lead.phone_number).success) bad.push(lead.phone_number);
        phones.add(lead.phone_number);
        leadIds.add(lead.id);
      }
      assert.deepEqual(bad.slice(0, 10), []);
      assert.equal(phones.size, leads.length, 'phones unique');
      assert.equal(leadIds.size, leads.length, 'ids unique');
      const found = findOperation('GET', `/v1/leads/${leads[0]?.id}`);
      const contractLead = 'operation' in found ? found.operation.responses.get('200')?.get('application/json')?.() : undefined;
      assert.ok(contractLead, "the contract's GET /v1/leads/{id} answers a Lead");
      for (const lead of leads.slice(0, 3000)) {
        assert.ok(contractLead(lead), `${JSON.stringify(lead)}: ${JSON.stringify(contractLead.errors)}`);
        assert.ok(LeadSchema.safeParse(lead).success, JSON.stringify(lead));
        assert.match(lead.id, UUID);
        if (lead.email !== null) assert.ok(LeadPatchSchema.safeParse({ email: lead.email }).success, String(lead.email));
        assert.ok(lead.tags.every((t) => (SAMPLE_TAGS as readonly string[]).includes(t)));
        assert.ok(lead.list_ids && lead.list_ids.length >= 1 && lead.list_ids.length <= 2);
        assert.ok(lead.list_ids.every((l) => SAMPLE_LIST_IDS.includes(l)));
        assert.equal(lead.converted_at !== null, lead.status === 'Converted');
        assert.ok(lead.updated_at >= lead.created_at);
      }
    });

    it('formats timestamps exactly like Date#toISOString', () => {
      for (let i = 0; i < 20_000; i++) {
        const ms = Math.floor(Math.random() * 4_102_444_800_000);
        assert.equal(isoTime(ms), new Date(ms).toISOString());
      }
      for (const ms of [0, 86_399_999, 86_400_000, Date.UTC(2024, 1, 29, 23, 59, 59, 999)]) {
        assert.equal(isoTime(ms), new Date(ms).toISOString());
      }
    });

    it('covers every status, some null emails, some notes, and all sample lists', () => {
      const leads = generateLeads(500, 3);
      for (const s of STATUSES) assert.ok(leads.some((l) => l.status === s), s);
      assert.ok(leads.some((l) => l.email === null));
      assert.ok(leads.some((l) => typeof l.email === 'string'));
      assert.ok(leads.some((l) => typeof l.notes === 'string'));
      for (const list of SAMPLE_LIST_IDS) assert.ok(leads.some((l) => l.list_ids?.includes(list)), list);
      for (const l of leads) assert.ok(l.metadata && typeof l.metadata === 'object');
    });

    it('is deterministic for a seed and differs between seeds', async () => {
      assert.deepEqual(generateLeads(300, 11), generateLeads(300, 11));
      assert.notDeepEqual(ids(generateLeads(50, 11)), ids(generateLeads(50, 12)));
      const other = await startSandbox({ leads: 250, seed: 7 });
      try {
        assert.deepEqual(other.store.all(), sb.store.all());
      } finally {
        await other.close();
      }
    });

    it('starts a sandbox with 100k leads and serves them', async function () {
      this.timeout(60_000);
      const big = await startSandbox({ leads: 100_000, seed: 5 });
      try {
        assert.equal(big.store.size, 100_000);
        const r = await fetch(`${big.url}/v1/leads?limit=200&status=Unsubscribed`, {
          headers: { authorization: `Bearer ${big.token}` },
        });
        const body = (await r.json()) as { items: Lead[]; has_more: boolean };
        assert.equal(body.items.length, 200);
        assert.ok(body.items.every((l) => l.status === 'Unsubscribed'));
        assert.equal(body.has_more, true);
      } finally {
        await big.close();
      }
    });

    it('rejects a lead count over 100k', async () => {
      await assert.rejects(startSandbox({ leads: 100_001 }), RangeError);
    });

    it('reset re-seeds and clears faults and the request log', async () => {
      const lead = first();
      await call('DELETE', `/v1/leads/${lead.id}`);
      sb.inject({ kind: 'status', status: 500, times: Infinity });
      sb.reset();
      assert.equal(sb.requests.length, 0);
      assert.equal(sb.store.size, 250);
      assert.equal(sb.store.appliedWrites, 0);
      assert.equal((await call('GET', `/v1/leads/${lead.id}`)).status, 200);
      sb.reset({ leads: 10, seed: 99 });
      assert.equal(sb.store.size, 10);
      assert.deepEqual(sb.store.all().map((l) => l.id).sort(), ids(generateLeads(10, 99)).sort());
      sb.reset();
      assert.deepEqual(sb.store.all(), new LeadStore(generateLeads(250, 7)).all(), 'back to the start options');
    });
  });

  describe('auth', () => {
    it('answers 401 problem+json without a token, with a wrong one, or another scheme', async () => {
      for (const token of [null, 'tc_test_wrong', '']) {
        const r = await call('GET', '/v1/leads', { token });
        assertProblem(r, 401);
      }
      const basic = await fetch(`${sb.url}/v1/leads`, { headers: { authorization: `Basic ${sb.token}` } });
      assert.equal(basic.status, 401);
      assertProblem(await call('PATCH', `/v1/leads/${first().id}`, { token: null, body: { name: 'x' } }), 401);
      assert.equal(sb.store.appliedWrites, 0);
    });

    it('generates a tc_test_ token by default', async () => {
      const other = await startSandbox({ leads: 1 });
      try {
        assert.match(other.token, /^tc_test_[0-9a-f]{16,}$/);
        assert.notEqual(other.token, sb.token);
      } finally {
        await other.close();
      }
    });

    it('lets the read-only token read but answers 403 to its writes', async () => {
      const token = sb.readOnlyToken as string;
      const lead = first();
      assert.equal((await call('GET', '/v1/leads', { token })).status, 200);
      assert.equal((await call('GET', `/v1/leads/${lead.id}`, { token })).status, 200);
      const writes: Array<[string, string, unknown]> = [
        ['PATCH', `/v1/leads/${lead.id}`, { name: 'X' }],
        ['POST', '/v1/leads', { name: 'A', phone_number: '+14155552671', list_id: OTHER_LIST }],
        ['DELETE', `/v1/leads/${lead.id}`, undefined],
        ['POST', '/v1/leads/bulk', { list_id: OTHER_LIST, leads: [] }],
        ['POST', '/v1/leads/bulk-delete', { ids: [lead.id] }],
      ];
      for (const [method, path, body] of writes) assertProblem(await call(method, path, { token, body }), 403);
      assert.equal(sb.store.appliedWrites, 0);
      assert.deepEqual(sb.store.get(lead.id), lead);
    });
  });

  describe('GET /v1/leads', () => {
    it('pages to the end with no duplicates or gaps, in store order', async () => {
      const all = await pageAll('', 37);
      assert.equal(all.length, 250);
      assert.equal(new Set(ids(all)).size, 250);
      assert.deepEqual(ids(all), ids(sb.store.all()));
    });

    it('defaults to 50 items and allows 1 and 200', async () => {
      assert.equal((await call('GET', '/v1/leads')).json.items.length, 50);
      assert.equal((await call('GET', '/v1/leads?limit=1')).json.items.length, 1);
      const r = await call('GET', '/v1/leads?limit=200');
      assert.equal(r.json.items.length, 200);
      assert.equal(r.json.has_more, true);
    });

    it('never duplicates or skips a lead while leads change mid-paging', async () => {
      const before = sb.store.all();
      const seen = await pageAll('', 20, async (page) => {
        // Another client edits leads on earlier and later pages, and creates and renames leads.
        for (const lead of [before[page * 20 + 3], before[page * 20 + 45], before[249 - page]]) {
          if (!lead) continue;
          const status = lead.status === 'Converted' ? 'Contacted' : 'Converted';
          assert.equal((await call('PATCH', `/v1/leads/${lead.id}`, { body: { status, name: `Edited ${page}` } })).status, 200);
        }
        const planted = before[page * 20 + 60];
        if (planted) sb.store.put({ ...planted, status: 'Unsubscribed' });
        await call('POST', '/v1/leads', {
          body: { name: `New ${page}`, phone_number: `+1415555${String(1000 + page).padStart(4, '0')}`, list_id: OTHER_LIST },
        });
      });
      const seenIds = ids(seen);
      assert.equal(new Set(seenIds).size, seenIds.length, 'no duplicates');
      for (const lead of before) assert.ok(seenIds.includes(lead.id), `missing ${lead.id}`);
    });

    it('keeps a status-filtered listing complete for leads whose status did not change', async () => {
      const news = sb.store.all().filter((l) => l.status === 'New');
      const changed = new Set<string>();
      const seen = await pageAll('status=New', 10, async (page) => {
        const target = news[page * 10 + 15];
        if (!target) return;
        changed.add(target.id);
        await call('PATCH', `/v1/leads/${target.id}`, { body: { status: 'Contacted' } });
      });
      const seenIds = ids(seen);
      assert.equal(new Set(seenIds).size, seenIds.length);
      assert.ok(seen.every((l) => l.status === 'New'));
      for (const lead of news) if (!changed.has(lead.id)) assert.ok(seenIds.includes(lead.id));
      assert.ok(changed.size > 0);
    });

    it('filters by status, tag, list_id and phone, alone and combined', async () => {
      const all = sb.store.all();
      const expectIds = async (query: string, predicate: (l: Lead) => boolean): Promise<void> => {
        const got = await pageAll(query, 200);
        const want = all.filter(predicate);
        assert.ok(want.length > 0, `fixture has matches for ${query}`);
        assert.deepEqual(ids(got), ids(want), query);
      };
      for (const status of STATUSES) await expectIds(`status=${status}`, (l) => l.status === status);
      await expectIds('tag=vip', (l) => l.tags.includes('vip'));
      const list = SAMPLE_LIST_IDS[2] as string;
      await expectIds(`list_id=${list}`, (l) => !!l.list_ids?.includes(list));
      const target = all[123] as Lead;
      await expectIds(`phone=${encodeURIComponent(target.phone_number)}`, (l) => l.id === target.id);
      await expectIds(`status=New&tag=callback&list_id=${list}`, (l) => l.status === 'New' && l.tags.includes('callback') && !!l.list_ids?.includes(list));
      const none = await call('GET', `/v1/leads?tag=${encodeURIComponent('no-such-tag')}`);
      assert.deepEqual(none.json, { items: [], has_more: false, next_cursor: null });
    });

    it('answers 400 naming limit, cursor, status and phone when they are invalid', async () => {
      for (const limit of ['0', '201', 'abc', '-1', '1.5', '']) {
        assert.deepEqual(errorPaths(await call('GET', `/v1/leads?limit=${limit}`)), ['limit'], `limit=${limit}`);
      }
      assert.deepEqual(errorPaths(await call('GET', '/v1/leads?cursor=not-a-cursor')), ['cursor']);
      assert.ok(errorPaths(await call('GET', '/v1/leads?status=Won')).includes('status'));
      assert.ok(errorPaths(await call('GET', '/v1/leads?phone=12345')).includes('phone'));
      assert.ok(errorPaths(await call('GET', '/v1/leads?tag=')).includes('tag'));
    });
  });

  describe('GET /v1/leads/{id}', () => {
    it('returns the lead', async () => {
      const lead = sb.store.all()[17] as Lead;
      const r = await call('GET', `/v1/leads/${lead.id}`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, lead);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.match(r.headers.get('x-request-id') ?? '', /^req_[0-9a-f]+$/);
    });

    it('answers 404 for an unknown id, a non-UUID id and an unknown route', async () => {
      assertProblem(await call('GET', '/v1/leads/00000000-0000-4000-8000-000000000000'), 404);
      assertProblem(violating(await call('GET', '/v1/leads/not-a-uuid')), 404);
      assertProblem(violating(await call('GET', '/v1/leads/%E0%A4%A')), 404);
      assertProblem(violating(await call('GET', '/v1/contacts')), 404);
      const r = violating(await call('PUT', `/v1/leads/${first().id}`, { body: { name: 'x' } }));
      assertProblem(r, 405);
      assert.match(r.headers.get('allow') ?? '', /PATCH/);
    });
  });

  describe('PATCH /v1/leads/{id}', () => {
    const invalid: Array<[string, unknown, string]> = [
      ['empty name', { name: '' }, 'name'],
      ['name not a string', { name: 5 }, 'name'],
      ['phone not E.164', { phone_number: '4155552671' }, 'phone_number'],
      ['phone of no country', { phone_number: '+999123456789' }, 'phone_number'],
      ['bad email', { email: 'not-an-email' }, 'email'],
      ['unknown status', { status: 'Won' }, 'status'],
      ['notes not a string', { notes: 5 }, 'notes'],
      ['notes_append null', { notes_append: null }, 'notes_append'],
      ['tags not an array', { tags: 'vip' }, 'tags'],
      ['a tag not a string', { tags: ['ok', 3] }, 'tags[1]'],
      ['metadata an array', { metadata: [] }, 'metadata'],
      ['metadata null', { metadata: null }, 'metadata'],
      ['notes with notes_append', { notes: 'a', notes_append: 'b' }, 'notes_append'],
      ['an unknown field', { nickname: 'Bob' }, 'nickname'],
      ['an empty body', {}, ''],
      ['an array body', [], ''],
    ];
    for (const [label, body, path] of invalid) {
      it(`answers 400 with errors[].path "${path}" for ${label}, changing nothing`, async () => {
        const lead = first();
        const r = await call('PATCH', `/v1/leads/${lead.id}`, { body });
        assert.ok(errorPaths(r).includes(path), `paths ${JSON.stringify(r.json.errors)}`);
        assert.deepEqual(sb.store.get(lead.id), lead);
        assert.equal(sb.store.writeCount(lead.id), 0);
      });
    }

    it('replaces fields, tags and metadata, and bumps updated_at', async () => {
      const lead = first();
      const body = {
        name: 'Ada Lovelace',
        phone_number: '+442071234567',
        email: null,
        tags: ['x'],
        metadata: { only: true },
        notes: 'fresh',
      };
      const r = await call('PATCH', `/v1/leads/${lead.id}`, { body });
      assert.equal(r.status, 200);
      assert.deepEqual({ ...r.json, updated_at: lead.updated_at }, { ...lead, ...body });
      assert.ok(r.json.updated_at > lead.updated_at);
      assert.deepEqual(sb.store.get(lead.id), r.json);
      assert.equal(sb.store.writeCount(lead.id), 1);
      assert.equal(sb.store.appliedWrites, 1);
      const byPhone = await call('GET', `/v1/leads?phone=${encodeURIComponent('+442071234567')}`);
      assert.deepEqual(ids(byPhone.json.items), [lead.id]);
    });

    it('appends notes with a newline, or sets them when there were none', async () => {
      const lead = first();
      await call('PATCH', `/v1/leads/${lead.id}`, { body: { notes: null } });
      let r = await call('PATCH', `/v1/leads/${lead.id}`, { body: { notes_append: 'one' } });
      assert.equal(r.json.notes, 'one');
      r = await call('PATCH', `/v1/leads/${lead.id}`, { body: { notes_append: 'two' } });
      assert.equal(r.json.notes, 'one\ntwo');
    });

    it('sets converted_at when the status becomes Converted', async () => {
      const lead = sb.store.all().find((l) => l.status === 'New') as Lead;
      assert.equal(lead.converted_at, null);
      const r = await call('PATCH', `/v1/leads/${lead.id}`, { body: { status: 'Converted' } });
      assert.equal(r.json.status, 'Converted');
      assert.equal(typeof r.json.converted_at, 'string');
      assert.equal(r.json.converted_at, r.json.updated_at);
    });

    it('makes updated_at strictly increase on every write, even within one millisecond', async () => {
      const lead = first();
      const stamps = [lead.updated_at];
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) => call('PATCH', `/v1/leads/${lead.id}`, { body: { name: `N${i}` } })),
      );
      for (const r of replies) stamps.push(r.json.updated_at);
      const sorted = [...stamps].sort();
      assert.equal(new Set(stamps).size, stamps.length);
      assert.equal(sorted[0], lead.updated_at);
      const put = sb.store.put({ ...(sb.store.get(lead.id) as Lead), name: 'Other user' });
      assert.ok(put.updated_at > (sorted.at(-1) as string));
      assert.equal(sb.store.writeCount(lead.id), 8, 'put is not counted');
    });

    it('bumps updated_at past a clock-skewed (future) updated_at, and store.tick() never repeats', async () => {
      const lead = first();
      const future = new Date(Date.now() + 3_600_000).toISOString();
      sb.store.put({ ...lead, updated_at: future }, { keepUpdatedAt: true });
      const r = await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'Later' } });
      assert.ok(r.json.updated_at > future, `${r.json.updated_at} > ${future}`);
      const ticks = Array.from({ length: 2000 }, () => sb.store.tick());
      for (let i = 1; i < ticks.length; i++) assert.ok((ticks[i] as string) > (ticks[i - 1] as string));
    });

    it('answers 409 when another lead has the phone number', async () => {
      const [a, b] = sb.store.all() as [Lead, Lead];
      const r = await call('PATCH', `/v1/leads/${a.id}`, { body: { phone_number: b.phone_number } });
      assertProblem(r, 409);
      assert.equal(r.json.errors[0].path, 'phone_number');
      assert.equal((await call('PATCH', `/v1/leads/${a.id}`, { body: { phone_number: a.phone_number } })).status, 200);
    });

    it('answers 404 for an unknown lead', async () => {
      assertProblem(await call('PATCH', '/v1/leads/00000000-0000-4000-8000-000000000000', { body: { name: 'x' } }), 404);
    });
  });

  describe('request bodies', () => {
    it('answers 415 for a wrong or missing content type', async () => {
      const lead = first();
      assertProblem(violating(await call('PATCH', `/v1/leads/${lead.id}`, { raw: '{"name":"x"}', contentType: 'text/plain' })), 415);
      assertProblem(violating(await call('POST', '/v1/leads', { raw: '{"name":"x"}', contentType: null })), 415);
      assertProblem(
        violating(await call('POST', '/v1/leads/bulk', { raw: 'a=b', contentType: 'application/x-www-form-urlencoded' })),
        415,
      );
      assert.equal(
        (await call('PATCH', `/v1/leads/${lead.id}`, { raw: '{"name":"x"}', contentType: 'Application/JSON; charset=utf-8' })).status,
        200,
      );
    });

    it('answers 400 for invalid or empty JSON', async () => {
      const lead = first();
      assertProblem(violating(await call('PATCH', `/v1/leads/${lead.id}`, { raw: '{"name":', contentType: 'application/json' })), 400);
      assertProblem(violating(await call('POST', '/v1/leads', { raw: '', contentType: 'application/json' })), 400);
      assert.equal(sb.store.appliedWrites, 0);
    });

    it('answers 413 for a body over 1 MB', async () => {
      const lead = first();
      const r = await call('PATCH', `/v1/leads/${lead.id}`, { body: { notes: 'x'.repeat(1_100_000) } });
      assertProblem(r, 413);
      assert.equal(sb.store.writeCount(lead.id), 0);
      assert.equal((await call('PATCH', `/v1/leads/${lead.id}`, { body: { notes: 'x'.repeat(900_000) } })).status, 200);
    });
  });

  describe('POST /v1/leads (create or attach)', () => {
    it('creates a lead: 201 existed=false', async () => {
      const body = { name: 'New Person', phone_number: '+33612345678', list_id: OTHER_LIST, tags: ['vip'], notes_append: 'hi' };
      const r = await call('POST', '/v1/leads', { body });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.existed, false);
      assert.match(r.json.id, UUID);
      assert.equal(r.json.status, 'New');
      assert.equal(r.json.notes, 'hi');
      assert.deepEqual(r.json.list_ids, [OTHER_LIST]);
      assert.ok(LeadSchema.safeParse(r.json).success);
      assert.equal(sb.store.size, 251);
      assert.equal(sb.store.writeCount(r.json.id), 1);
    });

    it('attaches an existing phone: 200 existed=true, other fields untouched', async () => {
      const lead = first();
      const r = await call('POST', '/v1/leads', {
        body: { name: 'Someone Else', phone_number: lead.phone_number, list_id: OTHER_LIST, email: 'x@y.com', tags: ['z'] },
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.existed, true);
      const { existed: _existed, list_ids, updated_at, ...rest } = r.json;
      const { list_ids: oldLists, updated_at: oldUpdated, ...oldRest } = lead;
      assert.deepEqual(rest, oldRest);
      assert.deepEqual(list_ids, [...(oldLists ?? []), OTHER_LIST]);
      assert.ok(updated_at > oldUpdated);
      assert.equal(sb.store.size, 250);
      const again = await call('POST', '/v1/leads', { body: { name: 'X', phone_number: lead.phone_number, list_id: OTHER_LIST } });
      assert.equal(again.status, 200);
      assert.deepEqual(again.json.list_ids, list_ids);
      assert.equal(sb.store.writeCount(lead.id), 1, 'attaching again changes nothing');
    });

    it('validates the body: 400 naming each missing or bad field', async () => {
      const paths = errorPaths(await call('POST', '/v1/leads', { body: { phone_number: '+1', list_id: 'nope' } }));
      for (const p of ['name', 'phone_number', 'list_id']) assert.ok(paths.includes(p), p);
      assert.equal(sb.store.size, 250);
    });
  });

  describe('DELETE /v1/leads/{id}', () => {
    it('hard-deletes without list_id: 204, then 404', async () => {
      const lead = first();
      const r = await call('DELETE', `/v1/leads/${lead.id}`);
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assert.equal(sb.store.get(lead.id), undefined);
      assert.equal(sb.store.writeCount(lead.id), 1);
      assertProblem(await call('DELETE', `/v1/leads/${lead.id}`), 404);
      assertProblem(await call('GET', `/v1/leads/${lead.id}`), 404);
    });

    it('with list_id removes only that list, and deletes the lead with its last list', async () => {
      const lead = sb.store.all().find((l) => (l.list_ids?.length ?? 0) === 2) as Lead;
      const [a, b] = lead.list_ids as [string, string];
      assert.equal((await call('DELETE', `/v1/leads/${lead.id}?list_id=${a}`)).status, 204);
      assert.deepEqual(sb.store.get(lead.id)?.list_ids, [b]);
      assertProblem(await call('DELETE', `/v1/leads/${lead.id}?list_id=${a}`), 404);
      assert.ok(errorPaths(await call('DELETE', `/v1/leads/${lead.id}?list_id=nope`)).includes('list_id'));
      assert.equal((await call('DELETE', `/v1/leads/${lead.id}?list_id=${b}`)).status, 204);
      assert.equal(sb.store.get(lead.id), undefined);
    });
  });

  describe('POST /v1/leads/bulk', () => {
    it('merges: inserts new, appends notes, unions tags on existing', async () => {
      const lead = sb.store.all().find((l) => l.notes && l.tags.length > 0) as Lead;
      const r = await call('POST', '/v1/leads/bulk', {
        body: {
          list_id: OTHER_LIST,
          leads: [
            { phone_number: '+14155550100', name: 'Bulk One', tags: ['a'] },
            { phone_number: lead.phone_number, name: 'Ignored', notes: 'merged', tags: ['zzz', ...lead.tags] },
            { phone_number: '+14155550101' },
          ],
        },
      });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual({ ...r.json, duration_ms: 0 }, {
        success: true, inserted: 2, updated: 1, duplicates: 1, total_processed: 3, duration_ms: 0,
      });
      const merged = sb.store.get(lead.id) as Lead;
      assert.equal(merged.name, lead.name);
      assert.deepEqual(merged.tags, [...lead.tags, 'zzz']);
      assert.match(merged.notes ?? '', new RegExp(`^${lead.notes?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n\\[\\d{4}-.+Z\\] merged$`));
      assert.ok(merged.list_ids?.includes(OTHER_LIST));
      const created = await call('GET', `/v1/leads?phone=${encodeURIComponent('+14155550101')}`);
      assert.equal(created.json.items[0].name, '');
      assert.equal(sb.store.size, 252);
    });

    it('skip mode leaves existing rows untouched', async () => {
      const lead = first();
      const r = await call('POST', '/v1/leads/bulk', {
        body: { list_id: OTHER_LIST, mode: 'skip', leads: [{ phone_number: lead.phone_number, notes: 'x', tags: ['y'] }] },
      });
      assert.equal(r.json.inserted, 0);
      assert.equal(r.json.updated, 0);
      assert.equal(r.json.duplicates, 1);
      assert.deepEqual(sb.store.get(lead.id), lead);
    });

    it('validates the whole batch first: errors name leads[i].field and nothing is applied', async () => {
      const r = await call('POST', '/v1/leads/bulk', {
        body: { list_id: OTHER_LIST, leads: [{ phone_number: '+14155550100' }, { phone_number: 'bad' }] },
      });
      assert.ok(errorPaths(r).includes('leads[1].phone_number'));
      assert.equal(sb.store.size, 250);
      const tooMany = Array.from({ length: 2001 }, (_, i) => ({ phone_number: `+1415555${String(i).padStart(4, '0')}` }));
      assert.ok(errorPaths(await call('POST', '/v1/leads/bulk', { body: { list_id: OTHER_LIST, leads: tooMany } })).includes('leads'));
      assert.ok(errorPaths(await call('POST', '/v1/leads/bulk', { body: { leads: [] } })).includes('list_id'));
    });
  });

  describe('POST /v1/leads/bulk-delete', () => {
    it('deletes ids synchronously and reports unknown ones as skipped', async () => {
      const [a, b] = sb.store.all() as [Lead, Lead];
      const unknown = '00000000-0000-4000-8000-000000000000';
      const r = await call('POST', '/v1/leads/bulk-delete', { body: { ids: [a.id, unknown, b.id] } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { kind: 'sync', deleted: 2, skipped: 1, skipped_payload: [{ lead_id: unknown, reason: 'not_found' }] });
      assert.equal(sb.store.size, 248);
    });

    it('answers 202 with a job for the filter form', async () => {
      const count = sb.store.all().filter((l) => l.status === 'Unsubscribed').length;
      const r = await call('POST', '/v1/leads/bulk-delete', { body: { filter: { status: 'Unsubscribed' } } });
      assert.equal(r.status, 202);
      assert.equal(r.json.kind, 'async');
      assert.equal(r.json.status, 'pending');
      assert.equal(typeof r.json.job_id, 'string');
      assert.equal(r.json.total_leads, count);
      assert.equal(r.json.chunks_total, 1);
      assert.equal(sb.store.size, 250 - count);
    });

    it('rejects more than 500 ids, non-UUID ids, both forms, neither form and an empty filter', async () => {
      const many = Array.from({ length: 501 }, () => first().id);
      assert.ok(errorPaths(await call('POST', '/v1/leads/bulk-delete', { body: { ids: many } })).includes('ids'));
      assert.ok(errorPaths(await call('POST', '/v1/leads/bulk-delete', { body: { ids: ['x'] } })).includes('ids[0]'));
      errorPaths(await call('POST', '/v1/leads/bulk-delete', { body: { ids: [], filter: { status: 'New' } } }));
      errorPaths(await call('POST', '/v1/leads/bulk-delete', { body: {} }));
      assert.ok(errorPaths(await call('POST', '/v1/leads/bulk-delete', { body: { filter: {} } })).includes('filter'));
      assert.equal(sb.store.size, 250);
    });
  });

  describe('faults', () => {
    it('status: answers the given status and body without handling the request', async () => {
      const lead = first();
      const body = { type: 'https://api.topcalls.ai/errors/conflict', title: 'Conflict', status: 409, detail: 'edited' };
      sb.inject({ kind: 'status', status: 409, body, match: { method: 'PATCH' } });
      const r = await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'x' } });
      assertProblem(r, 409);
      assert.deepEqual(r.json, body);
      assert.equal(sb.store.writeCount(lead.id), 0);
      assert.equal((await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'x' } })).status, 200, 'used up');
    });

    it('status: a default problem body, raw string bodies and extra headers', async () => {
      sb.inject({ kind: 'status', status: 500 });
      assertProblem(await call('GET', '/v1/leads'), 500);
      sb.inject({ kind: 'status', status: 400, body: 'plain', contentType: 'text/plain', headers: { 'x-extra': '1' } });
      const r = await call('GET', '/v1/leads');
      assert.equal(r.status, 400);
      assert.equal(r.text, 'plain');
      assert.equal(r.headers.get('x-extra'), '1');
      assert.equal(r.headers.get('content-type'), 'text/plain');
    });

    it('html: an HTML error page, 502 by default', async () => {
      sb.inject({ kind: 'html' });
      let r = await call('GET', '/v1/leads');
      assert.equal(r.status, 502);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(r.text, /<html>[\s\S]*502 Bad Gateway/);
      sb.inject({ kind: 'html', status: 504 });
      r = await call('GET', '/v1/leads');
      assert.equal(r.status, 504);
    });

    it('delay: waits, then handles normally', async () => {
      sb.inject({ kind: 'delay', ms: 300 });
      const started = Date.now();
      const r = await call('GET', '/v1/leads?limit=1');
      assert.ok(Date.now() - started >= 290);
      assert.equal(r.status, 200);
      assert.equal(r.json.items.length, 1);
    });

    it('drop before: the connection dies and nothing is applied', async () => {
      const lead = first();
      sb.inject({ kind: 'drop', when: 'before' });
      await assert.rejects(call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'Dropped' } }));
      assert.equal(sb.store.writeCount(lead.id), 0);
      assert.equal(sb.store.get(lead.id)?.name, lead.name);
      assert.equal(sb.requests.at(-1)?.status, 0);
    });

    it('drop after: the connection dies but the write is applied', async () => {
      const lead = first();
      sb.inject({ kind: 'drop', when: 'after' });
      await assert.rejects(call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'Applied' } }));
      assert.equal(sb.store.writeCount(lead.id), 1);
      assert.equal(sb.store.get(lead.id)?.name, 'Applied');
    });

    it('rateLimit: 429 problem with Retry-After only when given', async () => {
      sb.inject({ kind: 'rateLimit', retryAfter: 7 });
      let r = await call('GET', '/v1/leads');
      assertProblem(r, 429);
      assert.equal(r.headers.get('retry-after'), '7');
      sb.inject({ kind: 'rateLimit' });
      r = await call('GET', '/v1/leads');
      assertProblem(r, 429);
      assert.equal(r.headers.get('retry-after'), null);
      sb.inject({ kind: 'rateLimit', retryAfter: null });
      assert.equal((await call('GET', '/v1/leads')).headers.get('retry-after'), null);
    });

    it('malformed: 200 with a body that is not valid JSON', async () => {
      sb.inject({ kind: 'malformed' });
      const r = await call('GET', '/v1/leads');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      assert.ok(r.text.length > 0);
      assert.throws(() => JSON.parse(r.text));
    });

    it('missingField: removes the field from a lead, or from each item of a page', async () => {
      const lead = first();
      sb.inject({ kind: 'missingField', field: 'phone_number', times: 2 });
      const one = await call('GET', `/v1/leads/${lead.id}`);
      assert.equal(one.status, 200);
      assert.ok(!('phone_number' in one.json));
      assert.equal(one.json.id, lead.id);
      const page = await call('GET', '/v1/leads?limit=5');
      assert.equal(page.json.items.length, 5);
      assert.ok(page.json.items.every((l: object) => !('phone_number' in l)));
      assert.equal(sb.store.get(lead.id)?.phone_number, lead.phone_number, 'the store is untouched');
      sb.inject({ kind: 'missingField', field: 'next_cursor' });
      assert.ok(!('next_cursor' in (await call('GET', '/v1/leads')).json));
    });

    it('extraField: adds unknown fields to the object and each page item', async () => {
      sb.inject({ kind: 'extraField', times: 2 });
      const lead = first();
      const one = await call('GET', `/v1/leads/${lead.id}`);
      assert.deepEqual(one.json, { ...lead, ...EXTRA_FIELDS });
      const page = await call('GET', '/v1/leads?limit=3');
      for (const item of page.json.items) for (const key of Object.keys(EXTRA_FIELDS)) assert.ok(key in item, key);
      assert.ok(!('ai_score' in (sb.store.get(lead.id) as object)));
    });

    it('matches on method, exact path and RegExp; honours times and clearFaults', async () => {
      const lead = first();
      sb.inject({ kind: 'status', status: 503, match: { method: 'patch', path: /^\/v1\/leads\/[^/]+$/ }, times: 2 });
      sb.inject({ kind: 'status', status: 418, match: { path: '/v1/leads/bulk' } });
      assert.equal((await call('GET', `/v1/leads/${lead.id}`)).status, 200);
      assert.equal((await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'a' } })).status, 503);
      assert.equal((await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'a' } })).status, 503);
      assert.equal((await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'a' } })).status, 200);
      assert.equal((await call('POST', '/v1/leads/bulk', { body: { list_id: OTHER_LIST, leads: [] } })).status, 418);
      sb.inject({ kind: 'status', status: 500, times: Infinity });
      for (let i = 0; i < 5; i++) assert.equal((await call('GET', '/v1/leads')).status, 500);
      sb.clearFaults();
      assert.equal((await call('GET', '/v1/leads')).status, 200);
    });

    it('are answered before auth, and recorded', async () => {
      sb.inject({ kind: 'rateLimit', retryAfter: 1 });
      assert.equal((await call('GET', '/v1/leads', { token: null })).status, 429);
      assert.deepEqual(
        sb.requests.map((q) => [q.status, q.authorized]),
        [[429, false]],
      );
    });
  });

  describe('request log', () => {
    it('records method, path, query, body, status and authorization, never the token', async () => {
      const lead = first();
      await call('GET', '/v1/leads?limit=2&status=New');
      await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'Logged' } });
      violating(await call('PATCH', `/v1/leads/${lead.id}`, { raw: 'not json', contentType: 'text/plain' }));
      await call('GET', '/v1/leads', { token: 'tc_test_wrong_secret' });
      await call('GET', '/v1/leads', { token: sb.readOnlyToken as string });
      await fetch(`${sb.url}/_sandbox/stats`);
      assert.deepEqual(
        sb.requests.map(({ at: _at, ...r }) => r),
        [
          { method: 'GET', path: '/v1/leads', query: { limit: '2', status: 'New' }, body: undefined, authorized: true, status: 200 },
          { method: 'PATCH', path: `/v1/leads/${lead.id}`, query: {}, body: { name: 'Logged' }, authorized: true, status: 200 },
          { method: 'PATCH', path: `/v1/leads/${lead.id}`, query: {}, body: 'not json', authorized: true, status: 415 },
          { method: 'GET', path: '/v1/leads', query: {}, body: undefined, authorized: false, status: 401 },
          { method: 'GET', path: '/v1/leads', query: {}, body: undefined, authorized: true, status: 200 },
        ],
      );
      const dump = JSON.stringify(sb.requests) + JSON.stringify(await (await fetch(`${sb.url}/_sandbox/requests`)).json());
      assert.ok(!dump.includes(sb.token));
      assert.ok(!dump.includes(sb.readOnlyToken as string));
      assert.ok(!dump.includes('tc_test_wrong_secret'));
      assert.ok(sb.requests.every((r) => typeof r.at === 'number' && r.at > 0));
      sb.clearRequests();
      assert.equal(sb.requests.length, 0);
    });
  });

  describe('control routes', () => {
    it('inject faults (pathRegex, Infinity), list and clear them', async () => {
      const post = await fetch(`${sb.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'status', status: 409, match: { method: 'PATCH', pathRegex: '^/v1/leads/' }, times: 'Infinity' }),
      });
      assert.equal(post.status, 201);
      const lead = first();
      assert.equal((await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'a' } })).status, 409);
      assert.equal((await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'a' } })).status, 409);
      const listed = (await (await fetch(`${sb.url}/_sandbox/faults`)).json()) as Array<{ match: { pathRegex: string } }>;
      assert.equal(listed[0]?.match.pathRegex, new RegExp('^/v1/leads/').source);
      assert.equal((await fetch(`${sb.url}/_sandbox/faults`, { method: 'DELETE' })).status, 204);
      assert.equal((await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'a' } })).status, 200);
      const bad = await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) });
      assert.equal(bad.status, 400);
    });

    it('read and clear the request log, plant leads, give stats and reset', async () => {
      const lead = first();
      await call('PATCH', `/v1/leads/${lead.id}`, { body: { name: 'a' } });
      const log = (await (await fetch(`${sb.url}/_sandbox/requests`)).json()) as unknown[];
      assert.equal(log.length, 1);
      assert.equal((await fetch(`${sb.url}/_sandbox/requests`, { method: 'DELETE' })).status, 204);
      assert.equal(sb.requests.length, 0);

      const hostile = { ...lead, id: '11111111-2222-4333-8444-555555555555', name: '<img src=x onerror=alert(1)>', tags: 'not-an-array' };
      const planted = await fetch(`${sb.url}/_sandbox/leads`, { method: 'POST', body: JSON.stringify({ leads: [hostile] }) });
      assert.equal(planted.status, 201);
      // Planted data need not conform: the sandbox's response check says so.
      const got = violating(await call('GET', `/v1/leads/${hostile.id}`), 'response');
      assert.match(describeViolations(sb.violations), /body\.tags: must be array/);
      assert.equal(got.json.name, hostile.name);
      assert.equal(got.json.tags, 'not-an-array');
      assert.equal((await call('GET', '/v1/leads?tag=vip&limit=200')).status, 200, 'filters survive hostile data');

      const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as { appliedWrites: number; size: number; writeCounts: Record<string, number> };
      assert.deepEqual(stats, { appliedWrites: 1, size: 251, writeCounts: { [lead.id]: 1 }, inFlight: 0, peakInFlight: 1 });
      const inspect = (await (await fetch(`${sb.url}/_sandbox/leads/${lead.id}`)).json()) as { writeCount: number };
      assert.equal(inspect.writeCount, 1);

      const reset = await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST', body: JSON.stringify({ leads: 20, seed: 3 }) });
      assert.equal(reset.status, 200);
      assert.equal(sb.store.size, 20);
      assert.equal(sb.requests.length, 0, 'control routes are not logged');
    });
  });

  describe('store', () => {
    it('put bumps updated_at (or keeps it), remove deletes; neither counts as a write', () => {
      const lead = first();
      const changed = sb.store.put({ ...lead, status: 'Unsubscribed' });
      assert.ok(changed.updated_at > lead.updated_at);
      assert.deepEqual(sb.store.get(lead.id), changed);
      const kept = sb.store.put({ ...lead, updated_at: '2000-01-01T00:00:00.000Z' }, { keepUpdatedAt: true });
      assert.equal(kept.updated_at, '2000-01-01T00:00:00.000Z');
      assert.equal(sb.store.remove(lead.id), true);
      assert.equal(sb.store.remove(lead.id), false);
      assert.equal(sb.store.size, 249);
      assert.equal(sb.store.appliedWrites, 0);
      assert.equal(sb.store.writeCount(lead.id), 0);
    });

    it('keeps list order when a planted lead changes created_at', async () => {
      const lead = sb.store.all()[100] as Lead;
      sb.store.put({ ...lead, created_at: '2030-01-01T00:00:00.000Z' });
      assert.equal(sb.store.all()[0]?.id, lead.id);
      const all = await pageAll('', 50);
      assert.deepEqual(ids(all), ids(sb.store.all()));
      assert.equal(all.length, 250);
    });
  });

  it('tracks how many requests are in flight at once (peakInFlight), reset by clearRequests', async () => {
    assert.equal(sb.peakInFlight, 0);
    sb.inject({ kind: 'delay', ms: 150, times: 3 });
    await Promise.all([call('GET', '/v1/leads?limit=1'), call('GET', '/v1/leads?limit=2'), call('GET', '/v1/leads?limit=3')]);
    assert.equal(sb.peakInFlight, 3);
    assert.equal(sb.inFlight, 0);
    await call('GET', '/v1/leads?limit=1');
    assert.equal(sb.peakInFlight, 3, 'a peak, not the current count');
    sb.clearRequests();
    assert.equal(sb.peakInFlight, 0);
    await call('GET', '/v1/leads?limit=1');
    assert.equal(sb.peakInFlight, 1);
  });

  describe('network profile (latency option)', () => {
    it('answers every /v1 request after ms ± jitter, counted in flight meanwhile, control routes at once', async function () {
      this.timeout(10_000);
      const slow = await startSandbox({ leads: 20, latency: { ms: 80, jitterMs: 20 } });
      try {
        const get = async (path: string): Promise<number> => {
          const started = performance.now();
          const res = await fetch(slow.url + path, { headers: { authorization: `Bearer ${slow.token}` } });
          await res.text();
          assert.equal(res.status, 200);
          return performance.now() - started;
        };
        const times = await Promise.all(Array.from({ length: 6 }, () => get('/v1/leads?limit=1')));
        // A lower bound only: a busy machine may answer later, never sooner.
        for (const t of times) assert.ok(t >= 59, `answered after ${t.toFixed(1)} ms, expected at least 60 ms`);
        // All six waited at the same time: the server counts them, whatever the client meant to send.
        assert.equal(slow.peakInFlight, 6);
        assert.equal(slow.inFlight, 0);
      } finally {
        await slow.close();
      }
    });

    it('refuses a jitter larger than the delay', async () => {
      await assert.rejects(startSandbox({ leads: 1, latency: { ms: 10, jitterMs: 20 } }), RangeError);
    });
  });

  it('close() ends open keep-alive connections promptly', async function () {
    this.timeout(5000);
    const other = await startSandbox({ leads: 5 });
    const res = await fetch(`${other.url}/v1/leads`, { headers: { authorization: `Bearer ${other.token}` } });
    await res.text();
    other.inject({ kind: 'delay', ms: 60_000 });
    const pending = fetch(`${other.url}/v1/leads`, { headers: { authorization: `Bearer ${other.token}` } });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await other.close();
    assert.ok(Date.now() - started < 2000);
    await assert.rejects(pending);
    await assert.rejects(fetch(`${other.url}/v1/leads`));
  });
});
