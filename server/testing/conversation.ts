/**
 * Drives one agent through a session of channel `simulation` with the very turn runner
 * the widget uses, and reads back what each turn did: the reply, the tool calls (labelled
 * mocked or real by the same decision the tool caller made), and whether the LLM failed.
 */
import { z } from 'zod';
import type { ChatTurn } from '../../shared/api/agent-test-config.ts';
import type { ToolMockConfig } from '../../shared/api/tool-mock-config.ts';
import { DomainError } from '../errors.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { TurnRunner } from '../sessions/turn-runner.ts';
import type { AgentOverrides } from '../sessions/workflow-loader.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { SessionsRepo } from '../storage/sessions-repo.ts';
import type { StartState } from '../storage/agent-test-records.ts';
import type { MessageRecord } from '../storage/session-records.ts';
import { decideToolCall } from '../tools/tool-mocks.ts';
import { TestRunError } from './test-run-error.ts';

export interface ConversationDeps {
  sessions: SessionService;
  turns: TurnRunner;
  sessionsRepo: SessionsRepo;
}

export interface OpenConversationInput {
  workspaceId: number;
  agent: AgentRecord;
  version: number;
  overrides: AgentOverrides;
  toolMockConfig: ToolMockConfig | null;
  variables: Record<string, unknown>;
  /** The stored state to go on from (#18) instead of the start node. */
  start?: StartState | null | undefined;
  signal: AbortSignal;
}

/** Where the workflow is now, for `expect_node`, `expect_state` and `expect_variables`. */
export interface WorkflowPosition {
  node: string | null;
  state: 'waiting' | 'ended' | 'transferred';
  destination: string | null;
  variables: Record<string, unknown>;
}

export interface RecordedToolCall {
  name: string;
  args: unknown;
  /** True when no real tool was reached: a mock answered, or the call was skipped. */
  mocked: boolean;
}

export interface TurnResult {
  reply: string;
  toolCalls: RecordedToolCall[];
}

export interface Conversation {
  readonly sessionId: number;
  /** Every message so far, the opening first. */
  readonly transcript: ChatTurn[];
  /** Every tool call so far, in order. */
  readonly toolCalls: RecordedToolCall[];
  /** True once the session ended or was transferred. */
  ended(): boolean;
  say(text: string): Promise<TurnResult>;
  /** The workflow variables now. */
  variables(): Promise<Record<string, unknown>>;
  /** Where the workflow is now. */
  position(): Promise<WorkflowPosition>;
  /** True once a turn of the agent (the opening included) made an LLM request or meant to. */
  usedLlm(): boolean;
  /** Every node entered so far, in order; a session started from a stored state begins with its node. */
  path(): string[];
  /** End the session if it is still open; every call shares the first one's promise. */
  close(): Promise<void>;
}

/** The part of a stored turn's figures a test reads (see `turnFigures` in turn-runner.ts). */
const storedTurnSchema = z.looseObject({
  llm: z.string().optional(),
  seeded: z.boolean().optional(),
  path: z.array(z.string()).optional(),
  error: z.string().optional(),
  tool_calls: z
    .array(z.looseObject({ name: z.string(), args: z.unknown(), error: z.string().optional(), kind: z.enum(['tool', 'exit']) }))
    .default([]),
});

/** Read a turn's tool calls, and refuse a turn whose reply cannot be judged. */
function readTurn(message: MessageRecord | undefined, mocks: ToolMockConfig | null): RecordedToolCall[] {
  if (!message || message.role !== 'assistant') throw new Error('the turn left no assistant message');
  const figures = storedTurnSchema.parse(message.turn ?? {});
  if (figures.error !== undefined) throw new TestRunError(`The agent's turn failed (${figures.error}), so its reply cannot be judged.`);
  if (figures.llm === 'error') throw new TestRunError("The agent's LLM call failed during the conversation, so its reply cannot be judged.");
  if (figures.llm === 'unavailable') throw new TestRunError('No LLM is configured: the agent answered with its fallback text, which cannot be judged.');
  const calls: RecordedToolCall[] = [];
  for (const call of figures.tool_calls) {
    if (call.kind !== 'tool') continue;
    // Without a mock config a test channel skips every call.
    const decision = mocks ? decideToolCall(mocks, call.name, call.args) : { kind: 'skip' as const };
    if (decision.kind === 'error' && call.error !== undefined) throw new TestRunError(`Unmocked tool call: ${decision.message}`);
    calls.push({ name: call.name, args: call.args, mocked: decision.kind !== 'real' });
  }
  return calls;
}

