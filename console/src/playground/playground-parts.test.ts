import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/api/text-chat-api.ts';
import { branchTree, ownerOf } from './branches.ts';
import { testFromBranch } from './test-from-branch.ts';
import { render } from 'lit';
import type { MessageTurn, RunMessage, RunResponse } from '../../../shared/api/text-chat-api.ts';
import { messageActions } from './message-actions.ts';
import { messageView } from './message-view.ts';
import { stateView } from './state-view.ts';
import { diffVariables } from './variable-diff.ts';

const branch = (id: string, parent_id: string | null, fork_index: number | null) => ({ id, parent_id, fork_index, message_count: 5, created_at: '', current: false });
/** Two rewinds to message 2: b2 forks from b1, b3 from b2. */
const branches = [branch('b1', null, null), branch('b2', 'b1', 2), branch('b3', 'b2', 2)];

describe('branches', () => {
  it('draws the rewinds as a tree of fork points', () => {
    const tree = branchTree(branches);
    expect(tree.map((n) => n.branch.id)).toEqual(['b1']);
    expect(tree[0]?.children.map((n) => n.branch.id)).toEqual(['b2']);
    expect(tree[0]?.children[0]?.children.map((n) => n.branch.id)).toEqual(['b3']);
  });

  it('finds which branch holds a message: the shared part belongs to the oldest', () => {
    expect(ownerOf(branches, 'b3', 0)).toBe('b1');
    expect(ownerOf(branches, 'b3', 2)).toBe('b1');
    expect(ownerOf(branches, 'b3', 3)).toBe('b3');
    expect(ownerOf(branches, 'b2', 4)).toBe('b2');
  });
});

