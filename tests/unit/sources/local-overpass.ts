/**
 * A scripted Overpass stand-in on 127.0.0.1, for the client's unit tests and the options page's browser
 * tests: each request takes the next handler from a queue and is recorded (method, headers, decoded query).
 * It answers with `Access-Control-Allow-Origin: *` like the real Overpass, so an extension page can read it
 * without host permissions; a CORS preflight is answered and recorded too (it would mean a non-simple request). The server is closed by `close()`; every socket
 * is destroyed so a hanging handler cannot keep the test process alive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Overpass answers with this header, which lets an extension page read it without host permissions. */
export const CORS = { 'Access-Control-Allow-Origin': '*' };

export interface RecordedRequest {
  method: string;
  contentType: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
  /** The Overpass QL sent in the `data` form field. */
  query: string;
}

export interface LocalOverpass {
  url: string;
  requests: RecordedRequest[];
  /** Handlers for the next requests, in order; when empty, answers 500. */
  queue: Handler[];
  close(): Promise<void>;
}

export async function startLocalOverpass(): Promise<LocalOverpass> {
  const requests: RecordedRequest[] = [];
  const queue: Handler[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { contentType: req.headers['content-type'], origin: req.headers.origin, cookie: req.headers.cookie };
      if (req.method === 'OPTIONS') {
        requests.push({ method: 'OPTIONS', ...seen, query: '' });
        res.writeHead(204, { ...CORS, 'Access-Control-Allow-Headers': '*' });
        res.end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const query = new URLSearchParams(body).get('data') ?? '';
      requests.push({ method: req.method ?? '', ...seen, query });
      const handler = queue.shift();
      if (handler) handler(req, res);
      else {
        res.writeHead(500, CORS);
        res.end('no handler queued');
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/interpreter`,
    requests,
    queue,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers 200 with a JSON body. */
export function json(body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { ...CORS, 'Content-Type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

export function status(code: number, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(code, { ...CORS, 'Content-Type': 'text/plain', ...headers });
    res.end(`status ${code}`);
  };
}

/** Never answers (the client's time-out must fire). */
export const hang: Handler = () => undefined;
