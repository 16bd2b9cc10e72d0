/**
 * `<pc-webhook-deliveries>`: one endpoint's delivery log, newest first, one row per
 * attempt — event, status, attempt, the answer's status code — each expandable to the
 * request as sent (signatures left out) and the answer's first 2 KB, with "Redeliver"
 * (a new attempt of the same event). While an attempt is pending or sending the log is
 * read again with backoff, so a delivery's outcome shows without a reload.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { DeliveryDetail, WebhookResponse } from '../../../shared/api/webhooks-api.ts';
import type { WebhooksClient } from '../api/webhooks-client.ts';
import { adminStyles } from '../styles/admin-styles.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { formatTime, pretty } from '../ui/format.ts';

/** Re-reads while something is in flight: 1 s, 2 s, 4 s… up to 10 s, 20 times at most. */
const WATCH_BUDGET = 20;
const inFlight = (d: DeliveryDetail) => d.status === 'pending' || d.status === 'sending';

/** A body as a person reads it: indented when it is JSON, else as it came. */
function readable(body: string): string {
  try {
    return pretty(JSON.parse(body));
  } catch {
    return body;
  }
}

export class WebhookDeliveries extends LitElement {
  static override styles = [baseStyles, adminStyles];
  static override properties = { client: { attribute: false }, webhook: { attribute: false }, deliveries: { state: true }, open: { state: true }, problem: { state: true } };

  declare client: WebhooksClient | undefined;
  declare webhook: WebhookResponse | undefined;
  declare deliveries: DeliveryDetail[] | undefined;
  /** The attempts whose request and answer are shown. */
  declare open: ReadonlySet<number>;
  declare problem: string | null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watched = 0;

  constructor() {
    super();
    this.open = new Set();
    this.problem = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('webhook') && changed.get('webhook')?.id !== this.webhook?.id) || (changed.has('client') && !changed.get('client'))) {
      this.deliveries = undefined;
      this.open = new Set();
      void this.refresh();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  /** Reads the log again, and keeps reading while an attempt is in flight. */
  async refresh(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.client || !this.webhook) return;
    this.watched = 0;
    await this.read();
  }

  private async read(): Promise<void> {
    if (!this.client || !this.webhook) return;
    try {
      this.deliveries = await this.client.deliveries(this.webhook.id);
      this.problem = null;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return;
    }
    if (this.deliveries.some(inFlight) && this.watched < WATCH_BUDGET) {
      this.timer = setTimeout(() => void this.read(), Math.min(10_000, 1000 * 2 ** this.watched));
      this.watched += 1;
    }
  }

  override render() {
    const list = this.deliveries;
    return html`
      <div class="row"><h3>Delivery log</h3><button type="button" class="small" @click=${() => void this.refresh()}>Refresh the log</button></div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${list === undefined && !this.problem ? html`<p class="muted" role="status">Loading deliveries…</p>` : nothing}
      ${list?.length === 0 ? html`<p class="muted">No deliveries yet: they appear here when a subscribed event happens.</p>` : nothing}
      ${list?.length
        ? html`<table>
            <caption class="visually-hidden">Deliveries to ${this.webhook?.url}, newest first</caption>
            <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempt</th><th scope="col">Answer</th><th scope="col">When</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${list.map((d) => this.row(d))}</tbody>
          </table>`
        : nothing}
    `;
  }

  private row(d: DeliveryDetail) {
    const shown = this.open.has(d.id);
    return html`<tr>
        <td><code>${d.event}</code></td>
        <td><span class="badge">${d.status}</span>${d.error ? html` <span class="muted">${d.error}</span>` : nothing}</td>
        <td>${d.attempt}</td>
        <td>${d.status_code ?? '—'}${d.duration_ms === null ? nothing : html` <span class="muted">in ${d.duration_ms} ms</span>`}</td>
        <td>${formatTime(d.attempted_at ?? d.created_at)}</td>
        <td><div class="row">
          <button type="button" class="small" aria-expanded=${shown ? 'true' : 'false'} aria-controls="delivery-${d.id}" @click=${() => this.toggle(d.id)}>
            ${shown ? 'Hide' : 'Show'} request and answer<span class="visually-hidden"> of attempt ${d.id}</span></button>
          <button type="button" class="small" ?disabled=${inFlight(d)} @click=${() => void this.redeliver(d)}>Redeliver<span class="visually-hidden"> ${d.event} (attempt ${d.id})</span></button>
        </div></td>
      </tr>
      ${shown
        ? html`<tr id="delivery-${d.id}"><td colspan="6">
            <h4>Request</h4><p class="muted">POST ${d.url}</p>
            <!-- A long body scrolls: focusable so the keyboard can scroll it too. -->
            <pre tabindex="0" aria-label="Request body of attempt ${d.id}">${readable(d.request.body)}</pre>
            <h4>Answer</h4>${d.response
              ? html`<p>Status ${d.response.status_code ?? '—'}</p><pre tabindex="0" aria-label="Answer body of attempt ${d.id}">${d.response.body ?? ''}</pre>`
              : html`<p class="muted">None yet.</p>`}
          </td></tr>`
        : nothing}`;
  }

  private toggle(id: number): void {
    const open = new Set(this.open);
    if (!open.delete(id)) open.add(id);
    this.open = open;
  }

  private async redeliver(d: DeliveryDetail): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.redeliver(d.id);
      this.dispatchEvent(new CustomEvent('pc-announce', { detail: `Redelivery of ${d.event} queued`, bubbles: true, composed: true }));
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
    await this.refresh();
  }
}

customElements.define('pc-webhook-deliveries', WebhookDeliveries);
