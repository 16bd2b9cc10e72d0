/** Each workspace's retention period (migration 022), and the lease the sweep runs under. */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { appendAudit, type AuditActor } from './audit-log-repo.ts';
import type { Database } from './schema.ts';

export type RetentionRepo = ReturnType<typeof createRetentionRepo>;

export function createRetentionRepo(db: Kysely<Database>, clock: Clock) {
  const now = () => new Date(clock.now()).toISOString();
  return {
    async get(workspaceId: number): Promise<number | null> {
      const row = await db.selectFrom('workspaces').select('retention_days').where('id', '=', workspaceId).executeTakeFirstOrThrow();
      return row.retention_days;
    },

    /** Sets the period and records who changed it from what, in one transaction. */
    async set(workspaceId: number, days: number | null, actor: AuditActor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('workspaces').select('retention_days').where('id', '=', workspaceId).executeTakeFirstOrThrow();
        await trx.updateTable('workspaces').set({ retention_days: days }).where('id', '=', workspaceId).execute();
        const detail = { from: before.retention_days, to: days };
        await appendAudit(trx, { workspaceId, actor, action: 'workspace.retention_changed', object: { type: 'workspace', id: String(workspaceId) }, detail }, now());
      });
    },

    /** Workspaces that keep conversations for a bounded time. */
    async bounded(): Promise<Array<{ workspaceId: number; days: number }>> {
      const rows = await db.selectFrom('workspaces').select(['id', 'retention_days']).where('retention_days', 'is not', null).orderBy('id').execute();
      return rows.flatMap((r) => (r.retention_days === null ? [] : [{ workspaceId: r.id, days: r.retention_days }]));
    },

    /**
     * Takes (or renews) the named lease for `holder` until `until`: true when it is now
     * theirs. A lease whose time has passed goes to whoever asks first, so a process that
     * died holding it delays the job by one lease at most.
     */
    async takeLease(name: string, holder: string, until: string): Promise<boolean> {
      const at = now();
      await db
        .insertInto('background_leases')
        .values({ name, holder, lease_until: until })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, lease_until: until })
            .where((eb) => eb.or([eb('background_leases.lease_until', '<', at), eb('background_leases.holder', '=', holder)])),
        )
        .execute();
      const row = await db.selectFrom('background_leases').select('holder').where('name', '=', name).executeTakeFirst();
      return row?.holder === holder;
    },

    /** Gives the lease up early (on stop), so another process need not wait it out. */
    async releaseLease(name: string, holder: string): Promise<void> {
      await db.deleteFrom('background_leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}
