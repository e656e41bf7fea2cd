// What the client does at the HTTP level (over fetch), against a bare server on 127.0.0.1 that
// answers exactly as each case needs: bodies in pieces, dropped connections, redirects, stalls.
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TopCallsClient, type ClientOptions } from '../../src/api/client';
import { ApiError } from '../../src/api/errors';
import { sampleLead } from '../fixtures/leads';

const TOKEN = 'tc_test_SECRET_a1b2c3d4e5';

/** A server on 127.0.0.1 answering with `handler`; what it received is kept. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const received: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const client = (baseUrl: string, options: Partial<ClientOptions> = {}) =>
  new TopCallsClient({ credentials: async () => ({ baseUrl, token: TOKEN }), timeoutMs: () => 2_000, retry: { maxAttempts: 1 }, ...options });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

const json = (res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('the client over HTTP (fetch)', () => {
  it('reads the whole UTF-8 body', async () => {
    const server = await serve((_req, res) => json(res, 200, { ...sampleLead, name: 'Zoë 📞' }));
    try {
      assert.equal((await client(server.url).getLead(sampleLead.id)).name, 'Zoë 📞');
    } finally {
      await server.close();
    }
  });

  it("reads an error's status text, request id and Retry-After from the response", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, 'Busy Now', { 'X-Request-Id': 'r1', 'Retry-After': '2' });
      res.end();
    });
    try {
      const error = await failure(client(server.url).getLead(sampleLead.id));
      assert.equal(error.status, 503);
      assert.equal(error.title, 'HTTP 503 Busy Now');
      assert.equal(error.requestId, 'r1');
      assert.equal(error.retryAfterMs, 2_000);
    } finally {
      await server.close();
    }
  });

  it('decodes a character whose bytes arrive in different chunks', async () => {
    const bytes = Buffer.from(JSON.stringify({ ...sampleLead, name: '📞' }));
    const cut = bytes.indexOf(Buffer.from('📞')) + 2;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(bytes.subarray(0, cut));
      // Long enough for the first half to be read on its own.
      setTimeout(() => res.end(bytes.subarray(cut)), 50);
    });
    try {
      assert.equal((await client(server.url).getLead(sampleLead.id)).name, '📞');
    } finally {
      await server.close();
    }
  });

  it('sends a body with its length, not chunked, and the token as a bearer header', async () => {
    const server = await serve((_req, res) => json(res, 200, { ...sampleLead, name: 'Zoë' }));
    try {
      await client(server.url).updateLead(sampleLead.id, { name: 'Zoë' });
      const [first] = server.received;
      assert.equal(first?.method, 'PATCH');
      assert.equal(first?.body, '{"name":"Zoë"}');
      assert.equal(first?.headers['content-length'], String(Buffer.byteLength('{"name":"Zoë"}')));
      assert.equal(first?.headers['transfer-encoding'], undefined);
      assert.equal(first?.headers.authorization, `Bearer ${TOKEN}`);
    } finally {
      await server.close();
    }
  });

  it('reports a body cut off by a dropped connection as a network error', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"items":[');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const error = await failure(client(server.url).listLeads());
      assert.equal(error.kind, 'network');
      assert.match(error.message, /dropped/);
      assert.ok(error.mayHaveApplied);
    } finally {
      await server.close();
    }
  });

  it('does not follow a redirect: the token goes nowhere else', async () => {
    const elsewhere = await serve((_req, res) => json(res, 200, sampleLead));
    const server = await serve((_req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}/v1/leads/${sampleLead.id}` });
      res.end();
    });
    try {
      const error = await failure(client(server.url).getLead(sampleLead.id));
      assert.equal(error.status, 302);
      assert.equal(server.received.length, 1);
      assert.equal(elsewhere.received.length, 0);
    } finally {
      await server.close();
      await elsewhere.close();
    }
  });

  it('times out when the body stops coming, not only when no answer starts', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"items": [');
    });
    try {
      const error = await failure(client(server.url, { timeoutMs: () => 150 }).listLeads());
      assert.equal(error.kind, 'timeout');
    } finally {
      await server.close();
    }
  });

  const abortCases: [string, Parameters<typeof serve>[0]][] = [
    ['before any answer', () => undefined],
    [
      'while the body is arriving',
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        res.write('{"items": [');
      },
    ],
  ];
  for (const [when, handler] of abortCases) {
    it(`is cancelled when its signal aborts ${when}`, async () => {
      const server = await serve(handler);
      const abort = new AbortController();
      try {
        const pending = client(server.url).listLeads({}, undefined, undefined, { signal: abort.signal });
        setTimeout(() => abort.abort(), 50);
        assert.equal((await failure(pending)).kind, 'cancelled');
      } finally {
        await server.close();
      }
    });
  }

  it('sends nothing when its signal has already aborted', async () => {
    const server = await serve((_req, res) => json(res, 200, sampleLead));
    try {
      const error = await failure(client(server.url).getLead(sampleLead.id, { signal: AbortSignal.abort() }));
      assert.equal(error.kind, 'cancelled');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(server.received.length, 0);
    } finally {
      await server.close();
    }
  });

  it("lets go of the caller's signal once the exchange is over", async () => {
    const server = await serve((_req, res) => json(res, 200, sampleLead));
    const signal = new AbortController().signal;
    try {
      await client(server.url).getLead(sampleLead.id, { signal });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(getEventListeners(signal, 'abort').length, 0);
    } finally {
      await server.close();
    }
  });
});
