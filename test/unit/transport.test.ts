import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from '../../src/api/transport';

/** A server on 127.0.0.1 answering with `handler`; what it received is kept. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/leads`);
  return {
    url,
    received,
    closeAllConnections: () => server.closeAllConnections(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const request = (url: URL, extra: { method?: string; body?: string; signal?: AbortSignal } = {}) =>
  send({ method: extra.method ?? 'GET', url, headers: { Accept: 'application/json' }, body: extra.body, signal: extra.signal ?? new AbortController().signal });

describe('transport (node:http)', () => {
  it('returns status, headers and the whole UTF-8 body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(201, 'Created', { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' });
      res.end(JSON.stringify({ name: 'Zoë 📞' }));
    });
    try {
      const response = await request(server.url);
      assert.equal(response.status, 201);
      assert.equal(response.statusText, 'Created');
      assert.equal(response.header('x-request-id'), 'r1');
      assert.equal(response.header('retry-after'), undefined);
      assert.deepEqual(JSON.parse(response.text), { name: 'Zoë 📞' });
    } finally {
      await server.close();
    }
  });

  it('decodes a character whose bytes arrive in different chunks', async () => {
    const bytes = Buffer.from('{"name":"📞"}');
    const cut = bytes.indexOf(Buffer.from('📞')) + 2;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(bytes.subarray(0, cut));
      // Long enough for the first half to be read on its own.
      setTimeout(() => res.end(bytes.subarray(cut)), 50);
    });
    try {
      assert.deepEqual(JSON.parse((await request(server.url)).text), { name: '📞' });
    } finally {
      await server.close();
    }
  });

  it('sends a body with its length, not chunked', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    try {
      await request(server.url, { method: 'PATCH', body: '{"name":"Zoë"}' });
      const [first] = server.received;
      assert.equal(first?.body, '{"name":"Zoë"}');
      assert.equal(first?.headers['content-length'], String(Buffer.byteLength('{"name":"Zoë"}')));
      assert.equal(first?.headers['transfer-encoding'], undefined);
    } finally {
      await server.close();
    }
  });

  it('rejects a body cut off by a dropped connection', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"items":[');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      await assert.rejects(request(server.url), (error: NodeJS.ErrnoException) => error.code === 'ECONNRESET');
    } finally {
      await server.close();
    }
  });

  it('does not follow a redirect', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { Location: 'http://127.0.0.1:9/elsewhere' });
      res.end();
    });
    try {
      const response = await request(server.url);
      assert.equal(response.status, 302);
      assert.equal(server.received.length, 1);
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
    it(`stops when its signal aborts ${when}`, async () => {
      const server = await serve(handler);
      const abort = new AbortController();
      try {
        const pending = request(server.url, { signal: abort.signal });
        setTimeout(() => abort.abort(), 50);
        await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
      } finally {
        server.closeAllConnections();
        await server.close();
      }
    });
  }

  it('sends nothing when its signal has already aborted', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    try {
      await assert.rejects(request(server.url, { signal: AbortSignal.abort() }), (error: Error) => error.name === 'AbortError');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(server.received.length, 0);
    } finally {
      await server.close();
    }
  });

  it('lets go of its signal once the exchange is over', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    const signal = new AbortController().signal;
    try {
      await request(server.url, { signal });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(getEventListeners(signal, 'abort').length, 0);
    } finally {
      await server.close();
    }
  });
});
