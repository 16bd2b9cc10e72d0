/**
 * What a turn (or an agent's opening) writes: the session change, the assistant message
 * with its figures, and when the session may next be swept. Shared by the turn runner,
 * session start and transfers, so every path stores a turn the same way.
 */
import type { TurnOutcome } from '../runtime/types.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import type { NewMessage, SessionRecord } from '../storage/session-records.ts';
import type { SessionChange } from '../storage/sessions-repo.ts';
import type { Clock } from '../clock.ts';

/** The session change that records an outcome (messages excluded). */
export function outcomeChange(outcome: TurnOutcome): SessionChange {
  return {
    snapshot: outcome.snapshot,
    node: outcome.node,
    variables: outcome.variables,
    usage: {
      promptTokens: outcome.usage.prompt_tokens,
      completionTokens: outcome.usage.completion_tokens,
      toolCalls: outcome.toolCalls.filter((call) => call.kind === 'tool').length,
    },
    ...(outcome.state === 'ended' ? { status: 'ended' as const, endedReason: 'agent-hangup' as const } : {}),
    ...(outcome.state === 'transferred' ? { status: 'transferred' as const, transferDestination: outcome.transfer?.destination ?? 'human' } : {}),
  };
}

/** The change of a hand-off: the destination agent's opening, and the agent it now runs. */
export function handOffChange(opening: TurnOutcome, agent: AgentRecord): SessionChange {
  return { ...outcomeChange(opening), agent: { id: agent.id, version: agent.publishedVersion ?? 0 } };
}

/**
 * What a turn stores beside its assistant message, for the calls API. `server_ms` is the
 * server's own time since `startedAt` (performance.now), LLM and tool time taken out.
 */
export function turnFigures(outcome: TurnOutcome, startedAt: number): Record<string, unknown> {
  const serverMs = performance.now() - startedAt - (outcome.latency.llm_total_ms ?? 0) - (outcome.latency.tool_ms ?? 0);
  return {
    node: outcome.node,
    llm: outcome.llm,
    latency: { ...outcome.latency, server_ms: Math.max(0, Math.round(serverMs)) },
    usage: outcome.usage,
    tool_calls: outcome.toolCalls,
  };
}

/** The one assistant message of an outcome (or of `reply`, when a hand-off joined two). */
export function assistantMessage(outcome: TurnOutcome, startedAt: number, reply: TurnOutcome['reply'] = outcome.reply, snapshot: unknown = outcome.snapshot): NewMessage {
  return { role: 'assistant', author: 'agent', content: reply.content, choices: reply.choices, snapshot, turn: turnFigures(outcome, startedAt) };
}

/** When an idle session may be ended by the sweeper; `null` once it has ended. */
export function expiryFor(deps: { clock: Clock; idleMsFor(channel: SessionRecord['channel']): number }, channel: SessionRecord['channel'], status?: SessionRecord['status']): string | null {
  return status === 'ended' ? null : new Date(deps.clock.now() + deps.idleMsFor(channel)).toISOString();
}
