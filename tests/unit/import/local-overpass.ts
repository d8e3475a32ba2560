/**
 * A scripted Overpass stand-in on 127.0.0.1 for the client tests: each request takes the next handler
 * from a queue and is recorded (method, decoded query). The server is closed by `close()`; every socket
 * is destroyed so a hanging handler cannot keep the test process alive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RecordedRequest {
  method: string;
  contentType: string | undefined;
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
      const body = Buffer.concat(chunks).toString('utf8');
      const query = new URLSearchParams(body).get('data') ?? '';
      requests.push({ method: req.method ?? '', contentType: req.headers['content-type'], query });
      const handler = queue.shift();
      if (handler) handler(req, res);
      else {
        res.statusCode = 500;
        res.end('no handler');
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
    res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

export function status(code: number, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(code, { 'Content-Type': 'text/plain', ...headers });
    res.end(`status ${code}`);
  };
}

/** Never answers (the client's time-out must fire). */
export const hang: Handler = () => undefined;
