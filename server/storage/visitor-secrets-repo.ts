/**
 * Each agent's verified-visitor secret: set (a first one, or a rotation that replaces the
 * old one at once), read when a visitor's claim is checked, removed.
 */
import type { Kysely } from 'kysely';
import { isoNow, type Clock } from '../clock.ts';
import { auditedTransaction, type AuditOf } from './audit-log-repo.ts';
import type { Database } from './schema.ts';

export type VisitorSecretsRepo = ReturnType<typeof createVisitorSecretsRepo>;

export function createVisitorSecretsRepo(db: Kysely<Database>, clock: Clock) {
  return {
    async secretOf(agentId: number): Promise<string | undefined> {
      const row = await db.selectFrom('visitor_secrets').select('secret').where('agent_id', '=', agentId).executeTakeFirst();
      return row?.secret;
    },

    /** When the agent's secret was made, if it has one. */
    async status(agentId: number): Promise<string | undefined> {
      const row = await db.selectFrom('visitor_secrets').select('created_at').where('agent_id', '=', agentId).executeTakeFirst();
      return row?.created_at;
    },

    /** Store the agent's secret, replacing any earlier one: the old one stops verifying now. */
    async replace(agentId: number, secret: string, audit?: AuditOf<string>): Promise<string> {
      const createdAt = isoNow(clock);
      return auditedTransaction(db, () => createdAt, async (trx) => {
        await trx
          .insertInto('visitor_secrets')
          .values({ agent_id: agentId, secret, created_at: createdAt })
          .onConflict((oc) => oc.column('agent_id').doUpdateSet({ secret, created_at: createdAt }))
          .execute();
        return createdAt;
      }, audit);
    },

    /** Removes the agent's secret; audited only when there was one. */
    async remove(agentId: number, audit?: AuditOf<boolean>): Promise<void> {
      await auditedTransaction(
        db,
        () => isoNow(clock),
        async (trx) => (await trx.deleteFrom('visitor_secrets').where('agent_id', '=', agentId).executeTakeFirst()).numDeletedRows > 0n,
        (removed) => (removed ? audit?.(removed) : undefined),
      );
    },
  };
}
