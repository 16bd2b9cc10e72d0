/** Kysely table types of migration 022: the audit log and background leases. */
import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  workspace_id: number;
  actor_id: string;
  actor_kind: string;
  action: string;
  object_type: string;
  object_id: string;
  /** JSON: ids and field names only, never conversation content. */
  detail: string;
  created_at: string;
}

export interface BackgroundLeasesTable {
  name: string;
  holder: string;
  lease_until: string;
}
