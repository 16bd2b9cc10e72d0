import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../helpers/server-process.ts';

describe('the demo agents out of the box', () => {
  it('looks up a policy with no configuration at all: the demo tools answer in-process, loopback stays refused', async () => {
    // The default, spelled out so a developer's own environment cannot turn it on.
    const server = await startServerProcess({ PARLEY_ALLOW_PRIVATE_TOOLS: '0' });
    try {
      const headers = { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' };
      const { agents } = await (await fetch(`${server.url}/v1/agents`, { headers })).json();
      const claims = agents.find((a: { name: string }) => /claims/i.test(a.name));
      expect(claims.tools[0].server_url).toBe(`${server.url}/demo/api/policies`);
      const sessions = `${server.url}/workflow/${claims.id}/text-chat/sessions`;
      const run = await (await fetch(sessions, { method: 'POST', headers, body: '{}' })).json();
      const reply = await (await fetch(`${sessions}/${run.workflow_run_id}/messages`, { method: 'POST', headers, body: JSON.stringify({ content: '123456' }) })).json();
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
