/**
 * `<pc-api-keys-page>` (admin): the workspace's API keys with their last use; create one
 * (its key is shown once, right then) and revoke one (its next use answers 401).
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import { apiKeyListSchema, createdApiKeySchema, type ApiKeyView } from './admin-schemas.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { formatTime } from '../ui/format.ts';

export class ApiKeysPage extends LitElement {
  static override styles = [baseStyles];
  static override properties = { ctx: { attribute: false }, keys: { state: true }, problem: { state: true }, created: { state: true } };

  declare ctx: ConsoleContext | undefined;
  declare keys: ApiKeyView[] | undefined;
  declare problem: string | null;
  declare created: { name: string; key: string } | null;

  constructor() {
    super();
    this.problem = null;
    this.created = null;
  }

  /** Loads once the shell has handed over the context (set before this element's code was loaded). */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !changed.get('ctx')) void this.load();
  }

  private async load() {
    if (!this.ctx) return;
    try {
      this.keys = (await this.ctx.http.get('/v1/api-keys', apiKeyListSchema)).data;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    return html`
      <h1>API keys</h1>
      <p class="muted">A key acts as an admin of this workspace. Send it as <code>Authorization: Bearer …</code>.</p>
      <form class="card row" @submit=${this.create}>
        <div class="field"><label for="name">Name</label><input id="name" name="name" required maxlength="100" placeholder="CI, billing service…" /></div>
        <button type="submit" class="primary">Create key</button>
      </form>
      ${this.created
        ? html`<div class="card" role="status"><p>Key <strong>${this.created.name}</strong> created. Copy it now: it is not shown again.</p><p><code>${this.created.key}</code></p></div>`
        : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.keys
        ? html`<table>
            <caption class="visually-hidden">API keys of this workspace</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${this.keys.map(
              (k) => html`<tr><td>${k.name}</td><td><code>${k.prefix}…</code></td><td>${formatTime(k.created_at)}</td><td>${formatTime(k.last_used_at)}</td>
                <td><button type="button" class="small danger" @click=${() => void this.revoke(k)}>Revoke ${k.name}</button></td></tr>`,
            )}</tbody>
          </table>`
        : html`<p class="muted" role="status">Loading keys…</p>`}
    `;
  }

  private async create(event: SubmitEvent) {
    event.preventDefault();
    if (!this.ctx) return;
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    this.problem = null;
    try {
      const created = await this.ctx.http.post('/v1/api-keys', { name }, createdApiKeySchema);
      this.created = { name: created.name, key: created.key };
      form.reset();
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
    await this.load();
  }

  private async revoke(key: ApiKeyView) {
    if (!this.ctx || !confirm(`Revoke ${key.name}? Anything using it stops working.`)) return;
    this.problem = null;
    try {
      await this.ctx.http.write('DELETE', `/v1/api-keys/${encodeURIComponent(String(key.id))}`);
      this.ctx.announce(`Revoked ${key.name}`);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
    await this.load();
  }
}

customElements.define('pc-api-keys-page', ApiKeysPage);
