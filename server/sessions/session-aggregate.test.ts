import { describe, expect, it } from 'vitest';
import type { TurnOutcome } from '../runtime/types.ts';
import type { MessageRecord } from '../storage/session-records.ts';
import { applySessionEvent, blankSession, type SessionEvent, type SessionState } from './session-aggregate.ts';

const time = { now: Date.parse('2026-04-01T10:00:00.000Z'), idleMs: 60_000 };
const later = '2026-04-01T10:01:00.000Z';
const at = '2026-04-01T10:00:00.000Z';

const active: SessionState = { ...blankSession('widget'), snapshot: { stored: true }, promptTokens: 10, completionTokens: 5, toolCallCount: 1 };
const transferredToHuman: SessionState = { ...active, status: 'transferred', transferDestination: 'human' };
const hungUp: SessionState = { ...active, status: 'ended', endedReason: 'agent-hangup' };

function outcome(over: Partial<TurnOutcome> = {}): TurnOutcome {
  return {
    snapshot: { after: over.node ?? 'ask' },
    reply: { content: 'Hello.' },
    state: 'waiting',
    node: 'ask',
    variables: { name: 'Ada' },
    llm: 'ok',
    latency: { llm_ttfb_ms: 100, llm_total_ms: 300, tool_ms: null },
    usage: { prompt_tokens: 1000, completion_tokens: 50 },
    toolCalls: [],
    ...over,
  };
}

function snapshotAt(node: string, variables: Record<string, unknown>) {
  return {
    status: 'active',
    value: node,
    context: { variables, history: [], outbox: [], node, retries: 0, llmTurns: 0, steps: 0, firstMessage: null, lastUserText: '' },
  };
}

function message(index: number, over: Partial<MessageRecord> = {}): MessageRecord {
  return {
    id: 100 + index,
    branchId: 'b1',
    index,
    role: index % 2 === 0 ? 'assistant' : 'user',
    author: index % 2 === 0 ? 'agent' : 'user',
    content: `m${index}`,
    choices: null,
    rewindable: index % 2 === 0,
    turn: null,
    feedback: null,
    createdAt: at,
    agent: { id: 1, version: 1 },
    ...over,
  };
}
const transcript = [message(0), message(1), message(2, { agent: { id: 2, version: 3 } }), message(3), message(4)];

const orders = { id: 7, version: 2 };

