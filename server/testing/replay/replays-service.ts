/**
 * The replays API (#18 item 3): queue a replay of chosen calls against a version, read one
 * with its per-conversation results and summary, list an agent's. Everything asked for is
 * checked before anything is queued: an unknown agent, version or call (or another
 * workspace's) is a 4xx and queues nothing.
 */
import type { z } from 'zod';
import type { Replay, startReplaySchema } from '../../../shared/api/replays-api.ts';
import { callIdOf, runIdOfCallId } from '../../../shared/ids.ts';
import { badRequest, notFound } from '../../errors.ts';
import type { AgentRecord, AgentsRepo } from '../../storage/agents-repo.ts';
import { keysetPage } from '../../storage/keyset-page.ts';
import type { ReplaysRepo } from '../../storage/replays-repo.ts';
import { presentListedReplay, presentReplay, type ReplayListItem } from './replay-presenter.ts';

export interface ReplaysServiceDeps {
  replays: ReplaysRepo;
  agents: Pick<AgentsRepo, 'find' | 'findById' | 'version'>;
  /** New replays were queued. */
  wake(): void;
}

export type ReplaysService = ReturnType<typeof createReplaysService>;

export function createReplaysService(deps: ReplaysServiceDeps) {
  const { replays, agents } = deps;

  async function requireAgent(workspaceId: number, agentRef: string): Promise<AgentRecord> {
    const agent = await agents.find(workspaceId, agentRef);
    if (!agent) throw notFound('Agent not found');
    return agent;
  }

  /** The sessions the request names, checked to be the workspace's; in the order asked. */
  async function chooseSessions(workspaceId: number, agent: AgentRecord, calls: z.infer<typeof startReplaySchema>['calls']): Promise<number[]> {
    if ('last' in calls) return replays.chooseSessions({ workspaceId, agentId: agent.id, limit: calls.last });
    if ('filters' in calls) {
      const { channel, created_after: createdAfter, created_before: createdBefore, limit } = calls.filters;
      return replays.chooseSessions({ workspaceId, agentId: agent.id, limit, channel, createdAfter, createdBefore });
    }
    const ids = [...new Set(calls.call_ids.map((callId) => runIdOfCallId(callId) ?? 0))];
    const known = await replays.sessionsOfWorkspace(workspaceId, ids);
    const missing = ids.find((id) => !known.has(id));
    if (missing !== undefined) throw notFound(`Call ${callIdOf(missing)} not found`);
    return ids;
  }

  return {
    async start(workspaceId: number, agentRef: string, input: z.infer<typeof startReplaySchema>): Promise<Replay> {
      const agent = await requireAgent(workspaceId, agentRef);
      if (!(await agents.version(agent.id, input.version))) throw notFound(`Agent ${agent.publicId} has no version ${input.version}`);
      const sessionIds = await chooseSessions(workspaceId, agent, input.calls);
      if (sessionIds.length === 0) throw badRequest('No call matches: there is nothing to replay', 'invalid_request');
      const replay = await replays.create({ workspaceId, agentId: agent.id, version: input.version, sessionIds });
      deps.wake();
      const conversations = (await replays.conversations([replay.id])).get(replay.id) ?? [];
      return presentReplay(agent, replay, conversations);
    },

    async get(workspaceId: number, agentRef: string, replayId: string): Promise<Replay> {
      const agent = await requireAgent(workspaceId, agentRef);
      const replay = await replays.find(workspaceId, replayId);
      if (!replay || replay.agentId !== agent.id) throw notFound('Replay not found');
      const conversations = (await replays.conversations([replay.id])).get(replay.id) ?? [];
      return presentReplay(agent, replay, conversations);
    },

    /** An agent's replays, newest first, with their summaries. */
    async list(workspaceId: number, agentRef: string, page: { limit: number; after?: string | undefined }): Promise<{ replays: ReplayListItem[]; next_cursor: string | null }> {
      const agent = await requireAgent(workspaceId, agentRef);
      const rows = await replays.listForAgent(agent.id, { limit: page.limit + 1, after: page.after === undefined ? undefined : Number(page.after) });
      const { items, nextCursor } = keysetPage(rows, page.limit, (replay) => String(replay.id));
      const conversations = await replays.conversations(items.map((replay) => replay.id));
      const listed = items.map((replay) => presentListedReplay(agent, replay, conversations.get(replay.id) ?? []));
      return { replays: listed, next_cursor: nextCursor };
    },
  };
}
