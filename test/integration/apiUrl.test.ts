// The API URL changing while the extension runs (a remote window reading another
// settings scope, a user switching environments): the signed-in state, the view and
// every request follow the URL, and each URL gets only its own token.
import * as assert from 'node:assert/strict';
import type { TestingApi } from '../../src/extension';
import { startSandbox, type Sandbox } from '../sandbox';
import { children, sandboxed, setSetting, signIn, signOut, waitFor } from './support';

interface HeldRead {
  key: string;
  answer: () => void;
}

/** Holds every SecretStorage read of the extension until the test lets it answer, in the order it chooses. */
function holdSecretReads(api: TestingApi): { held: HeldRead[]; release(key: string): Promise<void>; restore(): Promise<void> } {
  const secrets = api.context.secrets;
  const own = Object.prototype.hasOwnProperty.call(secrets, 'get');
  const original = secrets.get.bind(secrets);
  const held: HeldRead[] = [];
  secrets.get = (key: string) =>
    new Promise<string | undefined>((resolve, reject) => held.push({ key, answer: () => void original(key).then(resolve, reject) }));
  const release = async (key: string): Promise<void> => {
    for (const read of held.filter((r) => r.key === key)) {
      held.splice(held.indexOf(read), 1);
      read.answer();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  };
  return {
    held,
    release,
    restore: async () => {
      if (own) secrets.get = original;
      else delete (secrets as { get?: unknown }).get;
      for (const read of held.splice(0)) read.answer();
    },
  };
}

describe('API URL changes', () => {
  let hostA: Sandbox;
  let hostB: Sandbox;
  let api: TestingApi;

  before(async function () {
    this.timeout(30_000);
    ({ sandbox: hostA, api } = await sandboxed({ leads: 8 }));
    hostB = await startSandbox({ leads: 5, token: 'tc_test_host_B', seed: 4242 });
    const idsOfA = new Set(hostA.store.all().map((lead) => lead.id));
    assert.ok(hostB.store.all().every((lead) => !idsOfA.has(lead.id)), 'the two hosts have different leads');
    await setSetting('apiBaseUrl', hostB.url);
    await api.tokens.clear();
    await setSetting('apiBaseUrl', hostA.url);
    await signIn(hostA);
    await waitFor(async () => (await children(api)).length === 4, 'host A\'s status groups');
  });
  after(async () => {
    await setSetting('apiBaseUrl', hostB.url);
    await api.tokens.clear();
    await setSetting('apiBaseUrl', hostA.url);
    await api.tokens.clear();
    await hostA.close();
    await hostB.close();
  });

  it('follows the URL: one without a token shows the sign-in welcome, one with a token its own leads', async function () {
    this.timeout(30_000);
    await setSetting('apiBaseUrl', hostB.url);
    await waitFor(async () => (await children(api)).length === 0, 'the welcome for host B, which has no token');
    assert.equal(await api.tokens.signedIn(), false);

    await setSetting('apiBaseUrl', hostA.url);
    await waitFor(async () => (await children(api)).length === 4, 'host A\'s leads again');
    assert.equal(await api.tokens.signedIn(), true);

    await setSetting('apiBaseUrl', hostB.url);
    await signIn(hostB);
    await setSetting('apiBaseUrl', hostA.url);
    await waitFor(async () => (await children(api)).length === 4, 'host A\'s groups');
    await setSetting('apiBaseUrl', hostB.url);
    // The view reloads for B: the leads it shows are B's, not A's.
    await waitFor(async () => {
      await Promise.all((await children(api)).map((group) => children(api, group)));
      const shown = api.view.model.allLoaded().map((lead) => lead.id);
      return shown.length === hostB.store.all().length && shown.every((id) => hostB.store.get(id) !== undefined);
    }, 'host B\'s leads in the view');
    await signOut();
    await setSetting('apiBaseUrl', hostA.url);
    await waitFor(async () => (await children(api)).length === 4, 'host A\'s groups');
  });

  it('a URL change while SecretStorage is still answering leaves no stale "no token" for a URL that has one', async function () {
    this.timeout(30_000);
    const gate = holdSecretReads(api);
    const keyA = api.tokens.key(hostA.url);
    const keyB = api.tokens.key(hostB.url);
    try {
      // To B (no token); before SecretStorage answers, a Refresh loads a group for B.
      await setSetting('apiBaseUrl', hostB.url);
      await waitFor(() => gate.held.some((r) => r.key === keyB), 'a read of host B\'s token');
      api.view.refresh();
      const [group] = await children(api);
      assert.ok(group, 'the view still shows host A\'s groups while B\'s state is unknown');
      void children(api, group);
      await waitFor(() => gate.held.filter((r) => r.key === keyB).length >= 2, 'the group load reading host B\'s token');
      // Back to A, whose reads answer first; everything about B answers last.
      await setSetting('apiBaseUrl', hostA.url);
      await waitFor(() => gate.held.some((r) => r.key === keyA), 'a read of host A\'s token');
      for (let i = 0; i < 5; i++) await gate.release(keyA);
      await gate.release(keyB);
      for (let i = 0; i < 5; i++) await gate.release(keyA);
    } finally {
      await gate.restore();
    }
    await waitFor(async () => (await children(api)).length === 4, 'host A\'s groups, not the welcome');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await children(api)).length, 4, 'still signed in once everything has answered');
    assert.equal(await api.tokens.signedIn(), true);
  });

  it('a request whose token read is pending when the URL changes never reaches the new URL with the old token', async function () {
    this.timeout(30_000);
    hostA.clearRequests();
    hostB.clearRequests();
    const gate = holdSecretReads(api);
    let request: Promise<unknown> | undefined;
    try {
      request = api.client.listLeads({}, undefined, 1).catch(() => undefined);
      await waitFor(() => gate.held.some((r) => r.key === api.tokens.key(hostA.url)), 'the request reading host A\'s token');
      await setSetting('apiBaseUrl', hostB.url);
      await gate.release(api.tokens.key(hostA.url));
      await gate.release(api.tokens.key(hostB.url));
    } finally {
      await gate.restore();
    }
    await request;
    assert.deepEqual(hostB.requests, [], 'host B got nothing (it would carry host A\'s token)');
    assert.deepEqual(
      hostA.requests.filter((r) => r.query.limit === '1').map((r) => r.authorized),
      [true],
      'the request went to host A with host A\'s token',
    );
    await setSetting('apiBaseUrl', hostA.url);
    await waitFor(async () => (await children(api)).length === 4, 'host A\'s groups');
  });
});
