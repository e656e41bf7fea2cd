// One HTTP exchange, over node:http(s) rather than fetch: on a local server fetch (undici)
// costs about 0.8 ms more per request, a fifth of a 200-lead page (see the benchmark). In
// VS Code, both honour the editor's proxy settings.
import type * as http from 'node:http';

type Requester = Pick<typeof http, 'request'>;
// node:https (and the TLS stack under it) takes ~10 ms to load: it comes with the first
// request, not with activation.
let plain: Promise<Requester> | undefined;
let secure: Promise<Requester> | undefined;
const requester = (url: URL): Promise<Requester> =>
  url.protocol === 'https:' ? (secure ??= import('node:https')) : (plain ??= import('node:http'));

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** A response header, or undefined. */
  header(name: string): string | undefined;
  /** The whole body, as UTF-8. */
  text: string;
}

/** Resolves once the whole body is in; rejects on a network error, a connection dropped mid-body, or the signal. */
export async function send(request: HttpRequest): Promise<HttpResponse> {
  const { request: open } = await requester(request.url);
  return new Promise((resolve, reject) => {
    // A known length rather than chunked encoding, which some gateways refuse.
    const headers = request.body === undefined ? request.headers : { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) };
    const outgoing = open(request.url, { method: request.method, headers, signal: request.signal }, (incoming) => {
      incoming.setEncoding('utf8');
      let text = '';
      incoming.on('data', (chunk: string) => (text += chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        // Without `complete`, the server closed the connection before the whole body came.
        if (!incoming.complete) {
          reject(Object.assign(new Error('The connection was closed before the whole response arrived'), { code: 'ECONNRESET' }));
          return;
        }
        const received = incoming.headers;
        resolve({
          status: incoming.statusCode ?? 0,
          statusText: incoming.statusMessage ?? '',
          header: (name) => {
            const value = received[name.toLowerCase()];
            return Array.isArray(value) ? value.join(', ') : value;
          },
          text,
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
