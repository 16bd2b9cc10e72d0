/**
 * Keypad gathers of calls. A partial unique index allows one `active` gather per call;
 * every way out of `active` (answer, timeout, cancel) is a conditional UPDATE, so exactly
 * one of two racing resolutions wins.
 */
import type { Kysely, Selectable } from 'kysely';
import { gatherStatusSchema, type GatherStatus } from '../../shared/api/calls-api.ts';
import { isoNow, type Clock } from '../clock.ts';
import { conflict } from '../errors.ts';
import type { CallGathersTable } from './calls-webhooks-schema.ts';
import { newUlid } from './new-ulid.ts';
import type { Database } from './schema.ts';
import { isUniqueViolation } from './unique-violation.ts';
import { appendOutbox, type OutboxEvent } from './webhook-outbox-repo.ts';

export interface GatherRecord {
  id: number;
  publicId: string;
  sessionId: number;
  workspaceId: number;
  prompt: string;
  maxDigits: number;
  terminator: string;
  timeoutSeconds: number;
  status: GatherStatus;
  input: string | null;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
}

export type NewGather = Pick<GatherRecord, 'sessionId' | 'workspaceId' | 'prompt' | 'maxDigits' | 'terminator' | 'timeoutSeconds'>;

function toGather(row: Selectable<CallGathersTable>): GatherRecord {
  return {
    id: row.id,
    publicId: row.public_id,
    sessionId: row.session_id,
    workspaceId: row.workspace_id,
    prompt: row.prompt,
    maxDigits: row.max_digits,
    terminator: row.terminator,
    timeoutSeconds: row.timeout_seconds,
    status: gatherStatusSchema.parse(row.status),
    input: row.input,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    completedAt: row.completed_at,
  };
}

export const GATHER_IN_PROGRESS = 'A gather operation is already in progress for this call';

export type GathersRepo = ReturnType<typeof createGathersRepo>;

export function createGathersRepo(db: Kysely<Database>, clock: Clock) {
  return {
    /** Start a gather; a 409 when the call already has an active one. */
    async create(input: NewGather): Promise<GatherRecord> {
      const now = clock.now();
      try {
        const row = await db
          .insertInto('call_gathers')
          .values({
            public_id: `gth_${newUlid(now)}`,
            session_id: input.sessionId,
            workspace_id: input.workspaceId,
            prompt: input.prompt,
            max_digits: input.maxDigits,
            terminator: input.terminator,
            timeout_seconds: input.timeoutSeconds,
            status: 'active',
            input: null,
            created_at: new Date(now).toISOString(),
            expires_at: new Date(now + input.timeoutSeconds * 1000).toISOString(),
            completed_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toGather(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(GATHER_IN_PROGRESS, 'gather_in_progress');
        throw error;
      }
    },

    async active(sessionId: number): Promise<GatherRecord | undefined> {
      const row = await db.selectFrom('call_gathers').selectAll().where('session_id', '=', sessionId).where('status', '=', 'active').executeTakeFirst();
      return row ? toGather(row) : undefined;
    },

    /** Active gathers whose time is up, oldest first. */
    async expired(limit: number): Promise<GatherRecord[]> {
      const rows = await db
        .selectFrom('call_gathers')
        .selectAll()
        .where('status', '=', 'active')
        .where('expires_at', '<=', isoNow(clock))
        .orderBy('expires_at')
        .limit(limit)
        .execute();
      return rows.map(toGather);
    },

    /**
     * Leave `active`, writing the events the resolution fires in the same transaction;
     * undefined (and nothing written) when the gather had already left it (someone else won).
     */
    async resolve(
      gather: GatherRecord,
      status: Exclude<GatherStatus, 'active'>,
      input: string | null,
      events: (resolved: GatherRecord) => OutboxEvent[] = () => [],
    ): Promise<GatherRecord | undefined> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('call_gathers')
          .set({ status, input, completed_at: isoNow(clock) })
          .where('id', '=', gather.id)
          .where('status', '=', 'active')
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        const resolved = toGather(row);
        await appendOutbox(trx, clock, events(resolved));
        return resolved;
      });
    },
  };
}
