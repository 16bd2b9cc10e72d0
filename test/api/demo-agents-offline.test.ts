import { describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { serverClient } from '../helpers/server-client.ts';
import { startServerProcess, tempSqliteUrl } from '../helpers/server-process.ts';

/** The claims agent's answer to a valid policy number: its get_policy tool was called and answered. */
async function lookUpPolicy(server: { url: string; key: string }, agentId: string): Promise<string> {
  const parley = await serverClient(server);
  const run = await parley.textChat.start(agentId);
  const reply = await parley.textChat.send(agentId, run.workflow_run_id, { content: '123456' });
  return reply.content;
}

async function agentsOf(server: { url: string; key: string }) {
  return (await (await serverClient(server)).agents.page()).agents;
}

describe('the demo agents out of the box', () => {
  it('looks up a policy with no configuration at all: the demo tools answer in-process, loopback stays refused', async () => {
    // The default, spelled out so a developer's own environment cannot turn it on.
    const server = await startServerProcess({ PARLEY_ALLOW_PRIVATE_TOOLS: '0' });
    try {
      const agents = await agentsOf(server);
      const claims = agents.find((a) => /claims/i.test(a.name));
      expect(claims?.tools[0]?.server_url).toBe('/demo/api/policies');
      expect(await lookUpPolicy(server, claims?.id ?? '')).toBe('Thanks, Ada Lovelace. What happened?');
    } finally {
      await server.stop();
    }
  });

  it('runs a demo agent the CLI imported under another PORT: its tools do not name any port', async () => {
    const databaseUrl = tempSqliteUrl();
    const out: string[] = [];
    const err: string[] = [];
    // The CLI's PORT is not where the server will listen (that one picks a free port).
    const cli = (...argv: string[]) => runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: { DATABASE_URL: databaseUrl, PORT: '19201', LOG_LEVEL: 'silent' } });
    expect(await cli('workspaces', 'create', '--name', 'Acme')).toBe(0);
    expect(await cli('agents', 'import', 'demo/agents/claims.json')).toBe(0);
    expect(err).toEqual([]);

    const server = await startServerProcess({ DATABASE_URL: databaseUrl, PARLEY_ALLOW_PRIVATE_TOOLS: '0' });
    try {
      expect(server.url).not.toContain(':19201');
      const agents = await agentsOf(server);
      // Not a first start (the CLI made the workspace): the one claims agent is the CLI's.
      expect(agents.map((a) => a.name)).toEqual(['Harbor Mutual claims']);
      const [claims] = agents;
      expect(claims?.tools.map((t) => t.server_url)).toEqual(['/demo/api/policies', '/demo/api/claims']);
      expect(await lookUpPolicy(server, claims?.id ?? '')).toBe('Thanks, Ada Lovelace. What happened?');
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
