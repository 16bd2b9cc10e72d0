import { describe, expect, it } from 'vitest';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { startServerProcess, tempSqliteUrl } from '../helpers/server-process.ts';

describe('a server restart between turns', () => {
  it('lets a new process resume the same session from the database', async () => {
    const env = { DATABASE_URL: tempSqliteUrl() };
    const first = await startServerProcess(env);
    const headers = { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' };
    const agent = await (await fetch(`${first.url}/v1/agents`, { method: 'POST', headers, body: JSON.stringify(loopAgentBody) })).json();
    const sessions = `/workflow/${agent.id}/text-chat/sessions`;
    const run = await (await fetch(`${first.url}${sessions}`, { method: 'POST', headers, body: '{}' })).json();
    await fetch(`${first.url}${sessions}/${run.workflow_run_id}/messages`, { method: 'POST', headers, body: JSON.stringify({ content: 'before' }) });
    await first.kill();

    const second = await startServerProcess({ ...env, PARLEY_API_KEY: first.key });
    try {
      const reply = await (await fetch(`${second.url}${sessions}/${run.workflow_run_id}/messages`, { method: 'POST', headers, body: JSON.stringify({ content: 'after' }) })).json();
      expect(reply).toMatchObject({ content: 'You said: after\n\nSay something.', index: 4, revision: 3 });
      const view = await (await fetch(`${second.url}${sessions}/${run.workflow_run_id}`, { headers })).json();
      expect(view.messages.map((m: { content: string }) => m.content)).toEqual(['Say something.', 'before', 'You said: before\n\nSay something.', 'after', 'You said: after\n\nSay something.']);
    } finally {
      await second.stop();
    }
  });
});
