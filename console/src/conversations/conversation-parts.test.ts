import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallResponse, LatencyTurn } from '../../../shared/api/calls-api.ts';
import { callListQuery } from '../api/calls-client.ts';
import type { FetchLike } from '../api/http-client.ts';
import { fakeConsoleContext } from '../app/fake-console-context.ts';
import type { Role } from '../api/auth-session.ts';
import { editableTest, readTestJson } from '../test-editor/test-json-page.ts';
import './conversation-page.ts';
import type { ConversationPage } from './conversation-page.ts';
import { waterfallRows } from './waterfall.ts';

const turn = (t: number, figures: Partial<LatencyTurn>): LatencyTurn => ({
  turn: t, message_index: t * 2, ts: '', llm_ttfb_ms: null, llm_total_ms: null, tool_ms: null, server_ms: null, llm: null, ...figures,
});

describe('the latency waterfall', () => {
  it('lays each turn’s LLM, tool and server time end to end on the scale of the slowest turn', () => {
    const [slow, fast] = waterfallRows([turn(1, { llm_ttfb_ms: 100, llm_total_ms: 300, tool_ms: 100, server_ms: 100 }), turn(2, { server_ms: 50 })]);
    expect(slow?.totalMs).toBe(500);
    expect(slow?.segments).toEqual([
      { kind: 'llm', ms: 300, start: 0, width: 60 },
      { kind: 'tool', ms: 100, start: 60, width: 20 },
      { kind: 'server', ms: 100, start: 80, width: 20 },
    ]);
    expect(slow?.ttfbAt).toBe(20);
    expect(slow?.label).toBe('Turn 1: LLM 300 ms (first byte 100 ms), tools 100 ms, server 100 ms; 500 ms in all');
    expect(fast?.segments).toEqual([{ kind: 'server', ms: 50, start: 0, width: 10 }]);
    expect(fast?.ttfbAt).toBeNull();
  });

  it('draws turns without figures as empty, never dividing by zero', () => {
    expect(waterfallRows([turn(0, {})])).toEqual([{ turn: 0, messageIndex: 0, totalMs: 0, segments: [], ttfbAt: null, label: 'Turn 0: no figures; 0 ms in all' }]);
  });
});

describe('the conversation list query', () => {
  it('sends only the filters that are set, with the page size and the cursor', () => {
    expect(callListQuery({ agent_id: 'agent_1a2b3c4d', q: ' refund & more ', status: '', channel: undefined }, 'call_00000007')).toBe(
      '?agent_id=agent_1a2b3c4d&q=refund+%26+more&limit=25&after=call_00000007',
    );
    expect(callListQuery({}, null, 5)).toBe('?limit=5');
  });
});

describe('the test JSON', () => {
  it('offers exactly what the update takes, and reads back only a JSON object', () => {
    const config = { scenario: 's', max_turns: 5, initial_chat_history: [], data_assertions: {}, success_criteria: 'c' };
    const test = {
      id: 'test_1', agent_id: 'agent_1', name: 'Replay', description: 'd', type: 'simulation' as const, config, variables: { a: 1 },
      folder_id: null, tool_mock_config: null, repeat: 1, pass_threshold: 1, start_from: null, attached_agent_ids: [], last_run: null, created_at: '', updated_at: '',
    };
    expect(editableTest(test)).toEqual({ name: 'Replay', description: 'd', type: 'simulation', config, variables: { a: 1 }, repeat: 1 });
    expect(readTestJson('{"name":"x"}')).toEqual({ name: 'x' });
    expect(readTestJson('[1]')).toBe('The test must be a JSON object.');
    expect(readTestJson('{nope')).toMatch(/^Not JSON: /);
  });
});

const call: CallResponse = {
  call_id: 'call_00000007', workflow_run_id: 7, agent_id: 'agent_1a2b3c4d', channel: 'widget', status: 'completed', ended_reason: 'agent-hangup', visitor: null,
  transfer_destination: null, duration_seconds: 42, turn_count: 1, tool_call_count: 1, tools_called: ['get_policy'], metadata: { page: '/claims' },
  extracted_data: { policy_number: '123456' }, model: 'gpt-4o-mini', prompt_tokens: 120, completion_tokens: 30, total_tokens: 150, total_cost: 0.0012,
  started_at: '2026-05-01T10:00:00Z', ended_at: '2026-05-01T10:00:42Z',
};
const detail = {
  ...call,
  transcript: [
    { type: 'message', index: 0, role: 'assistant', author: 'agent', content: 'Your policy number?', timestamp: '' },
    { type: 'message', index: 1, role: 'user', author: 'user', content: '123456', timestamp: '' },
    { type: 'tool_call', message_index: 2, name: 'get_policy', kind: 'tool', arguments: { id: '123456' }, result: { holder: 'Ada' }, duration_ms: 12, timestamp: '' },
    { type: 'message', index: 2, role: 'assistant', author: 'agent', content: 'Thanks, Ada.', timestamp: '', feedback: { rating: 'up' } },
  ],
  latency_data: { turns: [turn(0, { server_ms: 3 }), turn(1, { tool_ms: 12, server_ms: 5 })] },
};

