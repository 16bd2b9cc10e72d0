/**
 * The audit entry of a change made through the API, naming the caller by public id. A
 * route hands it to the change, which writes it in its own transaction (storage/
 * audit-log-repo.ts `auditedTransaction`): the change and its record commit together.
 */
import type { Context } from 'hono';
import { auditActorOf } from '../auth/actor.ts';
import type { AuditEntryInput } from '../storage/audit-log-repo.ts';
import type { AppEnv } from './app-env.ts';

/**
 * The entry a route hands to its change.
 * @example await apiKeys.revoke(workspaceId, id, () => auditEntry(c, 'api_key.revoked', { type: 'api_key', id }));
 */
export function auditEntry(c: Context<AppEnv>, action: string, object: { type: string; id: string }, detail: Record<string, unknown> = {}): AuditEntryInput {
  return { workspaceId: c.var.workspaceId, actor: auditActorOf(c.var.actor), action, object, detail };
}
