/**
 * Serves an in-process app on a real port (127.0.0.1, a free one), for clients that
 * must talk HTTP — the CLI — without spawning a server process.
 */
import { serve } from '@hono/node-server';

export interface InProcessServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<InProcessServer> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`the test server is not listening on a port: ${String(address)}`);
  const { port } = address;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