/**
 * Start the agent's session; its opening message is the first of the transcript.
 * @example const convo = await openConversation(deps, { workspaceId, agent, version: 1, overrides: {}, toolMockConfig: null, variables: {}, signal });
 */
export async function openConversation(deps: ConversationDeps, input: OpenConversationInput): Promise<Conversation> {
  const overrides = { ...input.overrides, ...(input.toolMockConfig ? { tool_mock_config: input.toolMockConfig } : {}) };
  const { start } = input;
  const session = start
    ? await deps.sessions.startSeeded({ workspaceId: input.workspaceId, agent: input.agent, channel: 'simulation', overrides, version: input.version, snapshot: start.snapshot, transcript: start.transcript })
    : (
        await deps.sessions.start({
          workspaceId: input.workspaceId,
          agent: input.agent,
          channel: 'simulation',
          variables: input.variables,
          overrides,
          version: input.version,
          signal: input.signal,
        })
      ).session;
  const branch = session.currentBranch;
  const transcript: ChatTurn[] = [];
  const toolCalls: RecordedToolCall[] = [];
  let status = session.status;
  let closing: Promise<void> | undefined;
  let llmUsed = false;
  const path: string[] = start ? [start.node] : [];

  const read = (message: MessageRecord | undefined): RecordedToolCall[] => {
    const figures = storedTurnSchema.safeParse(message?.turn ?? {}).data;
    if (!['not_used', undefined].includes(figures?.llm)) llmUsed = true;
    path.push(...(figures?.path ?? []));
    return readTurn(message, input.toolMockConfig);
  };

  if (start) {
    // The copied conversation's turns were another session's: nothing of them is this run's to judge.
    transcript.push(...start.transcript);
  } else {
    const opening = (await deps.sessionsRepo.transcript(session.id, branch))[0];
    transcript.push({ role: 'assistant', content: opening?.content ?? '' });
    try {
      toolCalls.push(...read(opening));
    } catch (error) {
      await close();
      throw error;
    }
  }

  /** End the session unless it already ended (a transferred one is ended too); once. */
  function close(): Promise<void> {
    if (!closing) {
      closing = end();
      // Callers end the session early and await it later: a failure meanwhile is not unhandled.
      closing.catch(() => undefined);
    }
    return closing;
  }

  async function end(): Promise<void> {
    if (status === 'ended') return;
    try {
      await deps.sessions.end(session.id, 'api');
    } catch (error) {
      // Already ended (or changed) meanwhile, by the sweeper: nothing left to close.
      if (!(error instanceof DomainError && (error.code === 'session_not_active' || error.code === 'revision_conflict'))) throw error;
    }
  }

  return {
    sessionId: session.id,
    transcript,
    toolCalls,
    ended: () => status !== 'active',
    async say(text) {
      if (status !== 'active') throw new TestRunError(`The conversation had already ended before the user message ${JSON.stringify(text)}.`);
      const reply = await deps.turns.send({ sessionId: session.id, text, signal: input.signal });
      const messages = await deps.sessionsRepo.transcript(session.id, branch);
      transcript.push({ role: 'user', content: text }, { role: 'assistant', content: reply.content });
      status = reply.session_status;
      const calls = read(messages[reply.index]);
      toolCalls.push(...calls);
      return { reply: reply.content, toolCalls: calls };
    },
    async variables() {
      return (await deps.sessionsRepo.get(session.id))?.variables ?? {};
    },
    async position() {
      const now = await deps.sessionsRepo.get(session.id);
      const state = now?.status === 'transferred' ? 'transferred' : now?.status === 'ended' ? 'ended' : 'waiting';
      return { node: now?.node ?? null, state, destination: now?.transferDestination ?? null, variables: now?.variables ?? {} };
    },
    usedLlm: () => llmUsed,
    path: () => [...path],
    close,
  };
}

/**
 * Replay a history's user messages through the agent, so the workflow is where that
 * conversation would have left it. The history's own assistant lines are not replayed:
 * the agent's real replies take their place in the transcript. Once the agent ends or
 * transfers the conversation the rest is not replayed (in a recorded call, those were
 * messages to a human operator).
 */
export async function replayHistory(conversation: Conversation, history: readonly ChatTurn[]): Promise<void> {
  for (const turn of history) {
    if (conversation.ended()) return;
    if (turn.role === 'user') await conversation.say(turn.content);
  }
}
