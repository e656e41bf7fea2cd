// The contract test: every request the client sends in the unit suite conforms to the API
// contract (docs/api/openapi.yaml). Each sandbox records the requests that do not, as the
// sandbox's own contract check judges them (test/sandbox/conformance.ts); the root hooks below
// take them after every test of every file and fail the run naming each one and its test.
// Tests that send a bad request on purpose (test/unit/sandbox.test.ts) take their own first.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HANDLERS } from '../sandbox/api';
import { contract, contractFile } from '../sandbox/contract';
import { describeViolations, startSandbox, takeUnreportedViolations, type Sandbox } from '../sandbox/index';
import { ViolationLog, readViolationsFile, type ContractViolation } from '../sandbox/violations';

const found: string[] = [];

afterEach(function () {
  const violations = takeUnreportedViolations();
  if (violations.length > 0) found.push(`in "${this.currentTest?.fullTitle() ?? '?'}":\n${describeViolations(violations)}`);
});

// Failing in after() rather than afterEach(): a failed root afterEach would skip every test after it.
after(() => {
  if (found.length > 0) {
    assert.fail(
      'Requests that break the API contract (a client bug), or sandbox responses that do (the sandbox drifted):\n' +
        found.join('\n'),
    );
  }
});

describe('the API contract', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ leads: 5 });
  });
  after(() => sb.close());

  const send = (method: string, pathAndQuery: string, body?: unknown): Promise<Response> =>
    fetch(sb.url + pathAndQuery, {
      method,
      headers: { authorization: `Bearer ${sb.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  // Our machines and CI have the team's shared folder beside the project; a clone elsewhere does not,
  // and there is nothing to compare with (a skipped test would fail the run).
  const shared = path.resolve(path.dirname(contractFile()), '../../../shared/api/topcalls-leads.openapi.yaml');
  if (fs.existsSync(shared)) {
    it('is the shared contract, unchanged', () => {
      assert.equal(fs.readFileSync(contractFile(), 'utf8'), fs.readFileSync(shared, 'utf8'), 'copy the new contract to docs/api/openapi.yaml');
    });
  }

  it('has a sandbox route for every operation, and the sandbox no route outside it', () => {
    const operations = contract().paths.flatMap((p) => [...p.operations.values()].map((o) => o.key));
    assert.deepEqual([...operations].sort(), Object.keys(HANDLERS).sort());
  });

  it('records a request that breaks it, naming what is wrong; reset and clearRequests keep it', async () => {
    const lead = sb.store.all()[0];
    assert.ok(lead);
    const reply = await send('PATCH', `/v1/leads/${lead.id}`, { nickname: 'Bob', email: 'nope' });
    assert.equal(reply.status, 400);
    sb.reset();
    sb.clearRequests();
    const expected: Partial<ContractViolation> = {
      side: 'request',
      requestId: reply.headers.get('x-request-id') ?? '',
      method: 'PATCH',
      path: `/v1/leads/${lead.id}`,
      body: { nickname: 'Bob', email: 'nope' },
      status: 400,
      errors: ['body.email: must match format "email"', 'body.nickname: Unknown field "nickname"'],
    };
    assert.deepEqual(
      sb.violations.map((v) => ({ ...v, errors: [...v.errors].sort() })),
      [{ ...expected, query: {} }],
    );
    const taken = takeUnreportedViolations();
    assert.equal(taken.length, 1, 'the suite check sees it');
    assert.deepEqual(sb.violations, [], 'and takes it');
  });

  it('records an undocumented query parameter, answering as if it were absent', async () => {
    const reply = await send('GET', '/v1/leads?q=smith&limit=2');
    assert.equal(reply.status, 200);
    assert.equal(((await reply.json()) as { items: unknown[] }).items.length, 2);
    assert.deepEqual(
      sb.takeViolations().map((v) => v.errors),
      [['query.q: not a parameter of GET /v1/leads']],
    );
  });

  it('records an operation it does not have, and a request a fault answered', async () => {
    assert.equal((await send('GET', '/v1/lists')).status, 404);
    sb.inject({ kind: 'status', status: 503 });
    assert.equal((await send('POST', '/v1/leads', { name: 'A' })).status, 503);
    assert.deepEqual(
      sb.takeViolations().map((v) => [v.status, v.errors]),
      [
        [404, ['operation: the contract has no path /v1/lists']],
        [503, ["body.phone_number: must have required property 'phone_number'", "body.list_id: must have required property 'list_id'"]],
      ],
    );
  });

  it('applies the rules it states in prose: dialable phone numbers, notes xor notes_append', async () => {
    const lead = sb.store.all()[0];
    assert.ok(lead);
    await send('PATCH', `/v1/leads/${lead.id}`, { phone_number: '+999123456789' });
    await send('PATCH', `/v1/leads/${lead.id}`, { notes: 'a', notes_append: 'b' });
    await send('GET', `/v1/leads?phone=${encodeURIComponent('+999123456789')}`);
    assert.deepEqual(
      sb.takeViolations().map((v) => v.errors),
      [
        ['body.phone_number: must be a phone number some country dials'],
        ['body.notes_append: notes and notes_append cannot be sent together'],
        ['query.phone: must be a phone number some country dials'],
      ],
    );
  });

  it('appends each violation to the file the environment names, for runners in another process to read', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'contract-')), 'violations.jsonl');
    const log = new ViolationLog(file);
    const violation: ContractViolation = {
      side: 'request', requestId: 'req_1', method: 'GET', path: '/v1/x', query: {}, body: null, status: 404, errors: ['operation: x'],
    };
    log.add(violation);
    log.add({ ...violation, requestId: 'req_2' });
    log.close();
    assert.deepEqual(readViolationsFile(file), [violation, { ...violation, requestId: 'req_2' }]);
    assert.deepEqual(readViolationsFile(path.join(path.dirname(file), 'none.jsonl')), []);
    assert.equal(takeUnreportedViolations().length, 2);
  });
});
