/**
 * A replay as the API and the `replay.completed` webhook show it: each conversation's
 * result, and the summary counted from them.
 */
import type { z } from 'zod';
import type { Replay, ReplayConversation, replayListItemSchema, ReplaySummary } from '../../../shared/api/replays-api.ts';
import { callIdOf } from '../../../shared/ids.ts';
import type { AgentRecord } from '../../storage/agents-repo.ts';
import type { ReplayConversationRecord, ReplayRecord } from '../../storage/replays-repo.ts';

export type ReplayListItem = z.infer<typeof replayListItemSchema>;

export function presentConversation(conversation: ReplayConversationRecord): ReplayConversation {
  const recorded = (conversation.result ?? {}) as Partial<ReplayConversation>;
  return {
    call_id: callIdOf(conversation.sessionId),
    status: conversation.status,
    turns_replayed: recorded.turns_replayed ?? 0,
    first_divergence: recorded.first_divergence ?? null,
    error: recorded.error ?? null,
    llm: recorded.llm ?? { reused: 0, requested: 0 },
  };
}

/** Counts by verdict, and the diverged ones by the recorded node where they first went elsewhere. */
export function summarise(conversations: readonly ReplayConversation[]): ReplaySummary {
  const summary: ReplaySummary = { conversations: conversations.length, identical: 0, text_only: 0, diverged: 0, errors: 0, diverged_by_node: {} };
  for (const conversation of conversations) {
    if (conversation.status === 'identical') summary.identical += 1;
    if (conversation.status === 'text_only') summary.text_only += 1;
    if (conversation.status === 'error') summary.errors += 1;
    if (conversation.status !== 'diverged') continue;
    summary.diverged += 1;
    const node = divergedAt(conversation);
    summary.diverged_by_node[node] = (summary.diverged_by_node[node] ?? 0) + 1;
  }
  return summary;
}

/** The recorded node a diverged conversation left its path at: where the transitions part, else where it rested. */
export function divergedAt(conversation: ReplayConversation): string {
  const divergence = conversation.first_divergence;
  const from = divergence?.recorded.transition?.split(' → ')[0];
  return from ?? divergence?.recorded.node ?? '(unknown)';
}

export function presentReplay(agent: Pick<AgentRecord, 'publicId'>, replay: ReplayRecord, conversations: readonly ReplayConversationRecord[]): Replay {
  const presented = conversations.map(presentConversation);
  return {
    id: replay.publicId,
    agent_id: agent.publicId,
    version: replay.version,
    status: replay.status,
    error: replay.error,
    summary: summarise(presented),
    conversations: presented,
    created_at: replay.createdAt,
    started_at: replay.startedAt,
    completed_at: replay.completedAt,
  };
}


/** A replay in a list, and in a `replay.completed` event: without the per-conversation results. */
export function presentListedReplay(agent: Pick<AgentRecord, 'publicId'>, replay: ReplayRecord, conversations: readonly ReplayConversationRecord[]): ReplayListItem {
  const { conversations: _results, ...listed } = presentReplay(agent, replay, conversations);
  return listed;
}
