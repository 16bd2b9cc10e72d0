/**
 * People and sign-in, wired in one place: the password hasher, console sessions, the
 * sign-in throttle, set-password links and the users service. The server, the CLI and
 * the tests build them here, so the wiring cannot drift between them.
 */
import type { Clock } from './clock.ts';
import { createConsoleSessions, type SessionPolicy } from './auth/console-sessions.ts';
import { createPasswordHasher, type PasswordHasher } from './auth/password-hash.ts';
import { createSetPasswordLinks } from './auth/set-password-links.ts';
import { createSignIn } from './auth/sign-in.ts';
import { createSignInThrottle, type ThrottleLimits } from './auth/sign-in-throttle.ts';
import { createUsersService } from './auth/users-service.ts';
import type { Repositories } from './storage/repositories.ts';

export interface AuthOptions {
  /** scrypt with the default parameters unless given (tests pass a cheaper one). */
  hasher?: PasswordHasher;
  sessionPolicy?: SessionPolicy;
  throttleLimits?: ThrottleLimits;
}

export function composeAuth(deps: { repos: Repositories; clock: Clock; publicUrl: () => string }, options: AuthOptions = {}) {
  const { repos, clock } = deps;
  const hasher = options.hasher ?? createPasswordHasher();
  const sessions = createConsoleSessions({ sessions: repos.consoleSessions, users: repos.users }, { clock, ...(options.sessionPolicy ? { policy: options.sessionPolicy } : {}) });
  const throttle = createSignInThrottle(repos.signInAttempts, { clock, ...(options.throttleLimits ? { limits: options.throttleLimits } : {}) });
  const links = createSetPasswordLinks({ tokens: repos.passwordTokens, users: repos.users, hasher, sessions }, { clock, publicUrl: deps.publicUrl });
  return {
    sessions,
    links,
    signIn: createSignIn({ users: repos.users, hasher, throttle, sessions }),
    users: createUsersService({ users: repos.users, links }),
  };
}

export type Auth = ReturnType<typeof composeAuth>;
