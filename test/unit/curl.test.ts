// Copy as cURL's command text, run through a real POSIX shell: each argument arrives as
// written, hostile data stays data, and the token comes only from the environment.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { curlCommand, shellQuote, TOKEN_VARIABLE, type LeadRequest } from '../../src/links/curl';
import { leadRequest } from '../../src/links/unsavedRequest';
import { leadText } from '../../src/document/leadText';
import { sampleLead } from '../fixtures/leads';

const TOKEN = 'tc_live_secret123';

/** The arguments `curl` would get, from `sh` with a `curl` function that prints them NUL-separated. */
function curlArgs(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `curl() { for a; do printf '%s\\0' "$a"; done; }\n${command}`], {
    env: { PATH: process.env.PATH, [TOKEN_VARIABLE]: TOKEN },
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

describe('Copy as cURL', () => {
  it('reads a lead with GET, the token from $TOPCALLS_API_TOKEN', () => {
    const command = curlCommand('https://api.topcalls.ai/', sampleLead.id, { method: 'GET' });
    assert.ok(command.includes('"Authorization: Bearer $TOPCALLS_API_TOKEN"'));
    assert.deepEqual(curlArgs(command), ['-sS', `https://api.topcalls.ai/v1/leads/${sampleLead.id}`, '-H', 'Accept: application/json', '-H', `Authorization: Bearer ${TOKEN}`]);
  });

  it('sends a PATCH with its body as one argument, byte for byte, whatever the lead data holds', function () {
    this.timeout(60_000);
    const marker = path.join(os.tmpdir(), `topcalls-curl-${process.pid}`);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (name, note) => {
        const body = { name: `${name}'$(touch ${marker})\`touch ${marker}\`"\\`, notes_append: `${note}\n'; touch ${marker} #` };
        const args = curlArgs(curlCommand('http://127.0.0.1:3000', "it's-1", { method: 'PATCH', body }));
        assert.equal(args[args.length - 1], JSON.stringify(body));
        assert.deepEqual(args.slice(0, 4), ['-sS', '-X', 'PATCH', "http://127.0.0.1:3000/v1/leads/it's-1"]);
        assert.ok(args.includes(`Authorization: Bearer ${TOKEN}`));
      }),
      { numRuns: 40 },
    );
    assert.ok(!fs.existsSync(marker), 'the shell ran a command from the lead data');
  });

  it('quotes a base URL from the settings too', () => {
    const args = curlArgs(curlCommand("http://x/'$(id)", 'a b/c', { method: 'GET' }));
    assert.equal(args[1], "http://x/'$(id)/v1/leads/a%20b%2Fc");
  });

  it('never holds a token: the text has only the variable', () => {
    const requests: LeadRequest[] = [{ method: 'GET' }, { method: 'PATCH', body: { name: 'Ada' } }];
    for (const request of requests) assert.doesNotMatch(curlCommand('https://api.topcalls.ai', sampleLead.id, request), /tc_live|Bearer [^$]/);
  });

  it('shell-quotes with single quotes, each quote as \'\\\'\'', () => {
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellQuote(''), "''");
  });
});

describe('leadRequest', () => {
  const document = (changes: Record<string, unknown>): string => {
    const { _readonly, ...values } = JSON.parse(leadText(sampleLead)) as Record<string, unknown>;
    return JSON.stringify({ ...values, ...changes, _readonly });
  };
  const held = () => ({ base: sampleLead, theirs: sampleLead });

  it('is the GET without unsaved changes, or when they send nothing', () => {
    assert.deepEqual(leadRequest(undefined, held), { ok: true, request: { method: 'GET' } });
    assert.deepEqual(leadRequest(leadText(sampleLead), held), { ok: true, request: { method: 'GET' } });
  });

  it('is the PATCH a save would send: only the changed fields, the phone as E.164', () => {
    assert.deepEqual(leadRequest(document({ name: 'Ada King', phone_number: '+1 415 555 2672', tags: ['vip'] }), held), {
      ok: true,
      request: { method: 'PATCH', body: { name: 'Ada King', phone_number: '+14155552672' } },
    });
  });

  it('says why when the changes could not be sent, or the lead is not held', () => {
    assert.deepEqual(leadRequest('{', held).ok, false);
    const both = leadRequest(document({ notes: 'x', notes_append: 'y' }), held);
    assert.ok(!both.ok && both.problem !== 'notHeld' && both.problem.code === 'appendWithNotes');
    assert.deepEqual(leadRequest(document({ name: 'Ada King' }), () => undefined), { ok: false, problem: 'notHeld' });
  });
});
