import type { Kysely } from 'kysely';
import { generateApiKey, hashSecret, keyPrefix } from '../auth/api-key.ts';
import { isoNow, type Clock } from '../clock.ts';
import { auditedTransaction, type AuditOf } from './audit-log-repo.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';
import { createSqlRunner } from './sql-runner.ts';
import { createStatementCache } from './statement-cache.ts';

/** A key as listings show it: never the key itself. */
export interface ApiKeyRecord {
  publicId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** A key's row and when it was last used: what recording a use needs. */
export interface KeyUse {
  id: number;
  lastUsedAt: string | null;
}

/** Who a key authenticates. */
export interface ApiKeyHolder {
  publicId: string;
  workspaceId: number;
}

/**
 * `last_used_at` moves at most this often per key: a busy key costs one write a minute,
 * not one per request.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeysRepo = ReturnType<typeof createApiKeysRepo>;

export function createApiKeysRepo(db: Kysely<Database>, clock: Clock) {
  const runner = createSqlRunner(db);
  const statements = createStatementCache();
  const at = () => isoNow(clock);
  async function insert(executor: Kysely<Database>, workspaceId: number, key: string, name: string): Promise<ApiKeyRecord> {
    const row = await executor
      .insertInto('api_keys')
      .values({ public_id: `key_${newUlid(clock.now())}`, workspace_id: workspaceId, key_hash: hashSecret(key), key_prefix: keyPrefix(key), name, created_at: isoNow(clock) })
      .returning(['public_id', 'name', 'key_prefix', 'created_at'])
      .executeTakeFirstOrThrow();
    return { publicId: row.public_id, name: row.name, prefix: row.key_prefix, createdAt: row.created_at, lastUsedAt: null };
  }

  /**
   * When this process last recorded each key's use: the `lastUsedAt` a caller hands in may be
   * older than the row (the key-and-agent lookup is remembered, key-reach-memo.ts), and
   * must not cost a write per request.
   */
  const recordedAt = new Map<number, number>();

  /** Records a use, unless one was recorded less than a minute ago (by any process). */
  async function touch({ id, lastUsedAt }: KeyUse): Promise<void> {
    const now = clock.now();
    const last = Math.max(lastUsedAt === null ? -Infinity : Date.parse(lastUsedAt), recordedAt.get(id) ?? -Infinity);
    if (now - last < LAST_USED_RESOLUTION_MS) return;
    // Only known keys get here, and a workspace has a handful: the bound is a guard, not a policy.
    if (recordedAt.size >= 10_000) recordedAt.clear();
    recordedAt.set(id, now);
    const stale = new Date(now - LAST_USED_RESOLUTION_MS).toISOString();
    await runner.rows(
      statements.compiled(
        'record key use',
        (param) =>
          db
            .updateTable('api_keys')
            .set({ last_used_at: param<string>('now') })
            .where('id', '=', param<number>('id'))
            .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', param<string>('stale'))])),
        { now: new Date(now).toISOString(), id, stale },
      ),
    );
  }

  const repo = {
    /** Create a key and return it with its listing: the only time the key is ever available. */
    async issue(workspaceId: number, name: string, audit?: AuditOf<ApiKeyRecord>): Promise<{ key: string; record: ApiKeyRecord }> {
      const key = generateApiKey();
      return { key, record: await auditedTransaction(db, at, (trx) => insert(trx, workspaceId, key, name), audit) };
    },

    /** Create a key and return it in full: the only time it is ever available. */
    async create(workspaceId: number, name = 'default'): Promise<string> {
      return (await repo.issue(workspaceId, name)).key;
    },

    /** Install a key chosen outside (PARLEY_API_KEY); a no-op when it is already there. */
    async install(workspaceId: number, key: string, name = 'PARLEY_API_KEY'): Promise<void> {
      const existing = await db.selectFrom('api_keys').select('id').where('key_hash', '=', hashSecret(key)).executeTakeFirst();
      if (!existing) await insert(db, workspaceId, key, name);
    },

    /** The key's holder, recording the use (to the minute); `undefined` for an unknown or revoked key. */
    async authenticate(key: string): Promise<ApiKeyHolder | undefined> {
      const [row] = await runner.rows(
        statements.compiled(
          'key holder by hash',
          (param) => db.selectFrom('api_keys').select(['id', 'public_id', 'workspace_id', 'last_used_at']).where('key_hash', '=', param<string>('hash')),
          { hash: hashSecret(key) },
        ),
      );
      if (!row) return undefined;
      await touch({ id: row.id, lastUsedAt: row.last_used_at });
      return { publicId: row.public_id, workspaceId: row.workspace_id };
    },

    /** Records a use of a key another statement already read (the text-chat turn reads it with its agent). */
    recordUse: touch,

    async workspaceOf(key: string): Promise<number | undefined> {
      return (await repo.authenticate(key))?.workspaceId;
    },

    /** The workspace's keys, oldest first. */
    async list(workspaceId: number): Promise<ApiKeyRecord[]> {
      const rows = await db
        .selectFrom('api_keys')
        .select(['public_id', 'name', 'key_prefix', 'created_at', 'last_used_at'])
        .where('workspace_id', '=', workspaceId)
        .orderBy('id')
        .execute();
      return rows.map((row) => ({ publicId: row.public_id, name: row.name, prefix: row.key_prefix, createdAt: row.created_at, lastUsedAt: row.last_used_at }));
    },

    /** Deletes the key: its next use is a 401. False when the workspace has no such key. */
    async revoke(workspaceId: number, publicId: string, audit?: AuditOf<boolean>): Promise<boolean> {
      return auditedTransaction(
        db,
        at,
        async (trx) => (await trx.deleteFrom('api_keys').where('workspace_id', '=', workspaceId).where('public_id', '=', publicId).executeTakeFirst()).numDeletedRows > 0n,
        (revoked) => (revoked ? audit?.(revoked) : undefined),
      );
    },
  };
  return repo;
}
