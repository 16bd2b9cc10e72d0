/**
 * `<pc-webhook-form>`: a webhook endpoint to create, or one to change — its URL, a
 * description, the events it receives (one by one, a family such as `transfer.*`, or
 * every event) and whether it is on. The API's own schema checks it before it is sent;
 * problems, the server's included, are shown at their field. Tells the page with
 * `pc-webhook-saved` (the secret in it when one was just made) or `pc-webhook-cancel`.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { createWebhookSchema, updateWebhookSchema, webhookSubscriptionSchema, type WebhookResponse } from '../../../shared/api/webhooks-api.ts';
import { ApiError } from '../api/http-client.ts';
import type { WebhooksClient } from '../api/webhooks-client.ts';
import { adminStyles } from '../styles/admin-styles.ts';
import { baseStyles } from '../styles/base-styles.ts';

export interface WebhookSaved {
  webhook: WebhookResponse;
  /** Only right after a create. */
  secret: string | null;
}

const SUBSCRIPTIONS = webhookSubscriptionSchema.options;
const FIELDS = ['url', 'description', 'events'];

/** Each problem at its field; one no field shows goes on the form's own line. */
function problemsAt(problems: readonly { key: string; message: string }[]): Map<string, string> {
  const byField = new Map<string, string>();
  for (const { key, message } of problems) {
    const field = FIELDS.includes(key) ? key : 'form';
    byField.set(field, byField.has(field) ? `${byField.get(field)}; ${message}` : message);
  }
  return byField;
}

export class WebhookForm extends LitElement {
  static override styles = [baseStyles, adminStyles];
  static override properties = { client: { attribute: false }, webhook: { attribute: false }, events: { state: true }, problems: { state: true }, busy: { state: true } };

  declare client: WebhooksClient | undefined;
  /** The endpoint to change; none to create one. */
  declare webhook: WebhookResponse | null;
  declare events: ReadonlySet<string>;
  declare problems: Map<string, string>;
  declare busy: boolean;

  constructor() {
    super();
    this.webhook = null;
    this.events = new Set();
    this.problems = new Map();
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('webhook')) this.events = new Set(this.webhook?.events ?? []);
  }

  override render() {
    const w = this.webhook;
    const problem = (key: string) => this.problems.get(key);
    const described = (key: string) => (problem(key) ? `wh-${key}-problem` : '');
    const error = (key: string) => (problem(key) ? html`<span class="error" id="wh-${key}-problem">${problem(key)}</span>` : nothing);
    return html`<form class="card" aria-label=${w ? `Edit webhook ${w.url}` : 'New webhook'} @submit=${this.save} novalidate>
      <h2>${w ? 'Edit webhook' : 'New webhook'}</h2>
      <div class="field"><label for="wh-url">Endpoint URL</label>
        <input id="wh-url" name="url" type="url" required maxlength="2048" placeholder="https://example.com/parley-events" .value=${w?.url ?? ''}
          aria-invalid=${problem('url') ? 'true' : 'false'} aria-describedby=${described('url')} />${error('url')}</div>
      <div class="field"><label for="wh-description">Description</label>
        <input id="wh-description" name="description" maxlength="500" .value=${w?.description ?? ''} aria-invalid=${problem('description') ? 'true' : 'false'} aria-describedby=${described('description')} />${error('description')}</div>
      <fieldset aria-describedby=${described('events')}>
        <legend>Events</legend>
        ${SUBSCRIPTIONS.map((event) => html`<label class="check"><input type="checkbox" name="events" value=${event} .checked=${this.events.has(event)}
          @change=${(e: Event) => this.toggle(event, (e.target as HTMLInputElement).checked)} /> <code>${event}</code>${event === '*' ? ' (every event)' : event.endsWith('.*') ? ' (the family)' : ''}</label>`)}
        ${error('events')}
      </fieldset>
      <p><label class="check"><input type="checkbox" name="enabled" .checked=${w?.enabled ?? true} /> Enabled: deliver events to it</label></p>
      ${error('form')}
      <div class="row">
        <button class="primary" type="submit" ?disabled=${this.busy}>${w ? 'Save webhook' : 'Create webhook'}</button>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('pc-webhook-cancel', { bubbles: true, composed: true }))}>Cancel</button>
      </div>
    </form>`;
  }

  private toggle(event: string, on: boolean): void {
    const events = new Set(this.events);
    if (on) events.add(event);
    else events.delete(event);
    this.events = events;
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.client) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const description = String(data.get('description') ?? '').trim();
    const body = {
      url: String(data.get('url') ?? '').trim(),
      events: SUBSCRIPTIONS.filter((e) => this.events.has(e)),
      enabled: data.get('enabled') === 'on',
      ...(description ? { description } : this.webhook?.description ? { description: null } : {}),
    };
    const checked = (this.webhook ? updateWebhookSchema : createWebhookSchema).safeParse(body);
    if (!checked.success) {
      this.problems = problemsAt(checked.error.issues.map((issue) => ({ key: String(issue.path[0] ?? ''), message: issue.message })));
      return;
    }
    this.busy = true;
    this.problems = new Map();
    try {
      const saved: WebhookSaved = this.webhook
        ? { webhook: await this.client.update(this.webhook.id, checked.data), secret: null }
        : await this.client.create(checked.data).then(({ secret, ...webhook }) => ({ webhook, secret }));
      this.dispatchEvent(new CustomEvent<WebhookSaved>('pc-webhook-saved', { detail: saved, bubbles: true, composed: true }));
    } catch (error) {
      const details = error instanceof ApiError ? error.details : [];
      this.problems = details.length
        ? problemsAt(details.map((d) => ({ key: d.path.replace(/^body\./, '').split('.')[0] ?? '', message: d.message })))
        : new Map([['form', error instanceof Error ? error.message : String(error)]]);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pc-webhook-form', WebhookForm);
