/**
 * The session aggregate: the one place a session's state changes. `applySessionEvent`
 * folds what happened (a turn, a rewind, an end, a hand-off, a relayed message) into the
 * change the repository stores — pure, no I/O, so every path records the same thing.
 * Status comes only from the lifecycle machine; variables, node, usage, agent, expiry and
 * messages come from the workflow's outcomes or from a stored snapshot.
 */
import type { EndedReason } from '../../shared/api/text-chat-api.ts';
import { badRequest } from '../errors.ts';
import type { SourceRecord, TurnOutcome } from '../runtime/types.ts';
import { persistedSnapshotSchema } from '../runtime/workflow-context.ts';
import { WorkflowRuntimeError } from '../runtime/workflow-errors.ts';
import { REPLY_SEPARATOR } from '../runtime/outbox.ts';
import type { MessageRecord, NewMessage, SessionRecord } from '../storage/session-records.ts';
import type { SessionChange } from '../storage/sessions-repo.ts';
import { nextLifecycle, type LifecycleEvent, type LifecycleState } from './session-lifecycle.ts';

/** The agent (and published version) a session runs after a hand-off. */
export interface AgentRef {
  id: number;
  version: number;
}

/** Agents that took the conversation over during a turn: the last one runs the session from now on. */
export interface HandOffChain {
  agent: AgentRef;
  /** Each destination agent's opening, in order. */
  openings: TurnOutcome[];
}

export type SessionEvent =
  /** A new session's opening (and the openings of the agents its start node handed off to). */
  | { type: 'opened'; outcome: TurnOutcome; handOff?: HandOffChain | undefined; elapsedMs: number }
  /**
   * A test session that starts where another conversation was (#18): its transcript up to
   * an assistant message and the snapshot stored with that message, restored as they were.
   */
  | { type: 'seeded'; snapshot: unknown; transcript: readonly { role: 'user' | 'assistant'; content: string }[] }
  /** A user's message answered by the workflow; `handOff` when the turn passed the conversation on. */
  | { type: 'turn-completed'; text: string; outcome: TurnOutcome; handOff?: HandOffChain | undefined; elapsedMs: number }
  /** The turn failed or was interrupted: the user's message is kept and answered with `reply`; nothing else moves. */
  | { type: 'turn-failed'; text: string; reply: string; error: string; elapsedMs: number }
  /** The calls API handed the session to another agent, which opened with `opening`. */
  | { type: 'handed-off'; agent: AgentRef; opening: TurnOutcome; elapsedMs: number }
  /** The calls API handed the session to a human. */
  | { type: 'transferred-to-human' }
  /** Back to the state stored with an assistant message of the current branch. */
  /** Back to message `messageIndex` of branch `branchId` (the current one when absent), whose `transcript` this is; a new branch forks there. */
  | { type: 'rewound'; messageIndex: number; branchId?: string | undefined; transcript: readonly MessageRecord[]; snapshot: unknown }
  | { type: 'ended'; reason: EndedReason }
  /** The caller is done with the session: ended if still live, and expired now. */
  | { type: 'expired'; reason: EndedReason }
  /** An operator's reply while a human has the conversation; `authorName` is what the visitor sees. */
  | { type: 'operator-message'; content: string; authorName?: string | undefined }
  /** An operator gave the conversation back to the workflow, which went on from the node they picked. */
  | { type: 'handed-back'; outcome: TurnOutcome; elapsedMs: number }
  /** A visitor's message passed on to the human who has the conversation. */
  | { type: 'visitor-relayed'; text: string };

/** What the aggregate reads of a session. */
export type SessionState = Pick<
  SessionRecord,
  'status' | 'endedReason' | 'transferDestination' | 'snapshot' | 'channel' | 'currentBranch' | 'branchCount' | 'promptTokens' | 'completionTokens' | 'toolCallCount'
>;

/** The time of the change and how long the session may then stay idle. */
export interface ChangeTime {
  now: number;
  idleMs: number;
}

