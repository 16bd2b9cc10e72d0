/** Erasure and retention (`/v1/erasures`, `/v1/workspace/retention`); erasing one call is `calls.erase`. */
import type { RequestOptions, Transport } from './transport.ts';
import type { ErasureInput, ErasureResult, Retention } from './types.ts';

export function dataProtectionApi(http: Transport) {
  return {
    /** Erase every call of a verified visitor (`visitor_id`) or of a `metadata` match; `dry_run: true` only counts. */
    erase: (body: ErasureInput, options?: RequestOptions) => http.json<ErasureResult>('POST /v1/erasures', { body, options }),
    retention: (options?: RequestOptions) => http.json<Retention>('GET /v1/workspace/retention', { options }),
    /** Days after they end that conversations are deleted; `null` keeps them. */
    setRetention: (body: Retention, options?: RequestOptions) => http.json<Retention>('PUT /v1/workspace/retention', { body, options }),
  };
}
