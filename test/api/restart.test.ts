import { describe, expect, it } from 'vitest';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { serverClient } from '../helpers/server-client.ts';
import { startServerProcess, tempSqliteUrl } from '../helpers/server-process.ts';

describe('a server restart between turns', () => {
  it('lets a new process resume the same session from the database', async () => {
    const env = { DATABASE_URL: tempSqliteUrl() };
    const first = await startServerProcess(env);
    const before = await serverClient(first);
    const agent = await before.agents.create(loopAgentBody);
    const run = await before.textChat.start(agent.id);
    await before.textChat.send(agent.id, run.workflow_run_id, { content: 'before' });
    await first.kill();

    const second = await startServerProcess({ ...env, PARLEY_API_KEY: first.key });
    try {
      const after = await serverClient(second);
      const reply = await after.textChat.send(agent.id, run.workflow_run_id, { content: 'after' });
      expect(reply).toMatchObject({ content: 'You said: after\n\nSay something.', index: 4, revision: 3 });
      const view = await after.textChat.get(agent.id, run.workflow_run_id);
      expect(view.messages.map((m) => m.content)).toEqual(['Say something.', 'before', 'You said: before\n\nSay something.', 'after', 'You said: after\n\nSay something.']);
    } finally {
      await second.stop();
    }
    // Two server processes start one after the other: on a busy two-core machine that alone
    // took 16 s of the default 20.
  }, 60_000);
});
