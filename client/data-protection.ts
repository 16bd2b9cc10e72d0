/** Erasure, retention and the audit log (`/v1/erasures`, `/v1/workspace/retention`, `/v1/audit-log`); erasing one call is `calls.erase`. */
import { paginate, type Paginated } from './paginate.ts';
import type { RequestOptions, Transport } from './transport.ts';
import type { AuditEntry, AuditLogPage, AuditLogQuery, ErasureInput, ErasureResult, Retention } from './types.ts';

export function dataProtectionApi(http: Transport) {
  const auditPage = (query: AuditLogQuery = {}, options?: RequestOptions) => http.json<AuditLogPage>('GET /v1/audit-log', { query, options });
  return {
    /** Erase every call of a verified visitor (`visitor_id`) or of a `metadata` match; `dry_run: true` only counts. */
    erase: (body: ErasureInput, options?: RequestOptions) => http.json<ErasureResult>('POST /v1/erasures', { body, options }),
    /** Every audit entry the filters match, newest first, following the cursor. */
    auditLog: (query: AuditLogQuery = {}, options?: RequestOptions): Paginated<AuditEntry> =>
      paginate(http, 'GET /v1/audit-log', (after) => auditPage({ ...query, after }, options), (answer) => answer.entries, query.after),
    auditPage,
    retention: (options?: RequestOptions) => http.json<Retention>('GET /v1/workspace/retention', { options }),
    /** Days after they end that conversations are deleted; `null` keeps them. */
    setRetention: (body: Retention, options?: RequestOptions) => http.json<Retention>('PUT /v1/workspace/retention', { body, options }),
  };
}
