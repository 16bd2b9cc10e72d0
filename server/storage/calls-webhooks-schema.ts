/**
 * Kysely table types of migrations 004 and 007: webhooks, their outbox and delivery queue, keypad gathers
 * and debug links. Kept apart from `schema.ts` so that file stays a short index.
 */
import type { Generated } from 'kysely';

export interface WebhooksTable {
  id: Generated<number>;
  /** `wh_` + ULID. */
  public_id: string;
  workspace_id: number;
  url: string;
  /** JSON: the subscribed event names, families (`transfer.*`) or `*`. */
  events: string;
  /** Needed in clear to sign deliveries; shown to the user only at creation. */
  secret: string;
  description: string | null;
  /** 1 / 0. */
  enabled: number;
  /** After a rotation: the old secret, which signs too until `previous_secret_until` (migration 018). */
  previous_secret: string | null;
  previous_secret_until: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * One row per delivery attempt. `pending` rows due now are the queue; every row is the
 * log. A failed attempt inserts the next one, `due_at` later, with the same `event_id`.
 */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  workspace_id: number;
  webhook_id: number | null;
  /** The call the event is about; null for events that are not (`test.run.completed`). */
  session_id: number | null;
  event: string;
  event_id: string;
  /** The URL of the attempt (the webhook's URL when it was made). */
  url: string;
  /** The exact JSON body, identical across attempts. */
  payload: string;
  attempt: number;
  /** pending → sending → succeeded | failed; cancelled when the webhook went away. */
  status: string;
  status_code: number | null;
  error: string | null;
  due_at: string;
  /** While `sending`: after this time another worker may take the attempt over. */
  lease_until: string | null;
  created_at: string;
  attempted_at: string | null;
  /** JSON object: the headers sent, signatures left out (migration 018). */
  request_headers: string | null;
  /** The start of the receiver's answer, at most 2 KB. */
  response_body: string | null;
  /** From sending the request to the end of the answer (or the failure). */
  duration_ms: number | null;
}

/**
 * Events not yet relayed into deliveries, each written by the transaction of the change
 * it reports (migration 007). A row is deleted when it is relayed.
 */
export interface WebhookOutboxTable {
  id: Generated<number>;
  /** `evt_` + ULID: the `event_id` every delivery of the event carries. */
  event_id: string;
  workspace_id: number;
  session_id: number | null;
  event: string;
  /** JSON: the event's data when it was known at commit; null when `present` builds it at relay time. */
  data: string | null;
  /** `call` (the session as the calls API shows it) or `test-run` (the run `subject_id`). */
  present: string | null;
  subject_id: number | null;
  created_at: string;
  /** Set while a relay holds the row; after it, another relay may take it over. */
  lease_until: string | null;
}

export interface CallGathersTable {
  id: Generated<number>;
  /** `gth_` + ULID. */
  public_id: string;
  session_id: number;
  workspace_id: number;
  prompt: string;
  max_digits: number;
  terminator: string;
  timeout_seconds: number;
  /** active → completed | timeout | cancelled. */
  status: string;
  input: string | null;
  created_at: string;
  /** The sweeper times the gather out once this has passed. */
  expires_at: string;
  completed_at: string | null;
}

export interface CallDebugLinksTable {
  id: Generated<number>;
  session_id: number;
  workspace_id: number;
  /** 32 random bytes, base64url. Kept in clear: the link is meant to be shown again. */
  token: string;
  created_at: string;
  revoked_at: string | null;
}
