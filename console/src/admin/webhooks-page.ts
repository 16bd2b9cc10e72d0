/**
 * `<pc-webhooks-page>` (admin): the workspace's webhook endpoints with their events and
 * whether each is on; create, change or delete one; open one to rotate its signing secret
 * (the previous secret keeps signing beside the new one for a grace period, so receivers
 * can switch without losing an event) and to read its delivery log. A secret is shown once:
 * right after the create or the rotation that made it.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { WebhookResponse } from '../../../shared/api/webhooks-api.ts';
import { createWebhooksClient, type WebhooksClient } from '../api/webhooks-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { adminStyles } from '../styles/admin-styles.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { formatTime } from '../ui/format.ts';
import './webhook-deliveries.ts';
import './webhook-form.ts';
import type { WebhookSaved } from './webhook-form.ts';

/** The grace periods offered for a rotation; the API takes any number of seconds up to a week. */
const GRACE: readonly { seconds: number; label: string }[] = [
  { seconds: 0, label: 'none: retire the old secret now' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 24 * 3600, label: '24 hours' },
  { seconds: 7 * 24 * 3600, label: '7 days' },
];

export class WebhooksPage extends LitElement {
  static override styles = [baseStyles, adminStyles];
  static override properties = {
    ctx: { attribute: false },
    webhooks: { state: true },
    editing: { state: true },
    openId: { state: true },
    secret: { state: true },
    problem: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare webhooks: WebhookResponse[] | undefined;
  /** The form: `'new'`, the endpoint being changed, or closed. */
  declare editing: 'new' | WebhookResponse | null;
  /** The endpoint whose secret and delivery log are shown. */
  declare openId: string | null;
  /** A secret just made, shown this once. */
  declare secret: { url: string; value: string; rotated: boolean } | null;
  declare problem: string | null;
  private client: WebhooksClient | undefined;

  constructor() {
    super();
    this.editing = null;
    this.openId = null;
    this.secret = null;
    this.problem = null;
    this.addEventListener('pc-announce', (e) => this.ctx?.announce((e as CustomEvent<string>).detail));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !this.client) {
      this.client = createWebhooksClient(this.ctx.http);
      void this.load();
    }
  }

