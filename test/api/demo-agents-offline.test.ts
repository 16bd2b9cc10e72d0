import { describe, expect, it } from 'vitest';
import { serverClient } from '../helpers/server-client.ts';
import { startServerProcess } from '../helpers/server-process.ts';

describe('the demo agents out of the box', () => {
  it('looks up a policy with no configuration at all: the demo tools answer in-process, loopback stays refused', async () => {
    // The default, spelled out so a developer's own environment cannot turn it on.
    const server = await startServerProcess({ PARLEY_ALLOW_PRIVATE_TOOLS: '0' });
    try {
      const parley = await serverClient(server);
      const { agents } = await parley.agents.page();
      const claims = agents.find((a) => /claims/i.test(a.name));
      if (!claims) throw new Error(`no claims agent among ${agents.map((a) => a.name).join(', ')}`);
      expect(claims.tools[0]?.server_url).toBe(`${server.url}/demo/api/policies`);
      const run = await parley.textChat.start(claims.id);
      const reply = await parley.textChat.send(claims.id, run.workflow_run_id, { content: '123456' });
      expect(reply.content).toBe('Thanks, Ada Lovelace. What happened?');
    } finally {
      await server.stop();
    }
  });

  it('also answers the demo tools over HTTP, for anyone who calls them directly', async () => {
    const server = await startServerProcess({});
    try {
      const res = await fetch(`${server.url}/demo/api/policies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '123456' }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: '123456', active: true, holder: 'Ada Lovelace' });
    } finally {
      await server.stop();
    }
  });
});