/** The page over a fake server, signed in as `role`; records requests and navigation. */
function mountPage(role: Role) {
  const requests: string[] = [];
  const navigated: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    if (url === '/v1/calls/call_00000007') return Response.json(detail);
    if (url === '/v1/calls/call_00000007/branches') return Response.json({ call_id: call.call_id, branches: [] });
    if (url === '/v1/calls/call_00000007/webhooks') return Response.json({ call_id: call.call_id, deliveries: [] });
    if (url === '/v1/calls/call_00000007/test') {
      return Response.json({ id: 'test_01ABC', agent_id: call.agent_id, name: 'Replay of call_00000007', description: '', type: 'simulation', config: { scenario: 's', success_criteria: 'c' }, variables: {}, folder_id: null, tool_mock_config: null, repeat: 1, pass_threshold: 1, start_from: null, attached_agent_ids: [call.agent_id], last_run: null, created_at: '', updated_at: '' }, { status: 201 });
    }
    return Response.json({ error: { code: 'not_found', message: 'Not found' } }, { status: 404 });
  };
  const ctx = fakeConsoleContext(role, fetch, { navigate: (path) => navigated.push(path) });
  const page = document.createElement('pc-conversation-page') as ConversationPage;
  Object.assign(page, { ctx, route: { name: 'conversation', callId: call.call_id } });
  document.body.append(page);
  return { page, requests, navigated, root: () => page.shadowRoot };
}

afterEach(() => document.body.replaceChildren());

describe('<pc-conversation-page>', () => {
  it('shows the transcript with the tool call in place, the facts and a bar per turn', async () => {
    const { root } = mountPage('builder');
    await vi.waitFor(() => expect(root()?.querySelector('ol.transcript')).not.toBeNull());
    const items = [...(root()?.querySelectorAll('ol.transcript > li') ?? [])].map((li) => li.className.trim());
    expect(items).toEqual(['message assistant', 'message user', 'tool', 'message assistant']);
    expect(root()?.querySelector('.tool')?.textContent).toContain('"holder": "Ada"');
    expect(root()?.querySelector('.facts')?.textContent).toMatch(/120 in, 30 out.*\$0\.0012.*1 up, 0 down/s);
    const waterfall = root()?.querySelector('pc-waterfall')?.shadowRoot;
    await vi.waitFor(() => expect(waterfall?.querySelectorAll('svg[role="img"]').length).toBe(2));
    expect(waterfall?.querySelector('svg[role="img"]')?.getAttribute('aria-label')).toBe('Turn 0: server 3 ms; 3 ms in all');
  });

  it('offers Create test to a builder, which creates the test from the call and opens its JSON', async () => {
    const { root, requests, navigated } = mountPage('builder');
    await vi.waitFor(() => expect(root()?.querySelector('button.primary')?.textContent).toBe('Create test'));
    const exports = [...(root()?.querySelectorAll('a.button') ?? [])].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(exports).toEqual([['Export JSON', '/v1/calls/call_00000007/export?format=json'], ['Export CSV', '/v1/calls/call_00000007/export?format=csv']]);
    root()?.querySelector<HTMLButtonElement>('button.primary')?.click();
    await vi.waitFor(() => expect(navigated).toEqual(['/console/tests/test_01ABC/json']));
    expect(requests).toContain('POST /v1/calls/call_00000007/test');
    // Webhook deliveries are an admin's: a builder's page does not ask for them.
    expect(requests).not.toContain('GET /v1/calls/call_00000007/webhooks');
  });

  it('shows an operator no Create test and no debug link, since the server would refuse them', async () => {
    const { root } = mountPage('operator');
    await vi.waitFor(() => expect(root()?.querySelector('ol.transcript')).not.toBeNull());
    const buttons = [...(root()?.querySelectorAll('button') ?? [])].map((b) => b.textContent?.trim());
    expect(buttons).not.toContain('Create test');
    expect(buttons).not.toContain('Debug link');
  });
});
