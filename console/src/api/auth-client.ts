/** The sign-in routes of the console auth contract. */
import { authSessionParser, type AuthSession } from './auth-session.ts';
import type { HttpClient } from './http-client.ts';

export function createAuthClient(http: HttpClient) {
  return {
    signIn: (email: string, password: string): Promise<AuthSession> => http.post('/v1/auth/sign-in', { email, password }, authSessionParser),
    session: (): Promise<AuthSession> => http.get('/v1/auth/session', authSessionParser),
    setPassword: (token: string, password: string): Promise<AuthSession> => http.post('/v1/auth/password', { token, password }, authSessionParser),
    signOut: (): Promise<void> => http.write('POST', '/v1/auth/sign-out'),
  };
}

export type AuthClient = ReturnType<typeof createAuthClient>;
