/**
 * What every test type's attempt needs, and the small shapes they share: the context
 * split into history and message, overrides, and the result of an attempt that could
 * not be judged.
 */
import type { ChatTurn, TestContext, TestType } from '../../shared/api/agent-test-config.ts';
import type { AttemptResult } from '../../shared/api/agent-test-runs-api.ts';
import type { LlmClient } from '../llm/types.ts';
import type { AgentOverrides } from '../sessions/workflow-loader.ts';
import type { Conversation, RecordedToolCall } from './conversation.ts';

export interface AttemptContext {
  llm: LlmClient;
  /** The judge's (and simulated user's) model; the client's default when undefined. */
  judgeModel: string | undefined;
  signal: AbortSignal;
  /** Start a fresh session of the agent under test. */
  open(overrides: AgentOverrides): Promise<Conversation>;
}

export function splitContext(context: TestContext): { history: ChatTurn[]; message: string } {
  return typeof context === 'string' ? { history: [], message: context } : { history: context.initial_chat_history, message: context.message };
}

export function overridesOf(config: { system_prompt_override?: string | undefined; first_message_override?: string | undefined }): AgentOverrides {
  return {
    ...(config.system_prompt_override !== undefined ? { system_prompt: config.system_prompt_override } : {}),
    ...(config.first_message_override !== undefined ? { first_message: config.first_message_override } : {}),
  };
}

/**
 * The result of an attempt that could not be judged: the type's section is still there,
 * holding whatever was learnt before the failure.
 */
export function unjudgedAttempt(type: TestType, reason: string, partial: { agentResponse?: string; transcript?: ChatTurn[]; toolCalls?: RecordedToolCall[]; turnsUsed?: number } = {}): AttemptResult {
  const base = { passed: false, rationale: reason, error: reason, reply: null, tool_call: null, simulation: null };
  switch (type) {
    case 'reply':
      return { ...base, reply: { agent_response: partial.agentResponse ?? '', passed: false, rationale: reason, confidence: 0 } };
    case 'tool':
      return { ...base, tool_call: { tool_called: partial.toolCalls?.[0]?.name ?? null, tool_matched: false, parameter_results: [], rationale: reason } };
    case 'simulation':
      return {
        ...base,
        simulation: { transcript: partial.transcript ?? [], tool_calls: partial.toolCalls ?? [], turns_used: partial.turnsUsed ?? 0, verdict: 'error', data_assertions: [] },
      };
  }
}