/** The state a session starts from, before its opening is applied. */
export function blankSession(channel: SessionRecord['channel']): SessionState {
  return {
    status: 'active',
    endedReason: null,
    transferDestination: null,
    snapshot: null,
    channel,
    currentBranch: 'b1',
    branchCount: 1,
    promptTokens: 0,
    completionTokens: 0,
    toolCallCount: 0,
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The lifecycle part of a change: status, reason and destination, and when it ended. */
function lifecycleChange(before: LifecycleState, after: LifecycleState, time: ChangeTime): SessionChange {
  return {
    status: after.status,
    endedReason: after.endedReason,
    transferDestination: after.transferDestination,
    ...(after.status === 'ended' && before.status !== 'ended' ? { endedAt: iso(time.now) } : {}),
    expiresAt: after.status === 'ended' ? null : iso(time.now + time.idleMs),
  };
}

function lifecycleOf(session: SessionState): LifecycleState {
  return { status: session.status, endedReason: session.endedReason, transferDestination: session.transferDestination };
}

/** Where an outcome left the conversation, as a lifecycle event (none while it waits for the user). */
function restingEvent(outcome: TurnOutcome): LifecycleEvent | undefined {
  if (outcome.state === 'ended') return { type: 'END', reason: 'agent-hangup' };
  if (outcome.state === 'transferred') return { type: 'TRANSFER', destination: outcome.transfer?.destination ?? 'human' };
  return undefined;
}

/** The server's own share of a turn's `elapsedMs`: LLM and tool time taken out. */
export function serverMsOf(outcome: TurnOutcome, elapsedMs: number): number {
  return Math.max(0, elapsedMs - (outcome.latency.llm_total_ms ?? 0) - (outcome.latency.tool_ms ?? 0));
}

/**
 * The figures a turn stores beside its assistant message, for the calls API. `server_ms`
 * is the server's own share of `elapsedMs`: LLM and tool time taken out.
 */
export function turnFigures(outcome: TurnOutcome, elapsedMs: number): Record<string, unknown> {
  return {
    node: outcome.node,
    llm: outcome.llm,
    latency: { ...outcome.latency, server_ms: Math.round(serverMsOf(outcome, elapsedMs)) },
    usage: outcome.usage,
    tool_calls: outcome.toolCalls,
    ...(outcome.path === undefined ? {} : { path: outcome.path }),
    ...(outcome.llmCalls === undefined || outcome.llmCalls.length === 0 ? {} : { llm_calls: outcome.llmCalls }),
    ...(outcome.answer === undefined ? {} : { answer: outcome.answer }),
  };
}

/**
 * Settle a run of outcomes — the workflow's own, then each hand-off opening — into one
 * change: every outcome's usage counts, the last one's state is the session's, and its
 * text joins the others' in ONE assistant message.
 */
function settle(
  session: SessionState,
  first: LifecycleEvent | undefined,
  outcomes: readonly [TurnOutcome, ...TurnOutcome[]],
  agent: AgentRef | undefined,
  elapsedMs: number,
  time: ChangeTime,
): SessionChange & { messages: NewMessage[] } {
  const before = lifecycleOf(session);
  let lifecycle = first ? nextLifecycle(before, first) : before;
  for (let hop = 1; hop < outcomes.length; hop++) lifecycle = nextLifecycle(lifecycle, { type: 'HAND_OFF' });
  const last = outcomes[outcomes.length - 1] ?? outcomes[0];
  const rest = restingEvent(last);
  if (rest) lifecycle = nextLifecycle(lifecycle, rest);
  const content = outcomes.map((o) => o.reply.content).filter(Boolean).join(REPLY_SEPARATOR);
  return {
    ...lifecycleChange(before, lifecycle, time),
    snapshot: last.snapshot,
    node: last.node,
    variables: last.variables,
    usage: {
      promptTokens: session.promptTokens + sum(outcomes, (o) => o.usage.prompt_tokens),
      completionTokens: session.completionTokens + sum(outcomes, (o) => o.usage.completion_tokens),
      toolCalls: session.toolCallCount + sum(outcomes, (o) => o.toolCalls.filter((call) => call.kind === 'tool').length),
    },
    ...(agent ? { agent } : {}),
    messages: [{ role: 'assistant', author: 'agent', content, choices: last.reply.choices, snapshot: last.snapshot, turn: { ...turnFigures(outcomes[0], elapsedMs), ...replyKind(last), ...sourcesOf(outcomes) } }],
  };
}

/** The sources of the turn's one message: the last grounded answer's (a hand-off's opening may be it). */
function sourcesOf(outcomes: readonly TurnOutcome[]): { sources?: SourceRecord[] } {
  const sources = outcomes.findLast((outcome) => outcome.sources !== undefined && outcome.sources.length > 0)?.sources;
  return sources ? { sources } : {};
}

/**
 * What kind of message the turn's reply is, when it is not a plain answer: a `closing`
 * (it ended the conversation or handed it to a human) or a `retry` (the node asks again).
 * Clients offer feedback on answers only (`presentMessage` reads it back as `kind`).
 */
function replyKind(last: TurnOutcome): { kind?: 'closing' | 'retry' } {
  if (last.state !== 'waiting') return { kind: 'closing' };
  return last.retrying ? { kind: 'retry' } : {};
}

const sum = <T>(items: readonly T[], of: (item: T) => number): number => items.reduce((total, item) => total + of(item), 0);

function seeded(session: SessionState, event: Extract<SessionEvent, { type: 'seeded' }>, time: ChangeTime): SessionChange {
  const parsed = persistedSnapshotSchema.safeParse(event.snapshot);
  if (!parsed.success) throw new WorkflowRuntimeError('invalid_snapshot', 'The state a test starts from is not a workflow snapshot');
  const last = event.transcript.length - 1;
  if (event.transcript[last]?.role !== 'assistant') throw new WorkflowRuntimeError('invalid_snapshot', 'The state a test starts from must follow an assistant message');
  return {
    ...lifecycleChange(lifecycleOf(session), lifecycleOf(session), time),
    snapshot: event.snapshot,
    variables: parsed.data.context.variables,
    node: parsed.data.context.node,
    // Only the last message holds the state: the earlier ones were another conversation's turns.
    messages: event.transcript.map((m, i) =>
      m.role === 'user'
        ? { role: 'user', author: 'user', content: m.content }
        : { role: 'assistant', author: 'agent', content: m.content, ...(i === last ? { snapshot: event.snapshot, turn: { seeded: true } } : {}) },
    ),
  };
}

function rewound(session: SessionState, event: Extract<SessionEvent, { type: 'rewound' }>, time: ChangeTime): SessionChange {
  const before = lifecycleOf(session);
  const lifecycle = nextLifecycle(before, { type: 'REWIND' });
  const { messageIndex, transcript } = event;
  const branchId = event.branchId ?? session.currentBranch;
  const target = transcript[messageIndex];
  const onCurrent = branchId === session.currentBranch;
  if (!target || target.role !== 'assistant') {
    const which = onCurrent ? 'the current branch' : `branch ${branchId}`;
    throw badRequest(`message_index ${messageIndex} is not an assistant message of ${which} (assistant messages are at even indexes below ${transcript.length})`, 'invalid_message_index');
  }
  if (target.author === 'operator' || !target.rewindable) throw badRequest('Cannot rewind to an operator message', 'invalid_message_index');
  // The last message of another branch is a place to continue from: the fork makes it current again.
  if (onCurrent && messageIndex === transcript.length - 1) throw badRequest('That is already the latest message: nothing to rewind', 'invalid_message_index');
  // The session's variables and node are the ones of the state it returns to, read from that state.
  const parsed = persistedSnapshotSchema.safeParse(event.snapshot);
  if (!parsed.success) throw new WorkflowRuntimeError('invalid_snapshot', `The snapshot stored with message ${messageIndex} is not a workflow snapshot`);
  return {
    ...lifecycleChange(before, lifecycle, time),
    endedAt: null,
    snapshot: event.snapshot,
    variables: parsed.data.context.variables,
    node: parsed.data.context.node,
    // The state stored with the message is its agent's: a rewind across a hand-off runs that agent again.
    ...(target.agent ? { agent: target.agent } : {}),
    fork: { branchId: `b${session.branchCount + 1}`, parentId: branchId, index: messageIndex },
  };
}

/**
 * The change `event` makes to `session`, or a domain error when the session's lifecycle
 * (or the event's own data) does not allow it.
 * @example applySessionEvent(session, { type: 'ended', reason: 'api' }, { now, idleMs })
 * // { status: 'ended', endedReason: 'api', endedAt: '…', expiresAt: null, … }
 */
export function applySessionEvent(session: SessionState, event: SessionEvent, time: ChangeTime): SessionChange {
  const idleExpiry = { expiresAt: iso(time.now + time.idleMs) };
  switch (event.type) {
    case 'opened':
      return settle(session, undefined, [event.outcome, ...(event.handOff?.openings ?? [])], event.handOff?.agent, event.elapsedMs, time);
    case 'seeded':
      return seeded(session, event, time);
    case 'turn-completed': {
      const change = settle(session, { type: 'TURN' }, [event.outcome, ...(event.handOff?.openings ?? [])], event.handOff?.agent, event.elapsedMs, time);
      return { ...change, messages: [{ role: 'user', author: 'user', content: event.text }, ...change.messages] };
    }
    case 'turn-failed': {
      const before = lifecycleOf(session);
      return {
        ...lifecycleChange(before, nextLifecycle(before, { type: 'TURN' }), time),
        // Stay where the machine was: the apology carries the state the user can go on from.
        messages: [
          { role: 'user', author: 'user', content: event.text },
          { role: 'assistant', author: 'agent', content: event.reply, snapshot: session.snapshot, turn: { error: event.error, llm: 'error', latency: { server_ms: Math.round(event.elapsedMs) } } },
        ],
      };
    }
    case 'handed-off':
      return settle(session, { type: 'HAND_OFF' }, [event.opening], event.agent, event.elapsedMs, time);
    case 'handed-back':
      return settle(session, { type: 'HAND_BACK' }, [event.outcome], undefined, event.elapsedMs, time);
    case 'transferred-to-human': {
      const before = lifecycleOf(session);
      return lifecycleChange(before, nextLifecycle(before, { type: 'TRANSFER', destination: 'human' }), time);
    }
    case 'rewound':
      return rewound(session, event, time);
    case 'ended': {
      const before = lifecycleOf(session);
      return lifecycleChange(before, nextLifecycle(before, { type: 'END', reason: event.reason }), time);
    }
    case 'expired': {
      const before = lifecycleOf(session);
      const after = session.status === 'ended' ? before : nextLifecycle(before, { type: 'END', reason: event.reason });
      return { ...lifecycleChange(before, after, time), expiresAt: iso(time.now) };
    }
    case 'operator-message':
      return { ...idleExpiry, messages: [{ role: 'assistant', author: 'operator', content: event.content, ...(event.authorName ? { turn: { author_name: event.authorName } } : {}) }] };
    case 'visitor-relayed':
      return { ...idleExpiry, messages: [{ role: 'user', author: 'user', content: event.text }] };
  }
}
