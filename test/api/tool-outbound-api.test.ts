import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callDetailSchema, type TranscriptEntry } from '../../shared/api/calls-api.ts';
import { assistantReplySchema, runSchema } from '../../shared/api/text-chat-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { createAgent } from '../helpers/api-reads.ts';
import { loadConfig } from '../../server/config.ts';
import { importDemoAgents } from '../../server/demo/import-demo-agents.ts';
import { TURN_FAILED_TEXT } from '../../server/sessions/turn-runner.ts';
import { claimAgentBody } from '../fixtures/claim-agent.ts';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';
import { startToolServer, type ToolServer } from '../helpers/tool-server.ts';

/** The call's one tool call; fails when it has none. */
function toolCallOf(transcript: TranscriptEntry[]): Extract<TranscriptEntry, { type: 'tool_call' }> {
  const entry = transcript.find((e) => e.type === 'tool_call');
  if (entry?.type !== 'tool_call') throw new Error(`the call has no tool call: ${JSON.stringify(transcript)}`);
  return entry;
}

describe.each(testDatabases())('outbound tool calls on $dialect', (target) => {
  let tools: ToolServer;
  let t: TestApp | undefined;
  beforeAll(async () => {
    tools = await startToolServer({
      '/moved': () => ({ status: 302, headers: { location: `${tools.url}/policy` }, body: null }),
      '/huge': () => ({ body: { blob: 'z'.repeat(1024 * 1024 + 1) } }),
      '/failing': () => ({ status: 503, body: { error: 'down' } }),
    });
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
    tools.calls.length = 0;
  });
  afterAll(() => tools.close());

  async function app(options: TestAppOptions) {
    t = await createTestApp(target, options);
    return t;
  }

  /** Creates the claims agent with its tool at `path`, starts a call and answers the policy question. */
  async function lookUpPolicy(app: TestApp, path: string) {
    const body = claimAgentBody(tools.url);
    body.tools = [{ ...body.tools[0]!, server_url: `${tools.url}${path}` }];
    const agent = (await createAgent(app, body)).id;
    const run = await readJson(await app.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    const reply = await readJson(await app.call('POST', `/workflow/${agent}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: '123456' }), assistantReplySchema, 200);
    const call = await readJson(await app.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200);
    return { reply, toolCall: toolCallOf(call.transcript) };
  }

  it('refuses a tool on 127.0.0.1 by default: the node takes its on_error route, the call records why, the tool server sees nothing', async () => {
    expect(loadConfig({}).PARLEY_ALLOW_PRIVATE_TOOLS).toBe(false);
    const { reply, toolCall } = await lookUpPolicy(await app({ tools: { allowPrivate: false } }), '/policy');
    expect(reply.content).toBe('Connecting you to a person.');
    expect(toolCall).toMatchObject({ name: 'get_policy', error: 'Tool "get_policy" failed: the private address 127.0.0.1 is refused; tools must reach a public host' });
    expect(tools.calls).toEqual([]);
  });

  it('reaches a tool on 127.0.0.1 when the operator allows private tools', async () => {
    const { reply, toolCall } = await lookUpPolicy(await app({ tools: { allowPrivate: true } }), '/policy');
    expect(reply.content).toBe('Thanks!');
    expect(toolCall).toMatchObject({ result: { active: true } });
    expect(tools.calls).toEqual([{ path: '/policy', body: { id: '123456' } }]);
  });

  it('refuses a public-looking host that resolves to a private address, when connecting', async () => {
    const resolveHost = async (host: string) => (host === 'tools.example.com' ? ['127.0.0.1'] : []);
    const test = await app({ tools: { allowPrivate: false, resolveHost } });
    const body = claimAgentBody(`http://tools.example.com:${new URL(tools.url).port}`);
    const agent = (await createAgent(test, body)).id;
    const run = await readJson(await test.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    const reply = await readJson(await test.call('POST', `/workflow/${agent}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: '123456' }), assistantReplySchema, 200);
    expect(reply.content).toBe('Connecting you to a person.');
    const call = await readJson(await test.call('GET', `/v1/calls/${run.call_id}`), callDetailSchema, 200);
    expect(toolCallOf(call.transcript).error).toContain('tools.example.com resolves to the private address 127.0.0.1');
    expect(tools.calls).toEqual([]);
  });

  it('does not follow a tool’s redirect: the call fails naming it and the target is never asked', async () => {
    const { reply, toolCall } = await lookUpPolicy(await app({ tools: { allowPrivate: true } }), '/moved');
    expect(reply.content).toBe('Connecting you to a person.');
    expect(toolCall.error).toBe(`Tool "get_policy" answered a redirect (HTTP 302 to ${tools.url}/policy); redirects are not followed`);
    expect(tools.calls.map((c) => c.path)).toEqual(['/moved']);
  });

  it('refuses a tool answer over 1 MB with a clear error', async () => {
    const { reply, toolCall } = await lookUpPolicy(await app({ tools: { allowPrivate: true } }), '/huge');
    expect(reply.content).toBe('Connecting you to a person.');
    expect(toolCall.error).toBe('Tool "get_policy" failed: the answer is larger than 1 MB; larger answers are refused');
    expect(tools.calls.map((c) => c.path)).toEqual(['/huge']);
  });

  it('stops a tool → tool loop with retries at 10 requests per message, and gives the next message a budget of its own', async () => {
    const test = await app({ tools: { allowPrivate: true } });
    const failing = (name: string) => ({ name, server_url: `${tools.url}/failing`, retries: 1 });
    const agent = (
      await createAgent(test, {
        name: 'Loop',
        tools: [failing('first'), failing('second')],
        workflow: {
          start: 'ask',
          nodes: {
            ask: { type: 'ask', text: 'Go?', save_as: 'go', next: 'first' },
            first: { type: 'tool', tool: 'first', next: 'done', on_error: 'second' },
            second: { type: 'tool', tool: 'second', next: 'done', on_error: 'first' },
            done: { type: 'end', text: 'Done.' },
          },
        },
      })
    ).id;
    const run = await readJson(await test.call('POST', `/workflow/${agent}/text-chat/sessions`, {}), runSchema, 201);
    const say = async () => readJson(await test.call('POST', `/workflow/${agent}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: 'go' }), assistantReplySchema, 200);
    expect((await say()).content).toBe(TURN_FAILED_TEXT);
    expect(tools.calls).toHaveLength(10);
    expect((await say()).content).toBe(TURN_FAILED_TEXT);
    expect(tools.calls).toHaveLength(20);
  });

  it('shares one budget of 10 requests between the agents a message hands off to', async () => {
    const test = await app({ tools: { allowPrivate: true } });
    const failing = (name: string) => ({ name, server_url: `${tools.url}/failing`, retries: 1 });
    const second = (
      await createAgent(test, {
        name: 'Second',
        tools: [failing('b1'), failing('b2')],
        workflow: {
          start: 'b1',
          nodes: {
            b1: { type: 'tool', tool: 'b1', next: 'done', on_error: 'b2' },
            b2: { type: 'tool', tool: 'b2', next: 'done', on_error: 'b1' },
            done: { type: 'end', text: 'Done.' },
          },
        },
      })
    ).id;
    const first = (
      await createAgent(test, {
        name: 'First',
        tools: [failing('a')],
        workflow: {
          start: 'ask',
          nodes: {
            ask: { type: 'ask', text: 'Go?', save_as: 'go', next: 'a' },
            a: { type: 'tool', tool: 'a', next: 'away', on_error: 'away' },
            away: { type: 'transfer', destination: second },
          },
        },
      })
    ).id;
    const run = await readJson(await test.call('POST', `/workflow/${first}/text-chat/sessions`, {}), runSchema, 201);
    const reply = await readJson(await test.call('POST', `/workflow/${first}/text-chat/sessions/${run.workflow_run_id}/messages`, { content: 'go' }), assistantReplySchema, 200);
    expect(reply.content).toBe(TURN_FAILED_TEXT);
    // The first agent's 2 (a call and its retry) and the second agent's opening: 10 in all, not 2 + 10.
    expect(tools.calls).toHaveLength(10);
  });

  it('runs the demo claims agent’s policy lookup in-process, with loopback refused, wherever the server listens', async () => {
    // No own origin at all: the demo tools are named by their path, not by a server address.
    const test = await app({ tools: { allowPrivate: false, ownOrigins: () => [] } });
    const [claims] = (await importDemoAgents({ agentService: test.app.agentService, workspaceId: test.workspaceId })).filter((a) => /claims/i.test(a.config.name));
    expect(claims?.config.tools[0]?.server_url).toBe('/demo/api/policies');
    const sessions = `/workflow/${claims?.publicId}/text-chat/sessions`;
    const run = await readJson(await test.call('POST', sessions, {}), runSchema, 201);
    const reply = await readJson(await test.call('POST', `${sessions}/${run.workflow_run_id}/messages`, { content: '123456' }), assistantReplySchema, 200);
    expect(reply.content).toBe('Thanks, Ada Lovelace. What happened?');
  });
});
