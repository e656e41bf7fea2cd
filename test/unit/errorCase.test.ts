import * as assert from 'node:assert/strict';
import { ApiError } from '../../src/api/errors';
import { errorCase, serverWords } from '../../src/ui/errorCase';

const http = (status: number, title: string, detail?: string): ApiError => new ApiError({ kind: 'http', status, title, detail });

describe('errorCase', () => {
  it('tells the situations apart by status, not by the server’s title', () => {
    const cases: [number, string][] = [
      [401, 'token-rejected'],
      [403, 'forbidden'],
      [404, 'not-found'],
      [409, 'conflict'],
      [400, 'refused'],
      [413, 'refused'],
      [422, 'refused'],
      [429, 'rate-limited'],
      [500, 'server'],
      [503, 'server'],
    ];
    for (const [status, expected] of cases) {
      // A server that names its failures oddly does not change what the user is told.
      assert.equal(errorCase(http(status, 'Unauthorized')), expected, `HTTP ${status}`);
    }
  });

  it('names failures with no answer from what the client saw', () => {
    assert.equal(errorCase(new ApiError({ kind: 'network', title: 'x' })), 'unreachable');
    assert.equal(errorCase(new ApiError({ kind: 'timeout', title: 'x' })), 'timeout');
    assert.equal(errorCase(new ApiError({ kind: 'no-token', title: 'x' })), 'no-token');
    assert.equal(errorCase(new ApiError({ kind: 'invalid-token', title: 'x' })), 'token-unsendable');
    assert.equal(errorCase(new ApiError({ kind: 'invalid-response', title: 'x' })), 'unreadable');
    assert.equal(errorCase(new ApiError({ kind: 'invalid-request', title: 'x' })), 'not-sent');
    assert.equal(errorCase(new ApiError({ kind: 'cancelled', title: 'x' })), 'cancelled');
  });
});

describe('serverWords', () => {
  it('is the problem’s detail, without a title that only names the status', () => {
    assert.equal(serverWords(http(401, 'Unauthorized', 'The API token was revoked')), 'The API token was revoked');
    assert.equal(serverWords(http(503, 'Service Unavailable', 'Back at 11:00')), 'Back at 11:00');
  });

  it('keeps a title of the server’s own before the detail', () => {
    assert.equal(serverWords(http(409, 'Lead is locked', 'A call is in progress')), 'Lead is locked: A call is in progress');
  });

  it('is the title when the problem has no detail', () => {
    assert.equal(serverWords(http(409, 'Phone number already in use')), 'Phone number already in use');
  });

  it('adds nothing for a bare status line (the headline gives the status)', () => {
    assert.equal(serverWords(http(503, 'HTTP 503 Service Unavailable')), '');
  });

  it('keeps what the client saw about a failure without an answer', () => {
    assert.equal(serverWords(new ApiError({ kind: 'network', title: 'Could not reach the TopCalls API', detail: 'connection refused' })), 'connection refused');
    assert.equal(serverWords(new ApiError({ kind: 'timeout', title: 'The TopCalls API did not answer in time' })), '');
    assert.equal(serverWords(new ApiError({ kind: 'invalid-response', title: 'Not JSON', detail: 'at line 1' })), 'Not JSON: at line 1');
  });

  it('keeps the redaction of a token the server echoed', () => {
    const echoed = http(401, 'Unauthorized', 'token tc_secret123 is revoked').redact('tc_secret123');
    assert.equal(serverWords(echoed), 'token [redacted] is revoked');
  });
});
