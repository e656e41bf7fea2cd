import * as assert from 'node:assert/strict';
import { apiHost, shortAccountId } from '../../src/auth/account';

describe('API and account names', () => {
  it('names an API by its host, with the port when it has one', () => {
    assert.equal(apiHost('https://api.topcalls.ai'), 'api.topcalls.ai');
    assert.equal(apiHost('https://api.topcalls.ai/v2/'), 'api.topcalls.ai');
    assert.equal(apiHost('http://127.0.0.1:8080'), '127.0.0.1:8080');
    assert.equal(apiHost('not a url'), 'not a url', 'a URL that does not parse is shown as it is');
  });

  it('shortens an account id to its first eight characters', () => {
    assert.equal(shortAccountId('5b0c6f2e-8a41-4c1d-9e57-2f3a6b8d1c40'), '5b0c6f2e…');
    assert.equal(shortAccountId('acct_123'), 'acct_123', 'a short id is kept whole');
  });
});
