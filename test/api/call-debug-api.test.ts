import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, readError } from '../helpers/api-reads.ts';
import { callDetailSchema, debugLinkSchema, debugLogSchema } from '../../shared/api/calls-api.ts';
import { runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { llmAgentBody, loopAgentBody } from '../fixtures/loop-agent.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

describe.each(testDatabases())('debug links of calls on $dialect', (target) => {
  let t: TestApp;
  let tools: ToolServer;
  let loop: string;

  beforeAll(async () => {
    tools = await startToolServer({ '/policy': () => ({ body: { active: false, holder_email: 'grace.hopper@navy.mil', phone: '+1 202 555 0143' } }) });
    t = await createTestApp(target);
    loop = (await createAgent(t, loopAgentBody)).id;
  });
  afterAll(async () => {
    await t.close();
    await tools.close();
  });

  async function callWith(texts: string[], agent = loop) {
    const run = await readJson(await t.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    for (const content of texts) await t.call('POST', `/workflow/${agent}/text-chat/sessions/${run.workflow_run_id}/messages`, { content });
    return run;
  }
  const link = async (callId: string) => readJson(await t.call('GET', `/v1/calls/${callId}/debug-link`), debugLinkSchema, 200);
  const open = (token: string, accept = 'application/json') => t.app.request(`/api/v1/call-debug/${token}`, { headers: { accept } });

  it('gives a call one shareable link, shown again on each request', async () => {
    const run = await callWith(['hello']);
    const first = await link(run.call_id);
    expect(first.debug_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.url).toBe(`http://localhost/api/v1/call-debug/${first.debug_token}`);
    expect((await link(run.call_id)).debug_token).toBe(first.debug_token);
  });

  it('shows the call turn by turn without a key, with e-mail addresses and phone numbers masked', async () => {
    const run = await callWith(['I am ada@example.com, call me on +44 20 7946 0958']);
    const res = await open((await link(run.call_id)).debug_token);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const log = await readJson(res, debugLogSchema, 200);
    expect(log).toMatchObject({ call_id: run.call_id, status: 'in-progress', ended_at: null });
    expect(log.turns.map((turn) => turn.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(log.turns[1]?.content).toBe('I am a***@example.com, call me on +** ** **** **58');
    expect(log.turns[2]?.content).toContain('a***@example.com');
    expect(log.turns[2]).toMatchObject({ server_ms: expect.any(Number), llm_ttfb_ms: null });
    expect(JSON.stringify(log)).not.toMatch(/ada@|7946/);
  });

  it('shows how each answer was read: the choice it picked and the words that named it, masked', async () => {
    const kinds = await createAgent(t, {
      name: 'Kinds',
      workflow: {
        start: 'kind',
        nodes: {
          kind: { type: 'ask', text: 'Car or home?', save_as: 'kind', choices: [{ label: 'Home damage', value: 'home', synonyms: ['flood'] }, 'Car'], next: 'email' },
          email: { type: 'ask', text: 'E-mail?', save_as: 'email', expect: { type: 'email' }, next: 'bye' },
          bye: { type: 'end', text: 'Thanks.' },
        },
      },
    });
    const run = await callWith(['a car and a flood', 'A Flood in the kitchen', 'ada@example.com'], kinds.id);
    const res = await open((await link(run.call_id)).debug_token);
    const log = await readJson(res, debugLogSchema, 200);
    expect(log.turns[2]?.answer).toEqual({ node: 'kind', outcome: 'ambiguous', candidates: ['Home damage', 'Car'] });
    expect(log.turns[4]?.answer).toEqual({
      node: 'kind',
      outcome: 'accepted',
      saved: { kind: 'home' },
      choice: { label: 'Home damage', value: 'home', matched: 'Flood', by: 'words' },
    });
    expect(log.turns[6]?.answer).toEqual({ node: 'email', outcome: 'accepted', saved: { email: 'a***@example.com' } });
    const html = await (await open((await link(run.call_id)).debug_token, 'text/html')).text();
    expect(html).toContain('Answer to kind: accepted · picked “Home damage” (matched “Flood” by words) · saved kind = &quot;home&quot;');
  });

  it('masks tool arguments and results too', async () => {
    const claims = (await createAgent(t, claimAgentBody(tools.url))).id;
    const run = await callWith(['123456'], claims);
    const log = await readJson(await open((await link(run.call_id)).debug_token), debugLogSchema, 200);
    const call = log.turns[2]?.tool_calls[0];
    expect(call).toMatchObject({ name: 'get_policy', arguments: { id: '123456' }, result: { holder_email: 'g***@navy.mil', phone: '+* *** *** **43' } });
  });

  it('renders a readable, escaped page for a browser, under a CSP that runs no script', async () => {
    const run = await callWith(['<script>alert(1)</script> bob@corp.io']);
    const res = await open((await link(run.call_id)).debug_token, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(`Call ${run.call_id}`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; b***@corp.io');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('bob@corp.io');
  });

  it('says when a turn had no LLM to use, so a fallback reply is explained (JSON, page and call detail)', async () => {
    const agent = (await createAgent(t, llmAgentBody())).id;
    const run = await callWith(['hello'], agent);
    const { debug_token } = await link(run.call_id);
    const log = await readJson(await open(debug_token), debugLogSchema, 200);
    expect(log.turns.map((turn) => turn.llm)).toEqual(['not_used', null, 'unavailable']);
    const html = await (await open(debug_token, 'text/html')).text();
    expect(html).toContain('LLM unavailable (none configured: fallback text)');
    const call = await readJson(await t.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200);
    expect(call.latency_data.turns.map((turn) => turn.llm)).toEqual(['not_used', 'unavailable']);
  });

    it('revokes a link: it answers 404 from then on, and a new link is made on request', async () => {
    const run = await callWith([]);
    const old = await link(run.call_id);
    expect((await t.call('DELETE', `/v1/calls/${run.call_id}/debug-link`)).status).toBe(204);
    const gone = await open(old.debug_token);
    expect(gone.status).toBe(404);
    expect((await readError(gone)).message).toBe('Debug log not available');
    const fresh = await link(run.call_id);
    expect(fresh.debug_token).not.toBe(old.debug_token);
    expect((await open(fresh.debug_token)).status).toBe(200);
    expect((await open(old.debug_token)).status).toBe(404);
  });

  it('answers the same 404 for unknown and malformed tokens', async () => {
    for (const token of ['x', 'A'.repeat(43), 'A'.repeat(44), `${'A'.repeat(42)}=`]) {
      const res = await open(token);
      expect(res.status, token).toBe(404);
      expect((await readError(res)).message).toBe('Debug log not available');
    }
  });
});
