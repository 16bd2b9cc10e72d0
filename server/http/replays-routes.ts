/**
 * Replays of recorded calls against a workflow version (#18 item 3): queue one (202,
 * `queued`), read one with each conversation's first divergence, list an agent's.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { replayListQuerySchema, replayPageSchema, replaySchema, startReplaySchema } from '../../shared/api/replays-api.ts';
import type { ReplaysService } from '../testing/replay/replays-service.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const tags = ['Replays'];
const security = apiKeySecurity;
const agentParam = z.object({ id: z.string().min(1).max(64) });

const routes = {
  start: createRoute({ method: 'post', path: '/v1/agents/{id}/replays', tags, security,
    summary: "Queue a replay of recorded calls' user messages against a version (recorded tool results as mocks, recorded LLM answers for identical requests)",
    request: { params: agentParam, body: jsonBody(startReplaySchema) }, responses: { 202: jsonContent(replaySchema, 'The queued replay'), ...commonErrors } }),
  list: createRoute({ method: 'get', path: '/v1/agents/{id}/replays', tags, security, summary: "An agent's replays with their summaries, newest first",
    request: { params: agentParam, query: replayListQuerySchema }, responses: { 200: jsonContent(replayPageSchema, 'A page of replays'), ...commonErrors } }),
  get: createRoute({ method: 'get', path: '/v1/agents/{id}/replays/{replay_id}', tags, security, summary: "A replay: its status, summary and each conversation's first divergence",
    request: { params: agentParam.extend({ replay_id: z.string().min(1).max(64).describe('rpl_ + ULID') }) },
    responses: { 200: jsonContent(replaySchema, 'The replay'), ...commonErrors } }),
};

export function createReplaysRoutes(deps: { replays: ReplaysService }) {
  const { replays } = deps;
  const app = createRouter();
  app.openapi(routes.start, async (c) => c.json(await replays.start(c.var.workspaceId, c.req.valid('param').id, c.req.valid('json')), 202));
  app.openapi(routes.list, async (c) => c.json(await replays.list(c.var.workspaceId, c.req.valid('param').id, c.req.valid('query')), 200));
  app.openapi(routes.get, async (c) => {
    const { id, replay_id: replayId } = c.req.valid('param');
    return c.json(await replays.get(c.var.workspaceId, id, replayId), 200);
  });
  return app;
}
