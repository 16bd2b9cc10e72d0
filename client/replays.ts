/** Replays of recorded calls against a workflow version: queue one, poll it, list an agent's. */
import type { AgentId } from './agents.ts';
import { paginate, type Paginated } from './paginate.ts';
import type { RequestOptions, Transport } from './transport.ts';
import type { Replay, ReplayListQuery, ReplayPage, StartReplayInput } from './types.ts';

type ListedReplay = ReplayPage['replays'][number];

export function replaysApi(http: Transport) {
  const page = (agentId: AgentId, query: ReplayListQuery = {}, options?: RequestOptions) =>
    http.json<ReplayPage>('GET /v1/agents/{id}/replays', { params: { id: agentId }, query, options });
  return {
    /** Queues a replay; it answers `queued` with each chosen call `pending`. */
    start: (agentId: AgentId, body: StartReplayInput, options?: RequestOptions) => http.json<Replay>('POST /v1/agents/{id}/replays', { params: { id: agentId }, body, options }),
    /** A replay with its summary and each conversation's first divergence once replayed. */
    get: (agentId: AgentId, replayId: string, options?: RequestOptions) =>
      http.json<Replay>('GET /v1/agents/{id}/replays/{replay_id}', { params: { id: agentId, replay_id: replayId }, options }),
    /** One page of an agent's replays, newest first. */
    page,
    /** Every replay of an agent, newest first, across pages. */
    list: (agentId: AgentId, query: ReplayListQuery = {}, options?: RequestOptions): Paginated<ListedReplay> =>
      paginate(http, 'GET /v1/agents/{id}/replays', (after) => page(agentId, { ...query, after }, options), (answer) => answer.replays, query.after),
  };
}
