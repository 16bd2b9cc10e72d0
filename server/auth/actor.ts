import type { Role } from '../../shared/roles.ts';

/** A person signed in to the console, and the session they came through. */
export interface SignedIn {
  user: { id: string; internalId: number; email: string; role: Role; workspaceId: number };
  /** The cookie's value: known only to the browser and this request; stored only as `idHash`. */
  sessionId: string;
  idHash: string;
  csrfToken: string;
  /** The earlier of the idle and the absolute expiry. */
  expiresAt: string;
}

/**
 * Who is making a request on `/v1`: an API key (its workspace's admin, as keys always
 * were) or a person signed in to the console, with their role.
 */
export type Actor =
  | { kind: 'api_key'; role: 'admin'; workspaceId: number; apiKeyId: string }
  | { kind: 'user'; role: Role; workspaceId: number; userId: string; signedIn: SignedIn };

/** How the audit log names an actor: by public id, never by e-mail. */
export function auditActorOf(actor: Actor): { kind: 'user' | 'api_key'; id: string } {
  return actor.kind === 'api_key' ? { kind: 'api_key', id: actor.apiKeyId } : { kind: 'user', id: actor.userId };
}
