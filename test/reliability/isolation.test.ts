import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { fillPath, listOperations } from './api-surface.ts';

const MARKER = 'SECRET-OF-WORKSPACE-ONE';

/** A body each session route accepts, so the answer is about the token, not the body. */
function validBodyFor(template: string): unknown {
  if (template.endsWith('/messages')) return { content: 'hi' };
  if (template.endsWith('/rewind')) return { message_index: 0 };
  if (template.endsWith('/feedback')) return { rating: 'up' };
  if (template.endsWith('/gather')) return { input: '1' };
  return {};
}

describe.each(testDatabases())('workspace isolation on every endpoint, on $dialect', (target) => {
  let t: TestApp;
  let ids: Record<string, string>;
  let otherKey: string;
  let tokens: { mine: string; other: string; otherRun: number; agent: string };

  beforeAll(async () => {
    t = await createTestApp(target);
    const agent = await (await t.call('POST', '/v1/agents', { ...loopAgentBody, name: MARKER, system_prompt: MARKER, widget: { enabled: true, allowed_origins: ['https://shop.example'] } })).json();
    const run = await (await t.call('POST', `/workflow/${agent.id}/text-chat/sessions`, { initial_context: { secret: MARKER } })).json();
    await t.call('POST', `/workflow/${agent.id}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: MARKER });
    ids = { id: agent.id, agent_id: agent.id, run_id: String(run.workflow_run_id), call_id: run.call_id, session_id: String(run.workflow_run_id), index: '0' };
    const other = await t.repos.workspaces.create('Two');
    otherKey = await t.repos.apiKeys.create(other.id);

    const browser = { origin: 'https://shop.example', 'content-type': 'application/json' };
    const first = await (await t.app.request(`/workflow/${agent.id}/text-chat/sessions`, { method: 'POST', headers: browser, body: '{}' })).json();
    const second = await (await t.app.request(`/workflow/${agent.id}/text-chat/sessions`, { method: 'POST', headers: browser, body: '{}' })).json();
    tokens = { mine: first.session_token, other: second.session_token, otherRun: first.workflow_run_id, agent: agent.id };
  });
  afterAll(() => t.close());

  /** The body; of an event stream (which never ends), what it sends on opening. */
  async function bodyText(res: Response): Promise<string> {
    if (!res.headers.get('content-type')?.startsWith('text/event-stream') || !res.body) return res.text();
    const reader = res.body.getReader();
    const first = await reader.read();
    await reader.cancel();
    return first.value ? new TextDecoder().decode(first.value) : '';
  }

  it("never shows another workspace's data to a key, whatever the endpoint", async () => {
    const operations = await listOperations(t);
    expect(operations.length).toBeGreaterThan(10);
    for (const op of operations) {
      if (op.params.length === 0 && op.method !== 'GET') continue; // creating in one's own workspace is fine
      const path = fillPath(op.template, ids);
      const res = await t.app.request(path, {
        method: op.method,
        headers: { authorization: `Bearer ${otherKey}`, 'content-type': 'application/json' },
        ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: '{}' }),
      });
      const text = await bodyText(res);
      expect(text, `${op.method} ${path}`).not.toContain(MARKER);
      if (op.params.length > 0 && !op.template.startsWith('/api/v1/call-debug')) {
        expect([400, 401, 404, 405, 409], `${op.method} ${path} → ${res.status} ${text.slice(0, 120)}`).toContain(res.status);
      }
    }
  });

  it("never lets a widget session token open another session's routes", async () => {
    const operations = (await listOperations(t)).filter((op) => op.template.includes('{run_id}'));
    for (const op of operations) {
      const path = fillPath(op.template, { ...ids, id: tokens.agent, run_id: String(tokens.otherRun) });
      const res = await t.app.request(path, {
        method: op.method,
        headers: { origin: 'https://shop.example', 'x-session-token': tokens.other, 'content-type': 'application/json' },
        ...(op.method === 'GET' ? {} : { body: JSON.stringify(validBodyFor(op.template)) }),
      });
      expect([401, 404], `${op.method} ${path} → ${res.status}`).toContain(res.status);
    }
  });
});