  private async load(): Promise<void> {
    if (!this.client) return;
    try {
      this.webhooks = await this.client.list();
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    const open = this.webhooks?.find((w) => w.id === this.openId);
    return html`
      <div class="row"><h1>Webhooks</h1><span class="spacer"></span>
        <button class="primary" type="button" ?disabled=${this.editing === 'new'} @click=${() => (this.editing = 'new')}>New webhook</button></div>
      <p class="muted">Parley POSTs each subscribed event to the endpoint as JSON, signed with the endpoint's secret (<code>webhook-signature</code>, Standard Webhooks), and retries a failed delivery with backoff.</p>
      ${this.secret ? this.secretCard(this.secret) : nothing}
      ${this.editing
        ? html`<pc-webhook-form .client=${this.client} .webhook=${this.editing === 'new' ? null : this.editing}
            @pc-webhook-saved=${(e: CustomEvent<WebhookSaved>) => void this.saved(e.detail)} @pc-webhook-cancel=${() => (this.editing = null)}></pc-webhook-form>`
        : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.webhooks === undefined && !this.problem ? html`<p class="muted" role="status">Loading webhooks…</p>` : nothing}
      ${this.webhooks?.length === 0 ? html`<p class="muted">No webhooks yet.</p>` : nothing}
      ${this.webhooks?.length ? this.table(this.webhooks) : nothing}
      ${open ? this.detail(open) : nothing}
    `;
  }

  private table(webhooks: readonly WebhookResponse[]) {
    return html`<table>
      <caption class="visually-hidden">Webhook endpoints</caption>
      <thead><tr><th scope="col">Endpoint</th><th scope="col">Events</th><th scope="col">Status</th><th scope="col">Secret</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${webhooks.map((w) => html`<tr>
        <td><code>${w.url}</code>${w.description ? html`<br /><span class="muted">${w.description}</span>` : nothing}</td>
        <td>${w.events.map((e) => html`<code>${e}</code> `)}</td>
        <td><span class="badge">${w.enabled ? 'enabled' : 'disabled'}</span></td>
        <td><code>${w.secret_hint}</code>${w.previous_secret_until ? html`<br /><span class="muted">old one signs until ${formatTime(w.previous_secret_until)}</span>` : nothing}</td>
        <td><div class="row">
          <button type="button" class="small" aria-expanded=${this.openId === w.id ? 'true' : 'false'} @click=${() => (this.openId = this.openId === w.id ? null : w.id)}>Deliveries and secret<span class="visually-hidden"> of ${w.url}</span></button>
          <button type="button" class="small" @click=${() => (this.editing = w)}>Edit<span class="visually-hidden"> ${w.url}</span></button>
          <button type="button" class="small danger" @click=${() => void this.deleteWebhook(w)}>Delete<span class="visually-hidden"> ${w.url}</span></button>
        </div></td>
      </tr>`)}</tbody>
    </table>`;
  }

  /** The open endpoint: rotate its secret, read its deliveries. */
  private detail(w: WebhookResponse) {
    return html`<section class="card" aria-labelledby="open-webhook">
      <h2 id="open-webhook">${w.url}</h2>
      <form class="row" aria-label="Rotate the signing secret" @submit=${(e: SubmitEvent) => void this.rotate(e, w)}>
        <div class="field"><label for="grace">Old secret keeps signing for</label>
          <select id="grace" name="grace" aria-describedby="grace-hint">${GRACE.map((g) => html`<option value=${g.seconds} ?selected=${g.seconds === 24 * 3600}>${g.label}</option>`)}</select></div>
        <button type="submit">Rotate secret</button>
      </form>
      <p class="hint" id="grace-hint">During the grace period every delivery carries two signatures, one per secret, so a receiver that checks either keeps working while you roll the new secret out. After it, only the new secret signs.</p>
      <pc-webhook-deliveries .client=${this.client} .webhook=${w}></pc-webhook-deliveries>
    </section>`;
  }

  private secretCard(secret: { url: string; value: string; rotated: boolean }) {
    return html`<div class="card secret" role="status">
      <p>${secret.rotated ? 'The new signing secret' : 'The signing secret'} of <code>${secret.url}</code>. Copy it now: it is not shown again.</p>
      <p><code>${secret.value}</code></p>
      <button type="button" class="small" @click=${() => (this.secret = null)}>I have copied it</button>
    </div>`;
  }

  private async saved({ webhook, secret }: WebhookSaved): Promise<void> {
    this.editing = null;
    if (secret) this.secret = { url: webhook.url, value: secret, rotated: false };
    this.ctx?.announce(secret ? `Created the webhook ${webhook.url}` : `Saved the webhook ${webhook.url}`);
    await this.load();
  }

  private async rotate(event: SubmitEvent, w: WebhookResponse): Promise<void> {
    event.preventDefault();
    if (!this.client) return;
    const grace = Number(new FormData(event.currentTarget as HTMLFormElement).get('grace'));
    this.problem = null;
    try {
      const { secret, ...webhook } = await this.client.rotate(w.id, grace);
      this.secret = { url: webhook.url, value: secret, rotated: true };
      this.ctx?.announce('Rotated the secret');
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
    await this.load();
  }

  private async deleteWebhook(w: WebhookResponse): Promise<void> {
    if (!this.client || !confirm(`Delete the webhook ${w.url}? Its pending deliveries are cancelled.`)) return;
    this.problem = null;
    try {
      await this.client.remove(w.id);
      if (this.openId === w.id) this.openId = null;
      this.ctx?.announce(`Deleted the webhook ${w.url}`);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
    await this.load();
  }
}

customElements.define('pc-webhooks-page', WebhooksPage);
