/**
 * Console sign-in sessions: a random id in the browser's cookie, its SHA-256 and the
 * session's state on the server. A session ends at the first of two instants: 12 hours
 * after it was last used (idle) and 7 days after sign-in (absolute), both stored as data
 * and read with the injected clock. Use moves the idle expiry at most once a minute, so
 * browsing the console does not write on every request.
 */
import type { Clock } from '../clock.ts';
import type { ConsoleSessionsRepo } from '../storage/console-sessions-repo.ts';
import type { UserRecord, UsersRepo } from '../storage/users-repo.ts';
import type { SignedIn } from './actor.ts';
import { hashSecret } from './api-key.ts';
import { newOpaqueToken, OPAQUE_TOKEN_PATTERN } from './opaque-token.ts';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = Object.freeze({ idleMs: 12 * 60 * 60_000, absoluteMs: 7 * 24 * 60 * 60_000 });

/** How stale `last_seen_at` may get before a request moves it. */
const SEEN_RESOLUTION_MS = 60_000;

export interface ConsoleSessionsPorts {
  sessions: Pick<ConsoleSessionsRepo, 'insert' | 'get' | 'touch' | 'remove' | 'prune'>;
  users: Pick<UsersRepo, 'get'>;
}

const iso = (ms: number) => new Date(ms).toISOString();

function signedIn(user: UserRecord, sessionId: string, session: { csrfToken: string; idleExpiresAt: string; absoluteExpiresAt: string }): SignedIn {
  return {
    user: { id: user.publicId, internalId: user.id, email: user.email, role: user.role, workspaceId: user.workspaceId },
    sessionId,
    idHash: hashSecret(sessionId),
    csrfToken: session.csrfToken,
    expiresAt: session.idleExpiresAt < session.absoluteExpiresAt ? session.idleExpiresAt : session.absoluteExpiresAt,
  };
}

export type ConsoleSessions = ReturnType<typeof createConsoleSessions>;

export function createConsoleSessions(ports: ConsoleSessionsPorts, options: { clock: Clock; policy?: SessionPolicy }) {
  const { clock } = options;
  const policy = Object.freeze({ ...(options.policy ?? DEFAULT_SESSION_POLICY) });
  if (policy.idleMs <= 0 || policy.absoluteMs < policy.idleMs) throw new Error('session policy: idleMs must be positive and no longer than absoluteMs');

  return {
    policy,

    /** A new session, with a new id, for a user who just proved who they are. */
    async start(user: UserRecord): Promise<SignedIn> {
      const now = clock.now();
      // Sign-ins are rare; clearing the ended sessions here keeps the table to the live ones.
      await ports.sessions.prune(iso(now));
      const sessionId = newOpaqueToken();
      const session = {
        idHash: hashSecret(sessionId),
        userId: user.id,
        csrfToken: newOpaqueToken(),
        createdAt: iso(now),
        lastSeenAt: iso(now),
        idleExpiresAt: iso(now + policy.idleMs),
        absoluteExpiresAt: iso(now + policy.absoluteMs),
      };
      await ports.sessions.insert(session);
      return signedIn(user, sessionId, session);
    },

    /** The live session a cookie names, its use recorded; `undefined` when unknown or expired. */
    async resolve(sessionId: string): Promise<SignedIn | undefined> {
      if (!OPAQUE_TOKEN_PATTERN.test(sessionId)) return undefined;
      const idHash = hashSecret(sessionId);
      const session = await ports.sessions.get(idHash);
      if (!session) return undefined;
      const now = clock.now();
      if (now >= Date.parse(session.idleExpiresAt) || now >= Date.parse(session.absoluteExpiresAt)) {
        await ports.sessions.remove(idHash);
        return undefined;
      }
      const user = await ports.users.get(session.userId);
      if (!user) return undefined;
      if (now - Date.parse(session.lastSeenAt) >= SEEN_RESOLUTION_MS) {
        session.lastSeenAt = iso(now);
        session.idleExpiresAt = iso(now + policy.idleMs);
        await ports.sessions.touch(idHash, session.lastSeenAt, session.idleExpiresAt);
      }
      return signedIn(user, sessionId, session);
    },

    async end(idHash: string): Promise<void> {
      await ports.sessions.remove(idHash);
    },

    /** Ends the session a cookie names, if any: signing in again replaces it rather than keeping both. */
    async endCookie(sessionId: string | undefined): Promise<void> {
      if (sessionId !== undefined && OPAQUE_TOKEN_PATTERN.test(sessionId)) await ports.sessions.remove(hashSecret(sessionId));
    },
  };
}
