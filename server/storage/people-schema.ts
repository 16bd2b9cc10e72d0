/**
 * Kysely table types of migration 010: users, console sessions, set-password tokens and
 * the shared sign-in attempt counters. Kept apart from `schema.ts` so that file stays a
 * short index.
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  /** `user_` + ULID. */
  public_id: string;
  workspace_id: number;
  /** As the admin typed it, for display. */
  email: string;
  /** Lower-cased: unique per workspace, the sign-in lookup key. */
  email_key: string;
  /** `scrypt$…` (server/auth/password-hash.ts); null while the user is invited. */
  password_hash: string | null;
  role: string;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface ConsoleSessionsTable {
  /** SHA-256 hex of the cookie's value; the value itself is never stored. */
  id_hash: string;
  user_id: number;
  /** Bound to the session; the console sends it back as `x-csrf-token`. */
  csrf_token: string;
  created_at: string;
  /** Moved forward at most once a minute, so reading pages does not write on every request. */
  last_seen_at: string;
  idle_expires_at: string;
  absolute_expires_at: string;
}

export interface PasswordTokensTable {
  /** SHA-256 hex of the link's token. */
  token_hash: string;
  user_id: number;
  /** `first_admin`, `invite` or `cli`: why the link was made. */
  purpose: string;
  created_at: string;
  expires_at: string;
  /** Set when redeemed; a used token is refused. */
  used_at: string | null;
}

/** Sign-in attempts per key (`account:…`, `ip:…`) in a fixed window; shared by every process on the database. */
export interface SignInAttemptsTable {
  key: string;
  attempts: number;
  window_started_at: string;
}

/** A read-only link to a playground session (issue #14 item 6); the token is kept as its SHA-256. */
export interface ShareLinksTable {
  id: Generated<number>;
  /** share_ + ULID: how the API names the link (list, revoke). */
  public_id: string;
  workspace_id: number;
  session_id: number;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}
