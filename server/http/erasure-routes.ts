/**
 * Erasure and retention (issue #19 item 3): `DELETE /v1/calls/{call_id}`, `POST
 * /v1/erasures` (every call of a verified visitor or a metadata match, with a dry run),
 * and the workspace's retention period. Admins only (route-permissions.ts).
 */
import { createRoute } from '@hono/zod-openapi';
import { erasureRequestSchema, erasureResultSchema, retentionSchema } from '../../shared/api/erasure-api.ts';
import { auditActorOf } from '../auth/actor.ts';
import type { ErasureService } from '../calls/erasure-service.ts';
import type { RetentionRepo } from '../storage/retention-repo.ts';
import { callParams } from './calls-routes.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonBody, jsonContent } from './openapi-helpers.ts';

const security = apiKeySecurity;

const routes = {
  eraseCall: createRoute({ method: 'delete', path: '/v1/calls/{call_id}', tags: ['Calls'], security,
    summary: 'Erase the call and all that hangs off it (transcript, branches, events, deliveries, gathers, links); recorded in the audit log without its content',
    request: { params: callParams }, responses: { 204: { description: 'Erased' }, ...commonErrors } }),
  erase: createRoute({ method: 'post', path: '/v1/erasures', tags: ['Data protection'], security,
    summary: 'Erase every call of a verified visitor or of a metadata match (dry_run only counts them)',
    request: { body: jsonBody(erasureRequestSchema) }, responses: { 200: jsonContent(erasureResultSchema, 'What matched and what was erased'), ...commonErrors } }),
  getRetention: createRoute({ method: 'get', path: '/v1/workspace/retention', tags: ['Data protection'], security,
    summary: 'How long ended conversations are kept', responses: { 200: jsonContent(retentionSchema, 'The retention period'), ...commonErrors } }),
  putRetention: createRoute({ method: 'put', path: '/v1/workspace/retention', tags: ['Data protection'], security,
    summary: 'Set how long ended conversations are kept (null keeps them); a background sweep deletes older ones',
    request: { body: jsonBody(retentionSchema) }, responses: { 200: jsonContent(retentionSchema, 'The retention period now'), ...commonErrors } }),
};

export function createErasureRoutes(deps: { erasure: ErasureService; retention: Pick<RetentionRepo, 'get' | 'set'> }) {
  const app = createRouter();

  app.openapi(routes.eraseCall, async (c) => {
    await deps.erasure.eraseCall(c.var.workspaceId, c.req.valid('param').call_id, auditActorOf(c.var.actor));
    return c.body(null, 204);
  });

  app.openapi(routes.erase, async (c) => c.json(await deps.erasure.eraseMatching(c.var.workspaceId, c.req.valid('json'), auditActorOf(c.var.actor)), 200));

  app.openapi(routes.getRetention, async (c) => c.json({ retention_days: await deps.retention.get(c.var.workspaceId) }, 200));

  app.openapi(routes.putRetention, async (c) => {
    const { retention_days } = c.req.valid('json');
    await deps.retention.set(c.var.workspaceId, retention_days, auditActorOf(c.var.actor));
    return c.json({ retention_days }, 200);
  });

  return app;
}
