import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TopCallsClient, type ClientOptions, type RequestLogEntry } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import { parseRetryAfter } from '../../src/api/retryAfter';
import type { Lead } from '../../src/shared/schemas';
import { startSandbox, type Sandbox } from '../sandbox';
import { SAMPLE_LIST_IDS } from '../sandbox/seed';

const TOKEN = 'tc_test_SECRET_a1b2c3d4e5';

describe('TopCallsClient against the sandbox', function () {
  let sandbox: Sandbox;
  let logs: RequestLogEntry[];
  let sleeps: number[];

  before(async () => {
    sandbox = await startSandbox({ token: TOKEN, leads: 120, seed: 7 });
  });
  after(async () => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.clearFaults();
    sandbox.clearRequests();
    logs = [];
    sleeps = [];
  });

  function client(overrides: Partial<ClientOptions> = {}): TopCallsClient {
    return new TopCallsClient({
      credentials: async () => ({ baseUrl: sandbox.url, token: TOKEN }),
      timeoutMs: () => 2_000,
      log: (entry) => logs.push(entry),
      // Waits are recorded, not slept: the retry rules are what is under test.
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...overrides,
    });
  }

  async function failure(promise: Promise<unknown>): Promise<ApiError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
      assert.ok(!error.message.includes(TOKEN), 'the token leaked into an error message');
      return error;
    }
    assert.fail('expected a failure');
  }

  const v1 = () => sandbox.requests.filter((r) => r.path.startsWith('/v1/'));
  const firstLead = () => sandbox.store.all()[0] as Lead;

  describe('reading', () => {
    it('pages through every lead with no duplicates or gaps', async () => {
      const api = client();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await api.listLeads({}, cursor, 50);
        seen.push(...page.items.map((lead) => lead.id));
        cursor = page.has_more ? page.next_cursor : null;
      } while (cursor);
      assert.equal(seen.length, 120);
      assert.equal(new Set(seen).size, 120);
      assert.deepEqual(v1().map((r) => r.query.limit), ['50', '50', '50']);
    });

    it('sends filters as the documented query parameters', async () => {
      const lead = firstLead();
      const page = await client().listLeads({ status: lead.status, phone: lead.phone_number }, undefined, 10);
      assert.deepEqual(page.items.map((l) => l.id), [lead.id]);
      assert.deepEqual(v1()[0]?.query, { status: lead.status, phone: lead.phone_number, limit: '10' });
    });

    it('finds a lead by phone, or nothing', async () => {
      const lead = firstLead();
      assert.equal((await client().findByPhone(lead.phone_number))?.id, lead.id);
      assert.equal(await client().findByPhone('+14155550000'), undefined);
    });

    it('sends the token only as a bearer header, never in the URL or the log', async () => {
      await client().getLead(firstLead().id);
      const request = v1()[0]!;
      assert.equal(request.authorized, true);
      assert.ok(!JSON.stringify(request).includes(TOKEN));
      assert.ok(!JSON.stringify(logs).includes(TOKEN));
      assert.equal(logs[0]?.method, 'GET');
      assert.equal(logs[0]?.status, 200);
      assert.match(logs[0]?.path ?? '', /^\/v1\/leads\//);
    });

    it('tolerates unknown extra fields in a response', async () => {
      sandbox.inject({ kind: 'extraField' });
      const lead = await client().getLead(firstLead().id);
      assert.equal(lead.id, firstLead().id);
    });
  });

  describe('errors', () => {
    it('401 carries the problem title and never the token', async () => {
      const error = await failure(client({ credentials: async () => ({ baseUrl: sandbox.url, token: 'tc_wrong_token' }) }).listLeads());
      assert.equal(error.status, 401);
      assert.equal(error.kind, 'http');
      assert.equal(v1().length, 1, '401 is not retried');
    });

    it('refuses to send without a token', async () => {
      const error = await failure(client({ credentials: async () => ({ baseUrl: sandbox.url, token: undefined }) }).listLeads());
      assert.equal(error.kind, 'no-token');
      assert.equal(v1().length, 0);
    });

    it('404 for an unknown lead', async () => {
      const error = await failure(client().getLead('00000000-0000-4000-8000-00000000dead'));
      assert.equal(error.status, 404);
      assert.ok(error.title.length > 0);
    });

    it('maps RFC 7807 errors[].path to per-field messages', async () => {
      sandbox.inject({
        kind: 'status',
        status: 400,
        body: {
          type: 'https://api.topcalls.ai/errors/validation',
          title: 'Invalid request',
          status: 400,
          detail: 'Two fields are invalid',
          errors: [
            { path: 'phone_number', message: 'Not dialable', code: 'invalid_phone' },
            { path: '/email', message: 'Bad email' },
          ],
        },
        contentType: 'application/problem+json',
      });
      const error = await failure(client().updateLead(firstLead().id, { name: 'X' }));
      assert.equal(error.status, 400);
      assert.equal(error.title, 'Invalid request');
      assert.equal(error.detail, 'Two fields are invalid');
      assert.deepEqual(error.fieldErrors, { phone_number: ['Not dialable'], email: ['Bad email'] });
    });

    it("gets the sandbox's own validation errors per field", async () => {
      // Sent raw, past the client's own checks, to see the server's answer.
      const response = await fetch(`${sandbox.url}/v1/leads/${firstLead().id}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ phone_number: '+99912345678' }),
      });
      assert.equal(response.status, 400);
      assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
      // Not the client's request: taken here, so the contract test (contract.test.ts) does not blame the client.
      assert.deepEqual(sandbox.takeViolations().map((v) => v.errors), [['body.phone_number: must be a phone number some country dials']]);
    });

    it('validates a patch before sending it', async () => {
      const error = await failure(client().updateLead(firstLead().id, { phone_number: '+99912345678' }));
      assert.equal(error.kind, 'invalid-request');
      assert.ok(error.fieldErrors.phone_number);
      assert.equal(v1().length, 0);
    });

    it('turns an HTML error page into a readable error', async () => {
      sandbox.inject({ kind: 'html', status: 502, times: Infinity });
      const error = await failure(client({ retry: { maxAttempts: 1 } }).listLeads());
      assert.equal(error.status, 502);
      assert.doesNotMatch(error.message, /<html|<body|<!doctype/i);
      assert.match(error.message, /web page/);
    });

    it('reports malformed JSON as an invalid response', async () => {
      sandbox.inject({ kind: 'malformed' });
      const error = await failure(client().getLead(firstLead().id));
      assert.equal(error.kind, 'invalid-response');
      assert.match(error.title, /not valid JSON/);
    });

    it('names a missing required field', async () => {
      sandbox.inject({ kind: 'missingField', field: 'phone_number' });
      const error = await failure(client().listLeads({}, undefined, 5));
      assert.equal(error.kind, 'invalid-response');
      assert.match(error.message, /items\[0\]\.phone_number/);
    });

    it('removes the token from a server message that echoes it', async () => {
      sandbox.inject({ kind: 'status', status: 403, body: { title: 'Forbidden', status: 403, detail: `token ${TOKEN} lacks leads:write` } });
      const error = await failure(client().updateLead(firstLead().id, { name: 'X' }));
      assert.equal(error.status, 403);
      assert.match(error.message, /\[redacted\] lacks leads:write/);
    });

    it('times out and says so', async () => {
      sandbox.inject({ kind: 'delay', ms: 600, times: Infinity });
      const error = await failure(client({ timeoutMs: () => 150, retry: { maxAttempts: 2 } }).getLead(firstLead().id));
      assert.equal(error.kind, 'timeout');
      assert.equal(v1().length, 2, 'a GET is retried once more after a timeout');
    });

    it('reports a refused connection as a network error', async () => {
      const closed = await closedPort();
      const error = await failure(client({ credentials: async () => ({ baseUrl: `http://127.0.0.1:${closed}`, token: TOKEN }), retry: { maxAttempts: 1 } }).listLeads());
      assert.equal(error.kind, 'network');
      assert.match(error.message, /refused/);
    });

    it('refuses a token with a character a token cannot have: not a network error, sent nowhere (fetch would trim a line break and send the rest), not retried', async () => {
      for (const [what, token] of Object.entries({ 'zero-width space': `${TOKEN}\u200b`, BOM: `\ufeff${TOKEN}`, 'line break': `${TOKEN}\n` })) {
        sleeps = [];
        const error = await failure(client({ credentials: async () => ({ baseUrl: sandbox.url, token }) }).listLeads());
        assert.equal(error.kind, 'invalid-token', what);
        assert.equal(error.needsToken, true);
        assert.equal(error.retryable, false);
        assert.match(error.message, /cannot be sent/);
        assert.doesNotMatch(error.message, /reach/);
        assert.deepEqual(sleeps, [], 'not retried');
      }
      assert.equal(v1().length, 0, 'nothing reached the server');
    });

    it('can be cancelled', async () => {
      sandbox.inject({ kind: 'delay', ms: 1_000 });
      const controller = new AbortController();
      const pending = client().getLead(firstLead().id, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const error = await failure(pending);
      assert.equal(error.kind, 'cancelled');
    });
  });

  describe('retries', () => {
    it('retries a GET after a 5xx and a dropped connection, with growing bounded backoff', async () => {
      sandbox.inject({ kind: 'status', status: 503 });
      sandbox.inject({ kind: 'drop', when: 'before' });
      const lead = await client().getLead(firstLead().id);
      assert.equal(lead.id, firstLead().id);
      assert.equal(v1().length, 3);
      assert.equal(sleeps.length, 2);
      assert.ok(sleeps.every((ms) => ms > 0 && ms <= 5_000));
      assert.deepEqual(logs.map((l) => l.outcome), ['retry', 'retry', 'ok']);
    });

    it('gives up on a GET after the attempt limit', async () => {
      sandbox.inject({ kind: 'status', status: 500, times: Infinity });
      const error = await failure(client({ retry: { maxAttempts: 3 } }).listLeads());
      assert.equal(error.status, 500);
      assert.equal(v1().length, 3);
    });

    it('waits Retry-After on 429, and backs off when the header is absent', async () => {
      sandbox.inject({ kind: 'rateLimit', retryAfter: 2 });
      sandbox.inject({ kind: 'rateLimit', retryAfter: null });
      await client().listLeads();
      assert.equal(v1().length, 3);
      assert.equal(sleeps[0], 2_000);
      assert.ok((sleeps[1] ?? 0) > 0 && (sleeps[1] ?? 0) <= 5_000);
    });

    it('reports a Retry-After beyond the bound instead of waiting', async () => {
      sandbox.inject({ kind: 'rateLimit', retryAfter: 3600 });
      const error = await failure(client().listLeads());
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterMs, 3_600_000);
      assert.equal(v1().length, 1);
    });

    describe('the real wait after a 429, measured from the sandbox\'s own request times', () => {
      // The client's own sleep, not the recording one: the gap between the two requests the
      // sandbox received is the wait the server actually got.
      const realClient = (): TopCallsClient => client({ sleep: undefined });
      const retryGap = (): { first: number; retry: number } => {
        const [first, retry] = v1();
        assert.ok(first && retry, `two requests expected, the sandbox saw ${v1().length}`);
        assert.deepEqual([first.status, retry.status], [429, 200]);
        return { first: first.at, retry: retry.at };
      };
      const rateLimited = (retryAfter: string) =>
        sandbox.inject({ kind: 'status', status: 429, headers: { 'Retry-After': retryAfter }, body: { title: 'Too Many Requests', status: 429 } });

      it('Retry-After: 1.5 (decimal seconds) waits a second and a half', async function () {
        this.timeout(10_000);
        rateLimited('1.5');
        await realClient().listLeads();
        const { first, retry } = retryGap();
        assert.ok(retry - first >= 1500, `the retry came ${retry - first} ms after the 429, not 1500`);
      });

      it('Retry-After as an HTTP-date waits until that date', async function () {
        this.timeout(10_000);
        // Two whole seconds ahead: an HTTP-date has no fractions.
        const until = (Math.floor(Date.now() / 1000) + 2) * 1000;
        rateLimited(new Date(until).toUTCString());
        await realClient().listLeads();
        const { retry } = retryGap();
        assert.ok(retry >= until, `the retry came ${until - retry} ms before ${new Date(until).toISOString()}`);
      });
    });

    it('never retries a notes_append PATCH after a 5xx', async () => {
      sandbox.inject({ kind: 'status', status: 500 });
      const lead = firstLead();
      const error = await failure(client().updateLead(lead.id, { notes_append: 'called' }));
      assert.ok(error.mayHaveApplied);
      assert.equal(v1().length, 1);
    });

    it('never retries a notes_append PATCH after a dropped connection, so it is applied once', async () => {
      sandbox.inject({ kind: 'drop', when: 'after' });
      const lead = firstLead();
      const error = await failure(client().updateLead(lead.id, { notes_append: 'called once' }));
      assert.equal(error.kind, 'network');
      assert.equal(v1().length, 1);
      assert.equal(sandbox.store.writeCount(lead.id), 1);
      assert.equal((sandbox.store.get(lead.id)?.notes ?? '').split('called once').length - 1, 1);
    });

    it('never retries a notes_append PATCH after a timeout', async () => {
      sandbox.inject({ kind: 'delay', ms: 500 });
      const error = await failure(client({ timeoutMs: () => 100 }).updateLead(firstLead().id, { notes_append: 'x' }));
      assert.equal(error.kind, 'timeout');
      assert.equal(v1().length, 1);
    });

    it('waits longer for a bulk transaction than the timeout setting gives one lead', async () => {
      sandbox.inject({ kind: 'delay', ms: 400, times: Infinity });
      const quick = client({ timeoutMs: () => 100, retry: { maxAttempts: 1 } });
      assert.equal((await failure(quick.getLead(firstLead().id))).kind, 'timeout');
      const send = await quick.prepareBulkImport({
        list_id: SAMPLE_LIST_IDS[0]!,
        mode: 'skip',
        leads: [{ phone_number: '+14155550123', name: 'Slow batch' }],
      });
      assert.equal((await send()).inserted, 1);
      assert.equal((await quick.bulkDeleteLeads([firstLead().id])).deleted, 1);
    });

    it('does not send a bulk transaction again after it outlasted its wait, even one safe to repeat', async () => {
      sandbox.inject({ kind: 'delay', ms: 600, times: Infinity });
      const error = await failure(client({ timeoutMs: () => 50, bulkMinTimeoutMs: 150, retry: { maxAttempts: 4 } }).bulkDeleteLeads([firstLead().id]));
      assert.equal(error.kind, 'timeout');
      assert.equal(v1().filter((r) => r.path === '/v1/leads/bulk-delete').length, 1);
    });

    it('retries a notes_append PATCH after a 429: nothing was applied', async () => {
      sandbox.inject({ kind: 'rateLimit', retryAfter: 1 });
      const lead = firstLead();
      const updated = await client().updateLead(lead.id, { notes_append: 'after the limit' });
      assert.match(updated.notes ?? '', /after the limit/);
      assert.equal(v1().length, 2);
      assert.equal(sandbox.store.writeCount(lead.id), 1);
    });

    it('retries a PATCH that only sets fields after a dropped connection', async () => {
      sandbox.inject({ kind: 'drop', when: 'after' });
      const lead = firstLead();
      const updated = await client().updateLead(lead.id, { status: 'Converted', tags: ['a'] });
      assert.equal(updated.status, 'Converted');
      assert.deepEqual(updated.tags, ['a']);
      assert.equal(v1().length, 2);
    });

    it('does not retry a 4xx', async () => {
      sandbox.inject({ kind: 'status', status: 409, body: { title: 'Conflict', status: 409, detail: 'Edited elsewhere' } });
      const error = await failure(client().updateLead(firstLead().id, { name: 'Y' }));
      assert.equal(error.status, 409);
      assert.equal(error.message, 'Conflict: Edited elsewhere');
      assert.equal(v1().length, 1);
    });
  });

  describe('writes', () => {
    it('sends exactly the patch and returns the server lead', async () => {
      const lead = firstLead();
      const updated = await client().updateLead(lead.id, { email: null, tags: ['x', 'y'] });
      assert.equal(updated.email, null);
      assert.deepEqual(v1()[0]?.body, { email: null, tags: ['x', 'y'] });
      assert.equal(v1()[0]?.method, 'PATCH');
    });

    it('creates a lead, then attaches the same phone without overwriting', async () => {
      const listId = sandbox.store.all()[0]?.list_ids?.[0] as string;
      const created = await client().createLead({ name: 'New Person', phone_number: '+14155550123', list_id: listId });
      assert.equal(created.existed, false);
      const again = await client().createLead({ name: 'Other Name', phone_number: '+14155550123', list_id: listId });
      assert.equal(again.existed, true);
      assert.equal(again.name, 'New Person');
    });

    it('deletes a lead', async () => {
      const lead = firstLead();
      await client().deleteLead(lead.id);
      assert.equal(sandbox.store.get(lead.id), undefined);
      const error = await failure(client().getLead(lead.id));
      assert.equal(error.status, 404);
    });
  });
});

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds, decimal seconds included, rounded up to the millisecond', () => {
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter(' 120 ', now), 120_000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1500);
    assert.equal(parseRetryAfter('0.0001', now), 1);
  });

  it('reads the three HTTP-date forms as GMT, and a date in the past as no wait', () => {
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Thursday, 01-Jan-26 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Thu Jan  1 00:00:05 2026', now), 5000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now), 0);
    // A two-digit year more than 50 years ahead is in the past century.
    assert.equal(parseRetryAfter('Friday, 01-Jan-99 00:00:00 GMT', now), 0);
  });

  it('ignores what is absent or not a Retry-After value, instead of guessing', () => {
    for (const value of [undefined, '', '  ', 'soon', '-1', '1e3', '1.5.2', '.5', '1.5s', 'Thu, 31 Feb 2026 00:00:05 GMT', 'Thu, 01 Jan 2026 25:00:00 GMT', '2026-01-01T00:00:05Z']) {
      assert.equal(parseRetryAfter(value, now), undefined, JSON.stringify(value));
    }
  });
});
