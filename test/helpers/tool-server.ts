/** A tiny HTTP server playing an agent's tools in tests: `/policy` looks up policies. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolServer {
  url: string;
  calls: { path: string; body: unknown }[];
  close(): Promise<void>;
}

export interface ToolAnswer {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

export async function startToolServer(handlers: Record<string, (body: unknown) => ToolAnswer> = {}): Promise<ToolServer> {
  const calls: ToolServer['calls'] = [];
  const defaults: typeof handlers = {
    '/policy': (body) => {
      const id = body !== null && typeof body === 'object' && 'id' in body ? String(body.id) : '';
      return { body: { id, active: !id.startsWith('9'), holder: 'Ada' } };
    },
  };
  const all = { ...defaults, ...handlers };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const body: unknown = raw ? JSON.parse(raw) : null;
      calls.push({ path, body });
      const handler = all[path];
      if (!handler) return res.writeHead(404).end();
      const answer = handler(body);
      setTimeout(() => res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body)), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