const cases: [string, SessionState, SessionEvent, Record<string, unknown>][] = [
  [
    'a turn that waits for the user keeps the session active, stores the outcome and adds its usage to the totals',
    active,
    { type: 'turn-completed', text: 'hi', outcome: outcome(), elapsedMs: 400 },
    {
      status: 'active',
      node: 'ask',
      variables: { name: 'Ada' },
      snapshot: { after: 'ask' },
      usage: { promptTokens: 1010, completionTokens: 55, toolCalls: 1 },
      expiresAt: later,
      messages: [
        { role: 'user', author: 'user', content: 'hi' },
        expect.objectContaining({ role: 'assistant', author: 'agent', content: 'Hello.', snapshot: { after: 'ask' }, turn: expect.objectContaining({ node: 'ask', latency: expect.objectContaining({ server_ms: 100 }) }) }),
      ],
    },
  ],
  [
    'a turn that ends the conversation ends the session as the agent hanging up, with no expiry',
    active,
    { type: 'turn-completed', text: 'bye', outcome: outcome({ state: 'ended', node: 'bye' }), elapsedMs: 0 },
    { status: 'ended', endedReason: 'agent-hangup', endedAt: at, expiresAt: null, node: 'bye' },
  ],
  [
    'a turn that transfers to a destination no agent takes leaves the session transferred there',
    active,
    { type: 'turn-completed', text: 'help', outcome: outcome({ state: 'transferred', transfer: { destination: 'sales' } }), elapsedMs: 0 },
    { status: 'transferred', transferDestination: 'sales', expiresAt: later },
  ],
  [
    'a hand-off turn keeps the session active under the last agent, joins the replies and counts every outcome\'s usage',
    active,
    {
      type: 'turn-completed',
      text: 'orders',
      outcome: outcome({ state: 'transferred', transfer: { destination: 'orders' }, reply: { content: 'Passing you on.' } }),
      handOff: { agent: orders, openings: [outcome({ usage: { prompt_tokens: 20, completion_tokens: 2 }, reply: { content: 'Orders here.', choices: ['a', 'b'] }, node: 'order', variables: { order: null } })] },
      elapsedMs: 0,
    },
    {
      status: 'active',
      transferDestination: null,
      agent: orders,
      node: 'order',
      variables: { order: null },
      usage: { promptTokens: 1030, completionTokens: 57, toolCalls: 1 },
      messages: [expect.anything(), expect.objectContaining({ content: 'Passing you on.\n\nOrders here.', choices: ['a', 'b'], snapshot: { after: 'order' } })],
    },
  ],
  [
    'a failed turn keeps the user message and answers with an apology from where the machine was',
    active,
    { type: 'turn-failed', text: 'hi', reply: 'Sorry.', error: 'llm_down', elapsedMs: 12.4 },
    {
      status: 'active',
      expiresAt: later,
      messages: [
        { role: 'user', author: 'user', content: 'hi' },
        { role: 'assistant', author: 'agent', content: 'Sorry.', snapshot: { stored: true }, turn: { error: 'llm_down', llm: 'error', latency: { server_ms: 12 } } },
      ],
    },
  ],
  [
    'a hand-off through the API runs the session under the destination agent with its opening',
    active,
    { type: 'handed-off', agent: orders, opening: outcome({ node: 'order' }), elapsedMs: 0 },
    { status: 'active', agent: orders, node: 'order', usage: { promptTokens: 1010, completionTokens: 55, toolCalls: 1 } },
  ],
  ['a transfer to a human through the API transfers the session there', active, { type: 'transferred-to-human' }, { status: 'transferred', transferDestination: 'human', expiresAt: later }],
  [
    'a rewind takes variables, node and agent from the state stored with the message, on a new branch',
    active,
    { type: 'rewound', messageIndex: 2, transcript, snapshot: snapshotAt('order', { topic: 'orders' }) },
    {
      status: 'active',
      variables: { topic: 'orders' },
      node: 'order',
      agent: { id: 2, version: 3 },
      snapshot: snapshotAt('order', { topic: 'orders' }),
      fork: { branchId: 'b2', parentId: 'b1', index: 2 },
      endedAt: null,
    },
  ],
  [
    'a rewind of a session the agent hung up on makes it active again',
    hungUp,
    { type: 'rewound', messageIndex: 0, transcript, snapshot: snapshotAt('start', {}) },
    { status: 'active', endedReason: null, variables: {}, node: 'start' },
  ],
  ['an end through the API ends the session with its reason', active, { type: 'ended', reason: 'api' }, { status: 'ended', endedReason: 'api', endedAt: at, expiresAt: null }],
  ['an expiry ends a live session and expires it now', active, { type: 'expired', reason: 'api' }, { status: 'ended', endedReason: 'api', expiresAt: at }],
  ['an expiry of an ended session only expires it', hungUp, { type: 'expired', reason: 'api' }, { status: 'ended', endedReason: 'agent-hangup', expiresAt: at }],
  [
    "an operator's message is appended as the operator's",
    transferredToHuman,
    { type: 'operator-message', content: 'Hi, Sam here.' },
    { expiresAt: later, messages: [{ role: 'assistant', author: 'operator', content: 'Hi, Sam here.' }] },
  ],
  [
    "a visitor's message to a human is appended as the user's",
    transferredToHuman,
    { type: 'visitor-relayed', text: 'Hello?' },
    { expiresAt: later, messages: [{ role: 'user', author: 'user', content: 'Hello?' }] },
  ],
];

describe('the session aggregate', () => {
  it.each(cases)('%s', (_name, session, event, expected) => {
    expect(applySessionEvent(session, event, time)).toMatchObject(expected);
  });

  it('a new session opened by a start node that hands off starts active under the destination, with both openings counted', () => {
    const change = applySessionEvent(
      blankSession('api'),
      { type: 'opened', outcome: outcome({ state: 'transferred', transfer: { destination: 'orders' }, reply: { content: '' } }), handOff: { agent: orders, openings: [outcome({ reply: { content: 'Orders here.' } })] }, elapsedMs: 0 },
      time,
    );
    expect(change).toMatchObject({ status: 'active', agent: orders, usage: { promptTokens: 2000, completionTokens: 100, toolCalls: 0 } });
    expect(change.messages).toEqual([expect.objectContaining({ role: 'assistant', content: 'Orders here.' })]);
  });

  it.each<[string, SessionState, SessionEvent, RegExp]>([
    ['a turn on an ended session', hungUp, { type: 'turn-completed', text: 'hi', outcome: outcome(), elapsedMs: 0 }, /Cannot send a message to a session that is ended/],
    ['a hand-off of a transferred session', transferredToHuman, { type: 'handed-off', agent: orders, opening: outcome(), elapsedMs: 0 }, /Cannot hand off/],
    ['a rewind of a transferred session', transferredToHuman, { type: 'rewound', messageIndex: 0, transcript, snapshot: snapshotAt('start', {}) }, /Cannot rewind/],
    ['a rewind to a user message', active, { type: 'rewound', messageIndex: 1, transcript, snapshot: null }, /not an assistant message/],
    ['a rewind to the latest message', active, { type: 'rewound', messageIndex: 4, transcript, snapshot: snapshotAt('x', {}) }, /already the latest message/],
    ['a rewind to an operator message', active, { type: 'rewound', messageIndex: 2, transcript: [message(0), message(1), message(2, { author: 'operator', rewindable: false }), message(3)], snapshot: null }, /operator message/],
    ['a second end', { ...active, status: 'ended', endedReason: 'api' }, { type: 'ended', reason: 'timeout' }, /Cannot end/],
  ])('refuses %s', (_name, session, event, error) => {
    expect(() => applySessionEvent(session, event, time)).toThrow(error);
  });
});
