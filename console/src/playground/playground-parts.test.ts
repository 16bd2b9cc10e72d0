import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/api/text-chat-api.ts';
import { branchTree, ownerOf } from './branches.ts';
import { testFromBranch } from './test-from-branch.ts';
import { diffVariables, TurnDetailsStore } from './turn-details.ts';

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

describe('turn details', () => {
  const call = (extracted: Record<string, unknown>, toolAt: number) => ({
    transcript: [{ type: 'tool_call' as const, message_index: toolAt, name: 'get_policy', kind: 'tool' as const, arguments: { id: '1' }, result: { ok: true }, duration_ms: 3, timestamp: '' }],
    latency_data: { turns: [{ turn: 1, message_index: toolAt, ts: '', llm_ttfb_ms: null, llm_total_ms: null, tool_ms: 3, server_ms: 5 }] },
    extracted_data: extracted,
  });

  it('keeps the variables and tool calls of a message where every branch sharing it finds them', () => {
    const store = new TurnDetailsStore();
    store.absorb(call({ policy: 1 }, 2) as never, branches.slice(0, 1), 'b1', 2);
    store.absorb(call({ policy: 1, claim: 'car' }, 2) as never, branches.slice(0, 1), 'b1', 4);
    expect(store.get(branches, 'b3', 2)?.variables).toEqual({ policy: 1 });
    expect(store.get(branches, 'b3', 2)?.toolCalls.map((c) => c.name)).toEqual(['get_policy']);
    expect(store.get(branches, 'b1', 4)?.variables).toEqual({ policy: 1, claim: 'car' });
    expect(store.get(branches, 'b3', 4)).toBeUndefined();
  });

  it('says what changed between two sets of variables, into nested objects', () => {
    expect(diffVariables({ a: 1, gone: true, p: { x: 1, y: 2 } }, { a: 2, p: { x: 1, y: 3 }, fresh: 'n' })).toEqual([
      { path: 'a', kind: 'changed', before: 1, after: 2 },
      { path: 'gone', kind: 'removed', before: true },
      { path: 'p.y', kind: 'changed', before: 2, after: 3 },
      { path: 'fresh', kind: 'added', after: 'n' },
    ]);
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
