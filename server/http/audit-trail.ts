/**
 * Records a change made through the API in the audit log, naming the caller by public id.
 * For changes whose use case has no transaction to share; erasures and the retention
 * period write their entry inside their own transaction instead (storage/erasure-repo.ts).
 */
import type { Context } from 'hono';
import { auditActorOf } from '../auth/actor.ts';
import type { AuditEntryInput } from '../storage/audit-log-repo.ts';
import type { AppEnv } from './app-env.ts';

export type AuditRecorder = (entry: AuditEntryInput) => Promise<void>;

/** What a route handler calls after its change succeeded. */
export function auditChange(
  c: Context<AppEnv>,
  record: AuditRecorder,
  action: string,
  object: { type: string; id: string },
  detail: Record<string, unknown> = {},
): Promise<void> {
  return record({ workspaceId: c.var.workspaceId, actor: auditActorOf(c.var.actor), action, object, detail });
}
