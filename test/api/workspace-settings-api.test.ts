import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { workspaceSettingsSchema } from '../../shared/api/workspace-settings-api.ts';
import { createSessionSweeper } from '../../server/sessions/session-sweeper.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { llmAgentBody } from '../fixtures/loop-agent.ts';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('workspace settings on $dialect', (target) => {
  const clock = manualClock('2026-07-01T09:00:00.000Z');
  let llm: FakeLlm;
  let t: TestApp;
  let plain: string;
  let tuned: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    t = await createTestApp(target, { clock, llmUrl: llm.url });
    plain = (await createAgent(t, llmAgentBody())).id;
    tuned = (await createAgent(t, { ...llmAgentBody(), name: 'Tuned', llm: { model: 'agent-model', temperature: 0.1 } })).id;
  });
  beforeEach(async () => {
    llm.reset();
    await t.call('PATCH', '/v1/workspace/settings', { llm: { model: null, temperature: null, max_tokens: null }, session_idle_minutes: null });
  });
  afterAll(async () => {
    await t.close();
    await llm.close();
  });

  const read = async () => readJson(await t.call('GET', '/v1/workspace/settings'), workspaceSettingsSchema, 200);
  const patch = async (body: unknown) => readJson(await t.call('PATCH', '/v1/workspace/settings', body), workspaceSettingsSchema, 200);
  async function ask(agent: string) {
    const run = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    llm.enqueue({ content: 'Sure.' });
    await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: 'Hi' }), assistantReplySchema, 200);
    return llm.requests.at(-1);
  }

  it('starts with nothing set, changes only the keys given, and null goes back to the server default', async () => {
    expect(await read()).toEqual({ llm: { model: null, temperature: null, max_tokens: null }, session_idle_minutes: null });
    expect(await patch({ llm: { model: 'team-model', max_tokens: 300 } })).toEqual({ llm: { model: 'team-model', temperature: null, max_tokens: 300 }, session_idle_minutes: null });
    expect(await patch({ session_idle_minutes: 10, llm: { temperature: 0.5 } })).toEqual({ llm: { model: 'team-model', temperature: 0.5, max_tokens: 300 }, session_idle_minutes: 10 });
    expect(await patch({ llm: { model: null } })).toEqual({ llm: { model: null, temperature: 0.5, max_tokens: 300 }, session_idle_minutes: 10 });
    expect(await read()).toEqual({ llm: { model: null, temperature: 0.5, max_tokens: 300 }, session_idle_minutes: 10 });
  });

  it('refuses bad settings with a 400 naming the field, and changes nothing', async () => {
    await patch({ session_idle_minutes: 10 });
    const bad = [
      { session_idle_minutes: 0 },
      { session_idle_minutes: 7 * 24 * 60 + 1 },
      { session_idle_minutes: 2.5 },
      { llm: { temperature: 3 } },
      { llm: { max_tokens: 0 } },
      { llm: { model: '' } },
      { llm: { top_p: 1 } },
      { theme: 'dark' },
      [],
    ];
    for (const body of bad) expect((await readError(await t.call('PATCH', '/v1/workspace/settings', body), 400)).code).toBe('invalid_request');
    expect(await read()).toEqual({ llm: { model: null, temperature: null, max_tokens: null }, session_idle_minutes: 10 });
  });

  it('gives agents that do not set an LLM setting the workspace default, and keeps what an agent sets', async () => {
    expect((await ask(plain))?.model).toBe('fake-model');
    await patch({ llm: { model: 'team-model', temperature: 0.7, max_tokens: 321 } });
    expect(await ask(plain)).toMatchObject({ model: 'team-model', temperature: 0.7, max_tokens: 321 });
    expect(await ask(tuned)).toMatchObject({ model: 'agent-model', temperature: 0.1, max_tokens: 321 });
  });

  it("ends a live conversation after the workspace's idle timeout instead of the server's", async () => {
    await patch({ session_idle_minutes: 5 });
    const sweeper = createSessionSweeper({ db: t.database.db, sessions: t.app.runtime.sessions, clock, logger: pino({ level: 'silent' }) });
    const run = await readJson(await t.call('POST', `/workflow/${plain}/text-chat/sessions`, {}), runSchema, 201);
    const status = async () => (await readJson(await t.call('GET', `/workflow/${plain}/text-chat/sessions/${run.workflow_run_id}`), runSchema, 200)).status;
    clock.advance(4 * 60_000);
    await sweeper.sweep();
    expect(await status()).toBe('active');
    clock.advance(60_000 + 1);
    await sweeper.sweep();
    expect(await status()).toBe('ended');
  });
});
