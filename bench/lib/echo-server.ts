/**
 * The baseline: a bare Hono JSON echo route on @hono/node-server, run as its own process
 * exactly like Parley's server, so both pay the same process and socket costs.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.post('/echo', async (c) => c.json({ role: 'assistant', content: (await c.req.json<{ content: string }>()).content }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`echo listening at http://127.0.0.1:${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
