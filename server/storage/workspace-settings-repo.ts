/**
 * A workspace's settings, kept as JSON in `workspaces.settings`:
 * `{ llm: { model?, temperature?, max_tokens? }, session_idle_minutes? }`.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isoNow, type Clock } from '../clock.ts';
import type { WorkspaceSettings } from '../../shared/api/workspace-settings-api.ts';
import { parseJsonColumn } from './json-column.ts';
import { auditedTransaction, type AuditOf } from './audit-log-repo.ts';
import type { Database } from './schema.ts';

const storedSchema = z.looseObject({
  llm: z
    .looseObject({ model: z.string().optional(), temperature: z.number().optional(), max_tokens: z.number().int().optional() })
    .optional(),
  session_idle_minutes: z.number().int().optional(),
});

export const NO_WORKSPACE_SETTINGS: WorkspaceSettings = Object.freeze({
  llm: Object.freeze({ model: null, temperature: null, max_tokens: null }),
  session_idle_minutes: null,
});

export type WorkspaceSettingsRepo = ReturnType<typeof createWorkspaceSettingsRepo>;

export function createWorkspaceSettingsRepo(db: Kysely<Database>, clock: Clock) {
  return {
    async get(workspaceId: number): Promise<WorkspaceSettings> {
      const row = await db.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirst();
      if (!row) return NO_WORKSPACE_SETTINGS;
      const stored = parseJsonColumn(storedSchema, row.settings, 'workspace settings');
      return {
        llm: { model: stored.llm?.model ?? null, temperature: stored.llm?.temperature ?? null, max_tokens: stored.llm?.max_tokens ?? null },
        session_idle_minutes: stored.session_idle_minutes ?? null,
      };
    },

    /** Store `settings` whole (null values are left out of the JSON), with its audit entry. */
    async put(workspaceId: number, settings: WorkspaceSettings, audit?: AuditOf<void>): Promise<void> {
      const llm = Object.fromEntries(Object.entries(settings.llm).filter(([, value]) => value !== null));
      const json = { llm, ...(settings.session_idle_minutes === null ? {} : { session_idle_minutes: settings.session_idle_minutes }) };
      await auditedTransaction(db, () => isoNow(clock), async (trx) => {
        await trx.updateTable('workspaces').set({ settings: JSON.stringify(json) }).where('id', '=', workspaceId).execute();
      }, audit);
    },
  };
}
