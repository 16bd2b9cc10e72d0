/** `GET /v1/audit-log`: the workspace's audit log, newest first, with filters and a cursor (admins only). */
import { createRoute } from '@hono/zod-openapi';
import { auditLogPageSchema, auditLogQuerySchema } from '../../shared/api/audit-log-api.ts';
import type { AuditEntryRecord, AuditLogRepo } from '../storage/audit-log-repo.ts';
import { keysetPage } from '../storage/keyset-page.ts';
import { apiKeySecurity, commonErrors, createRouter, jsonContent } from './openapi-helpers.ts';

const routes = {
  list: createRoute({ method: 'get', path: '/v1/audit-log', tags: ['Data protection'], security: apiKeySecurity,
    summary: 'Who did what to which object, and when: newest first, filtered by actor, action, object and dates',
    request: { query: auditLogQuerySchema }, responses: { 200: jsonContent(auditLogPageSchema, 'A page of entries'), ...commonErrors } }),
};

function presentEntry(entry: AuditEntryRecord) {
  return { id: String(entry.id), actor: entry.actor, action: entry.action, object: entry.object, detail: entry.detail, created_at: entry.createdAt };
}

/** Stored times are UTC `Z`; a filter given with another offset is the same instant written that way. */
const utc = (instant: string | undefined) => (instant === undefined ? undefined : new Date(instant).toISOString());

export function createAuditLogRoutes(deps: { auditLog: Pick<AuditLogRepo, 'list'> }) {
  const app = createRouter();

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const rows = await deps.auditLog.list(
      { workspaceId: c.var.workspaceId, actorId: q.actor, action: q.action, objectType: q.object_type, objectId: q.object, from: utc(q.from_date), before: utc(q.to_date) },
      { limit: q.limit + 1, afterId: q.after === undefined ? undefined : Number(q.after) },
    );
    const { items, nextCursor } = keysetPage(rows, q.limit, (r) => String(r.id));
    return c.json({ entries: items.map(presentEntry), next_cursor: nextCursor }, 200);
  });

  return app;
}
