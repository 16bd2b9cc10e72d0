/**
 * `<pc-set-password>`: the page a one-time link opens (`/console/set-password?token=…`):
 * the first admin's, or an invited user's. Choosing a password signs in; fires
 * `pc-signed-in` with the session.
 */
import { LitElement, html, nothing } from 'lit';
import type { AuthClient } from '../api/auth-client.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from '../api/auth-session.ts';
import { ApiError } from '../api/http-client.ts';
import { authPageStyles } from '../styles/auth-page-styles.ts';
import { baseStyles } from '../styles/base-styles.ts';

export class SetPasswordPage extends LitElement {
  static override styles = [baseStyles, authPageStyles];
  static override properties = {
    auth: { attribute: false },
    token: { type: String },
    problem: { state: true },
    busy: { state: true },
  };

  declare auth: AuthClient | undefined;
  declare token: string;
  declare problem: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.token = '';
    this.problem = null;
    this.busy = false;
  }

  override render() {
    if (!this.token) {
      return html`<main class="auth"><div class="card"><h1>Set your password</h1>
        <p class="error" role="alert">This link has no token. Open the whole link you were given, or ask an admin for a new one.</p>
        <a href="/console/sign-in">Go to sign-in</a></div></main>`;
    }
    return html`
      <main class="auth">
        <form class="card" @submit=${this.submit} novalidate aria-labelledby="title">
          <h1 id="title">Set your password</h1>
          <p class="muted">At least ${PASSWORD_MIN} characters. The link works once.</p>
          <div class="field">
            <label for="password">New password</label>
            <input id="password" name="password" type="password" autocomplete="new-password" minlength=${PASSWORD_MIN} maxlength=${PASSWORD_MAX} required />
          </div>
          <div class="field">
            <label for="again">The same password again</label>
            <input id="again" name="again" type="password" autocomplete="new-password" required />
          </div>
          <p class="error" role="alert">${this.problem ?? nothing}</p>
          <button class="primary" type="submit" ?disabled=${this.busy}>Set password and sign in</button>
        </form>
      </main>
    `;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(data.get('password') ?? '');
    if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
      this.problem = `The password needs ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`;
      return;
    }
    if (password !== String(data.get('again') ?? '')) {
      this.problem = 'The two passwords differ.';
      return;
    }
    if (!this.auth) return;
    this.busy = true;
    this.problem = null;
    try {
      const session = await this.auth.setPassword(this.token, password);
      this.dispatchEvent(new CustomEvent('pc-signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (error) {
      this.problem = error instanceof ApiError && error.code === 'invalid_token'
        ? 'This link was used already or has expired: ask an admin for a new one.'
        : error instanceof Error ? error.message : 'Setting the password failed: try again.';
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pc-set-password', SetPasswordPage);
