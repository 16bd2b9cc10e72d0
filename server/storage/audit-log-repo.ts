/**
 * The audit log (migration 022): append an entry inside the transaction of the change it
 * records (`auditedTransaction`, `appendAudit`), and read entries back, newest first, with
 * filters.
 */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from './schema.ts';

/** Who did it: a person, an API key, or Parley itself (the retention sweep). */
export interface AuditActor {
  kind: 'user' | 'api_key' | 'system';
  /** `user_…`, `key_…` or `system`. */
  id: string;
}

export interface AuditEntryInput {
  workspaceId: number;
  actor: AuditActor;
  /** `<object type>.<verb>`: `agent.published`, `api_key.revoked`, `call.erased`. */
  action: string;
  object: { type: string; id: string };
  /** Ids and field names only: never conversation content, secrets or keys. */
  detail?: Record<string, unknown>;
}

export interface AuditEntryRecord extends AuditEntryInput {
  id: number;
  detail: Record<string, unknown>;
  createdAt: string;
}

export interface AuditQuery {
  workspaceId: number;
  actorId?: string | undefined;
  action?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  from?: string | undefined;
  before?: string | undefined;
}

const detailSchema = z.record(z.string(), z.unknown());
const actorKindSchema = z.enum(['user', 'api_key', 'system']);

/** Writes one entry with `db` or the transaction of the change it records. */
export async function appendAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntryInput, at: string): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      workspace_id: entry.workspaceId,
      actor_id: entry.actor.id,
      actor_kind: entry.actor.kind,
      action: entry.action,
      object_type: entry.object.type,
      object_id: entry.object.id,
      detail: JSON.stringify(entry.detail ?? {}),
      created_at: at,
    })
    .execute();
}

/** The entry a change records, made from what the change returned (a new object's id). */
export type AuditOf<R> = (result: R) => AuditEntryInput | undefined;

/**
 * Runs `change` and appends the entry `audit` makes of its result in ONE transaction: the
 * change and its record commit together or not at all. Without `audit` (a CLI or bootstrap
 * write, nobody to name) it is just the transaction.
 */
export function auditedTransaction<R>(db: Kysely<Database>, at: () => string, change: (trx: Transaction<Database>) => Promise<R>, audit?: AuditOf<R>): Promise<R> {
  return db.transaction().execute(async (trx) => {
    const result = await change(trx);
    const entry = audit?.(result);
    if (entry) await appendAudit(trx, entry, at());
    return result;
  });
}

export type AuditLogRepo = ReturnType<typeof createAuditLogRepo>;

export function createAuditLogRepo(db: Kysely<Database>) {
  return {
    /** Newest first; `afterId` is the last id of the previous page. */
    async list(query: AuditQuery, page: { limit: number; afterId?: number | undefined }): Promise<AuditEntryRecord[]> {
      let q = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', query.workspaceId);
      if (query.actorId !== undefined) q = q.where('actor_id', '=', query.actorId);
      if (query.action !== undefined) q = q.where('action', '=', query.action);
      if (query.objectType !== undefined) q = q.where('object_type', '=', query.objectType);
      if (query.objectId !== undefined) q = q.where('object_id', '=', query.objectId);
      if (query.from !== undefined) q = q.where('created_at', '>=', query.from);
      if (query.before !== undefined) q = q.where('created_at', '<', query.before);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map((row) => ({
        id: row.id,
        workspaceId: row.workspace_id,
        actor: { kind: actorKindSchema.parse(row.actor_kind), id: row.actor_id },
        action: row.action,
        object: { type: row.object_type, id: row.object_id },
        detail: detailSchema.parse(JSON.parse(row.detail)),
        createdAt: row.created_at,
      }));
    },
  };
}
