/**
 * Erasure (issue #19 item 3): one call, every call of a verified visitor, or every call
 * whose metadata matches. Each call is deleted with all that hangs off it, and recorded in
 * the audit log in the same transaction — by its id and the kind of request, never by
 * what it held (a visitor id or a metadata value is itself what is being erased).
 */
import { z } from 'zod';
import { MAX_LISTED_CALL_IDS, type ErasureRequest, type ErasureResult } from '../../shared/api/erasure-api.ts';
import { callIdOf, runIdOfCallId } from '../../shared/ids.ts';
import { notFound } from '../errors.ts';
import type { AuditActor, AuditEntryInput } from '../storage/audit-log-repo.ts';
import type { ErasureRepo } from '../storage/erasure-repo.ts';

/** Sessions read per query while matching, and deleted per transaction. */
const CHUNK = 200;

export type ErasureService = ReturnType<typeof createErasureService>;

type Reason = 'request' | 'visitor' | 'metadata';

export function createErasureService(deps: { erasure: Pick<ErasureRepo, 'find' | 'visitorChunk' | 'metadataChunk' | 'erase'> }) {
  const { erasure } = deps;

  function auditOf(workspaceId: number, actor: AuditActor, reason: Reason, extra: Record<string, unknown> = {}) {
    return (deleted: number[]): AuditEntryInput[] =>
      deleted.map((id) => ({ workspaceId, actor, action: 'call.erased', object: { type: 'call', id: callIdOf(id) }, detail: { reason, ...extra } }));
  }

  /** Every matching session id, oldest first; memory grows with the matches only. */
  async function matching(workspaceId: number, request: ErasureRequest): Promise<number[]> {
    const found: number[] = [];
    let after = 0;
    for (;;) {
      if (request.visitor_id !== undefined) {
        const ids = await erasure.visitorChunk(workspaceId, request.visitor_id, after, CHUNK);
        found.push(...ids);
        if (ids.length < CHUNK) return found;
        after = ids.at(-1) ?? after;
      } else {
        const rows = await erasure.metadataChunk(workspaceId, after, CHUNK);
        for (const row of rows) if (metadataMatches(row.metadata, request.metadata ?? {})) found.push(row.id);
        if (rows.length < CHUNK) return found;
        after = rows.at(-1)?.id ?? after;
      }
    }
  }

  return {
    /** Erase one call of the workspace; a call that is not there (any more) is a 404. */
    async eraseCall(workspaceId: number, callId: string, actor: AuditActor): Promise<void> {
      const runId = runIdOfCallId(callId);
      const id = runId === undefined ? undefined : await erasure.find(workspaceId, runId);
      if (id === undefined) throw notFound('Call not found');
      const deleted = await erasure.erase(workspaceId, [id], auditOf(workspaceId, actor, 'request'));
      if (deleted.length === 0) throw notFound('Call not found');
    },

    /** Erase (or on a dry run, count) every call of a visitor or of a metadata match. */
    async eraseMatching(workspaceId: number, request: ErasureRequest, actor: AuditActor): Promise<ErasureResult> {
      const ids = await matching(workspaceId, request);
      const reason: Reason = request.visitor_id !== undefined ? 'visitor' : 'metadata';
      // The keys say which fields matched; their values are what is being erased.
      const extra = request.metadata ? { metadata_keys: Object.keys(request.metadata).sort() } : {};
      let erased = 0;
      if (!request.dry_run) {
        for (let i = 0; i < ids.length; i += CHUNK) {
          erased += (await erasure.erase(workspaceId, ids.slice(i, i + CHUNK), auditOf(workspaceId, actor, reason, extra))).length;
        }
      }
      return { dry_run: request.dry_run, matched: ids.length, erased, call_ids: ids.slice(0, MAX_LISTED_CALL_IDS).map(callIdOf) };
    },
  };
}

const storedMetadataSchema = z.record(z.string(), z.unknown());

/** Whether a session's stored metadata JSON has every wanted key with exactly that value. */
function metadataMatches(stored: string, wanted: Record<string, string | number | boolean>): boolean {
  const record = storedMetadataSchema.parse(JSON.parse(stored));
  return Object.entries(wanted).every(([key, value]) => Object.hasOwn(record, key) && record[key] === value);
}
