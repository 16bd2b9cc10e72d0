/**
 * `<pc-sign-in>`: e-mail and password. A wrong pair and a throttled account read as the
 * server says them (the same message for a wrong e-mail as for a wrong password).
 * Fires `pc-signed-in` with the session.
 */
import { LitElement, html, nothing } from 'lit';
import type { AuthClient } from '../api/auth-client.ts';
import { ApiError } from '../api/http-client.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { authPageStyles } from '../styles/auth-page-styles.ts';

export class SignInPage extends LitElement {
  static override styles = [baseStyles, authPageStyles];
  static override properties = {
    auth: { attribute: false },
    expired: { type: Boolean },
    problem: { state: true },
    busy: { state: true },
  };

  declare auth: AuthClient | undefined;
  declare expired: boolean;
  declare problem: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.expired = false;
    this.problem = null;
    this.busy = false;
  }

  override render() {
    return html`
      <main class="auth">
        <form class="card" @submit=${this.submit} novalidate aria-labelledby="title">
          <h1 id="title">Sign in to Parley</h1>
          ${this.expired ? html`<p class="muted" role="status">Your session ended. Sign in again to go on.</p>` : nothing}
          <div class="field">
            <label for="email">E-mail</label>
            <input id="email" name="email" type="email" autocomplete="username" required />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <p class="error" role="alert">${this.problem ?? nothing}</p>
          <button class="primary" type="submit" ?disabled=${this.busy}>Sign in</button>
          <p class="hint">No password yet? Use the set-password link the server printed or an admin sent you.</p>
        </form>
      </main>
    `;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!email || !password) {
      this.problem = 'Enter your e-mail and your password.';
      return;
    }
    if (!this.auth) return;
    this.busy = true;
    this.problem = null;
    try {
      const session = await this.auth.signIn(email, password);
      this.dispatchEvent(new CustomEvent('pc-signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (error) {
      this.problem = error instanceof ApiError ? error.message : 'Signing in failed: try again.';
      form.querySelector<HTMLInputElement>('#password')?.select();
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pc-sign-in', SignInPage);
