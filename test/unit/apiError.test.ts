import * as assert from 'node:assert/strict';
import { ApiError, type ApiErrorKind } from '../../src/api/errors';

type Answers = {
  needsToken: boolean;
  gone: boolean;
  mayHaveApplied: boolean;
  retryable: boolean;
  forbidden: boolean;
  refused: boolean;
  cancelled: boolean;
  noAnswer: boolean;
};
const no: Answers = { needsToken: false, gone: false, mayHaveApplied: false, retryable: false, forbidden: false, refused: false, cancelled: false, noAnswer: false };

/** Every kind, and for answers from the server every status class that changes an answer. */
const table: [string, ApiErrorKind, number | undefined, Partial<Answers>][] = [
  ['no token set', 'no-token', undefined, { needsToken: true }],
  ['a token that cannot be sent', 'invalid-token', undefined, { needsToken: true }],
  ['401', 'http', 401, { needsToken: true }],
  ['403: the token is right, its rights are not', 'http', 403, { forbidden: true, refused: true }],
  ['404', 'http', 404, { gone: true, refused: true }],
  ['400', 'http', 400, { refused: true }],
  ['409', 'http', 409, { refused: true }],
  ['410: not the documented answer for a deleted lead', 'http', 410, { refused: true }],
  ['429: refused before it was applied', 'http', 429, { retryable: true }],
  ['500', 'http', 500, { mayHaveApplied: true, retryable: true }],
  ['503', 'http', 503, { mayHaveApplied: true, retryable: true }],
  ['a redirect', 'http', 302, {}],
  ['no answer', 'network', undefined, { mayHaveApplied: true, retryable: true, noAnswer: true }],
  ['no answer in time', 'timeout', undefined, { mayHaveApplied: true, retryable: true, noAnswer: true }],
  ['a 2xx body that could not be read', 'invalid-response', 200, { mayHaveApplied: true }],
  ['refused before sending', 'invalid-request', undefined, { refused: true }],
  ['cancelled', 'cancelled', undefined, { cancelled: true }],
];

describe('ApiError answers the questions every caller asks', () => {
  for (const [what, kind, status, yes] of table) {
    it(what, () => {
      const error = new ApiError({ kind, status, title: 'x' });
      const expected = { ...no, ...yes };
      assert.deepEqual(
        {
          needsToken: error.needsToken,
          gone: error.gone,
          mayHaveApplied: error.mayHaveApplied,
          retryable: error.retryable,
          forbidden: error.forbidden,
          refused: error.refused,
          cancelled: error.cancelled,
          noAnswer: error.noAnswer,
        },
        expected,
      );
    });
  }

  it('keeps its answers through redact', () => {
    for (const [what, kind, status] of table) {
      const error = new ApiError({ kind, status, title: 'token tc_secret' });
      const redacted = error.redact('tc_secret');
      assert.equal(redacted.title, 'token [redacted]', what);
      for (const question of ['needsToken', 'gone', 'mayHaveApplied', 'retryable', 'forbidden', 'refused', 'cancelled', 'noAnswer'] as const) {
        assert.equal(redacted[question], error[question], `${what}: ${question}`);
      }
    }
  });
});
