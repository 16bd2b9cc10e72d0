/** `GET /v1/audit-log` (issue #19 item 4): who did what to which object, and when. */
import { z } from 'zod';
import { idCursorSchema } from './pagination.ts';

const idFilter = z.string().min(1).max(64);

export const auditLogQuerySchema = z
  .object({
    actor: idFilter.optional().describe('`user_…`, `key_…` or `system`'),
    action: z.string().min(1).max(64).optional().describe('e.g. `agent.published`, `api_key.revoked`, `call.erased`'),
    object_type: z.string().min(1).max(32).optional().describe('e.g. `agent`, `api_key`, `webhook`, `user`, `call`, `workspace`'),
    object: idFilter.optional().describe("The object's id, e.g. `agent_…`"),
    from_date: z.iso.datetime({ offset: true }).optional().describe('Entries at or after this instant'),
    to_date: z.iso.datetime({ offset: true }).optional().describe('Entries before this instant'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    after: idCursorSchema.optional(),
  })
  .strict();

export const auditEntrySchema = z.object({
  id: z.string(),
  actor: z.object({ kind: z.enum(['user', 'api_key', 'system']), id: z.string() }),
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string() }),
  /** What changed, by field name and id: never conversation content or secrets. */
  detail: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});

export const auditLogPageSchema = z.object({ entries: z.array(auditEntrySchema), next_cursor: z.string().nullable() });
