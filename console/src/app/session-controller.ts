/**
 * Who is signed in, as a reactive controller: checked once on load
 * (`GET /v1/auth/session`), set by sign-in and set-password, cleared by sign-out or by
 * any answer that says the session has ended. It owns the CSRF token the HTTP client
 * sends with every write.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AuthClient } from '../api/auth-client.ts';
import type { AuthSession } from '../api/auth-session.ts';
import { ApiError } from '../api/http-client.ts';

/** `checking` until the first answer; then signed in or not. */
export type SessionState = { status: 'checking' } | { status: 'signed-out'; expired: boolean } | { status: 'signed-in'; session: AuthSession };

export class SessionController implements ReactiveController {
  state: SessionState = { status: 'checking' };
  /** Why checking failed for a reason other than "not signed in" (the server is down). */
  problem: string | null = null;
  private auth: AuthClient | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The client to use; set once, before `check()`. */
  useClient(auth: AuthClient): void {
    this.auth = auth;
  }

  get csrfToken(): string | null {
    return this.state.status === 'signed-in' ? this.state.session.csrf_token : null;
  }

  async check(): Promise<void> {
    try {
      this.set({ status: 'signed-in', session: await this.client().session() });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.set({ status: 'signed-out', expired: false });
      else {
        this.problem = error instanceof Error ? error.message : String(error);
        this.set({ status: 'signed-out', expired: false });
      }
    }
  }

  /** Sign-in and set-password both answer a session. */
  adopt(session: AuthSession): void {
    this.problem = null;
    this.set({ status: 'signed-in', session });
  }

  async signOut(): Promise<void> {
    try {
      await this.client().signOut();
    } finally {
      this.set({ status: 'signed-out', expired: false });
    }
  }

  /** An answer said 401: the session expired or was ended elsewhere. */
  lost(): void {
    if (this.state.status === 'signed-in') this.set({ status: 'signed-out', expired: true });
  }

  private client(): AuthClient {
    if (!this.auth) throw new Error('SessionController: useClient() first');
    return this.auth;
  }

  private set(state: SessionState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}
