import type { AuthSession, UserResponse } from '../../shared/api/auth-api.ts';
import type { UserRecord } from '../storage/users-repo.ts';
import type { SignedIn } from './actor.ts';

export function presentUser(user: UserRecord): UserResponse {
  return {
    id: user.publicId,
    email: user.email,
    role: user.role,
    created_at: user.createdAt,
    last_sign_in_at: user.lastSignInAt,
    status: user.passwordHash === null ? 'invited' : 'active',
  };
}

/** The answer of sign-in, set-password and `GET /v1/auth/session`. */
export function presentSession(signedIn: SignedIn): AuthSession {
  const { user } = signedIn;
  return { user: { id: user.id, email: user.email, role: user.role, workspace_id: user.workspaceId }, csrf_token: signedIn.csrfToken, expires_at: signedIn.expiresAt };
}