describe('turn and state of each message', () => {
  const turn = (node: string, extra: Partial<MessageTurn> = {}): MessageTurn => ({
    node,
    llm: 'ok',
    latency: { llm_ttfb_ms: 300, llm_total_ms: 1200, tool_ms: 40, server_ms: 5 },
    usage: { prompt_tokens: 120, completion_tokens: 30 },
    tool_calls: [],
    ...extra,
  });
  const agentMessage = (index: number, node: string, variables: Record<string, unknown>, extra: Partial<RunMessage> = {}): RunMessage => ({
    index,
    role: 'assistant',
    author: 'agent',
    content: `reply ${index}`,
    timestamp: '',
    turn: turn(node),
    state: { node, variables },
    ...extra,
  });
  const userMessage = (index: number): RunMessage => ({ index, role: 'user', author: 'user', content: `said ${index}`, timestamp: '' });
  const run = (branch_id: string, messages: RunMessage[], current = 'b2'): RunResponse => ({
    workflow_run_id: 1,
    call_id: 'call_00000001',
    agent_id: 'agent_00000001',
    channel: 'test',
    status: 'active',
    ended_reason: null,
    revision: 3,
    branch_id,
    messages,
    branches: [branch('b1', null, null), branch('b2', 'b1', 2)].map((b) => ({ ...b, current: b.id === current })),
    created_at: '',
    expires_at: null,
  });
  const mount = (template: unknown) => {
    const host = document.createElement('div');
    render(template, host);
    return host;
  };

  it("shows an agent message's node, tool calls with arguments and results, latency and tokens", () => {
    const call = { name: 'get_policy', kind: 'tool' as const, arguments: { id: '123456' }, result: { holder: 'Ada' }, duration_ms: 40 };
    const host = mount(messageView(agentMessage(2, 'claim_type', {}, { turn: turn('claim_type', { tool_calls: [call] }) })));
    expect(host.querySelector('.badge.node')?.textContent).toBe('claim_type');
    expect(host.querySelector('.meta')?.textContent).toContain('LLM 1.2 s (first token 300 ms) · tools 40 ms · server 5 ms · 120 + 30 tokens');
    expect(host.querySelector('.tools summary')?.textContent).toContain('1 tool call: get_policy');
    expect(host.querySelector('.tools')?.textContent).toContain('"id": "123456"');
    expect(host.querySelector('.tools')?.textContent).toContain('"holder": "Ada"');
  });

  it('shows the node and variables after each message and what changed since the one before', () => {
    const shown = run('b1', [agentMessage(0, 'policy', { channel: 'console' }), userMessage(1), agentMessage(2, 'claim_type', { channel: 'console', policy_number: '123456' })]);
    const host = mount(stateView(shown));
    const rows = [...host.querySelectorAll('.state-row')];
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['State after message 0', 'State after message 2']);
    expect(rows[0]?.querySelector('h4')?.textContent).toContain('node policy');
    expect(rows[0]?.querySelector('.changes')?.textContent).toContain('channel set to "console"');
    expect(rows[1]?.querySelector('.node-change')?.textContent).toContain('node policy → claim_type');
    expect(rows[1]?.querySelector('.changes')?.textContent).toContain('policy_number set to "123456"');
    expect(rows[1]?.querySelector('.changes')?.textContent).not.toContain('channel');
  });

  it('says what changed between two sets of variables, into nested objects', () => {
    expect(diffVariables({ a: 1, gone: true, p: { x: 1, y: 2 } }, { a: 2, p: { x: 1, y: 3 }, fresh: 'n' })).toEqual([
      { path: 'a', kind: 'changed', before: 1, after: 2 },
      { path: 'gone', kind: 'removed', before: true },
      { path: 'p.y', kind: 'changed', before: 2, after: 3 },
      { path: 'fresh', kind: 'added', after: 'n' },
    ]);
  });

  it('offers "Rewind here" on the current branch and "Continue from here" on a message only another branch holds', () => {
    // b2 forked from b1 after message 2: messages 0–2 are shared, b1's 4 is its own.
    const b1 = run('b1', [agentMessage(0, 'a', {}), userMessage(1), agentMessage(2, 'b', {}), userMessage(3), agentMessage(4, 'c', {})]);
    const current = run('b2', [agentMessage(0, 'a', {}), userMessage(1), agentMessage(2, 'b', {}), userMessage(3), agentMessage(4, 'd', {})]);
    const calls: unknown[][] = [];
    const session = { rewind: async (...args: unknown[]) => void calls.push(args) };
    const reading = messageActions(current, b1);
    expect(Object.keys(reading(b1.messages[0] as RunMessage, session))).toEqual(['rewind']);
    const own = reading(b1.messages[4] as RunMessage, session);
    expect(Object.keys(own)).toEqual(['continueFrom']);
    own.continueFrom?.();
    expect(calls).toEqual([[4, 'b1']]);
    // On the current branch its last message is where the conversation is: nothing to offer.
    expect(messageActions(current, current)(current.messages[4] as RunMessage, session)).toEqual({});
    const operator = agentMessage(2, 'b', {}, { author: 'operator', state: undefined });
    expect(reading(operator, session)).toEqual({});
    const host = mount(messageView(b1.messages[4] as RunMessage, own));
    expect([...host.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Continue from here']);
  });
});

describe('save as test', () => {
  const m = (index: number, role: 'user' | 'assistant', content: string): ChatMessage => ({ index, role, author: role === 'user' ? 'user' : 'agent', content, timestamp: '' });
  const messages = [m(0, 'assistant', 'Policy number?'), m(1, 'user', '123456'), m(2, 'assistant', 'What happened?'), m(3, 'user', 'Travel'), m(4, 'assistant', 'When?')];

  it('replays the branch up to its last visitor message and judges the reply on screen', () => {
    const body = testFromBranch(messages, 4, { name: 'Travel', type: 'reply', successCriteria: 'Asks for the date' }, { variables: { channel: 'console' }, firstMessage: 'Hello' });
    expect(body).toMatchObject({
      name: 'Travel',
      type: 'reply',
      variables: { channel: 'console' },
      config: {
        context: { initial_chat_history: [{ role: 'assistant', content: 'Policy number?' }, { role: 'user', content: '123456' }, { role: 'assistant', content: 'What happened?' }], message: 'Travel' },
        success_criteria: 'Asks for the date',
        success_examples: ['When?'],
        first_message_override: 'Hello',
      },
    });
  });

  it('refuses what cannot be a test, saying why', () => {
    expect(testFromBranch(messages.slice(0, 1), 0, { name: 'x', type: 'reply', successCriteria: 'ok' }, { variables: {} })).toMatch(/needs a visitor message/);
    expect(testFromBranch(messages, 4, { name: 'x', type: 'reply', successCriteria: ' ' }, { variables: {} })).toBe('Say what the agent must do to pass.');
    expect(testFromBranch(messages, 4, { name: 'x', type: 'simulation', successCriteria: 'ok' }, { variables: {} })).toMatch(/Describe who/);
  });
});
