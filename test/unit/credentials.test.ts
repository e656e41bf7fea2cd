// Item: the token goes only to the URL it was stored for, even when the URL setting
// changes while SecretStorage is still answering.
import * as assert from 'node:assert/strict';
import { TopCallsClient } from '../../src/api/client';
import { readCredentials, tokenKey, type SecretReader } from '../../src/auth/credentials';
import { startSandbox, type Sandbox } from '../sandbox';

/** SecretStorage as a map whose reads wait until released, like a slow keyring. */
class SlowSecrets implements SecretReader {
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly stored: Map<string, string>) {}
  get(key: string): Promise<string | undefined> {
    return new Promise((resolve) => this.waiting.push(() => resolve(this.stored.get(key))));
  }
  get pending(): number {
    return this.waiting.length;
  }
  release(): void {
    for (const answer of this.waiting.splice(0)) answer();
  }
}

describe('credentials: one URL, its own token', () => {
  let hostA: Sandbox;
  let hostB: Sandbox;

  before(async () => {
    hostA = await startSandbox({ token: 'tc_test_host_A_token', leads: 3 });
    hostB = await startSandbox({ token: 'tc_test_host_B_token', leads: 3 });
  });
  after(async () => {
    await hostA.close();
    await hostB.close();
  });

  it('a request whose token read is pending when the URL changes goes to A with A\'s token; the next one to B with B\'s', async () => {
    let configured = hostA.url;
    const secrets = new SlowSecrets(
      new Map([
        [tokenKey(hostA.url), hostA.token],
        [tokenKey(hostB.url), hostB.token],
      ]),
    );
    const client = new TopCallsClient({ credentials: () => readCredentials(() => configured, secrets), timeoutMs: () => 2_000 });

    const first = client.listLeads();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(secrets.pending, 1, 'the token read is pending');
    configured = hostB.url;
    secrets.release();
    await first;
    assert.deepEqual(
      hostA.requests.map((r) => r.authorized),
      [true],
      'the request went to A with A\'s token',
    );
    assert.equal(hostB.requests.length, 0, 'nothing went to B with A\'s token');

    const second = client.listLeads();
    await new Promise((resolve) => setImmediate(resolve));
    secrets.release();
    await second;
    assert.deepEqual(
      hostB.requests.map((r) => r.authorized),
      [true],
      'the next request went to B with B\'s token',
    );
    assert.equal(hostA.requests.length, 1);
  });

  it('reads the key of exactly the URL it returns', async () => {
    const secrets = new Map([[tokenKey('https://a.example'), 'tc_a']]);
    assert.deepEqual(await readCredentials(() => 'https://a.example', { get: async (key) => secrets.get(key) }), { baseUrl: 'https://a.example', token: 'tc_a' });
    assert.deepEqual(await readCredentials(() => 'https://b.example', { get: async (key) => secrets.get(key) }), { baseUrl: 'https://b.example', token: undefined });
  });
});
