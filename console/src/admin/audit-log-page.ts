/**
 * `<pc-audit-log-page>` (admin): who — a user or an API key, by id — did what to which
 * object, and when, newest first; filtered by actor, action, object and dates as
 * `GET /v1/audit-log` filters, with its cursor behind "Load more".
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { z } from 'zod';
import '../api/zod-setup.ts';
import { auditLogPageSchema } from '../../../shared/api/audit-log-api.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { formatTime } from '../ui/format.ts';

type AuditEntry = z.infer<typeof auditLogPageSchema>['entries'][number];

const TEXT_FILTERS = [
  { name: 'actor', label: 'Who', hint: 'user_…, key_… or system' },
  { name: 'action', label: 'Action', hint: 'e.g. agent.published' },
  { name: 'object_type', label: 'Object type', hint: 'agent, api_key, webhook, user, call, workspace' },
  { name: 'object', label: 'Object id', hint: 'e.g. agent_…' },
] as const;

/** A date input's day as the API's instant: the start of that day, or of the next one for "to". */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const start = new Date(`${day}T00:00:00`);
  if (end) start.setDate(start.getDate() + 1);
  return start.toISOString();
}

/** The query string of the filter form, with the page's cursor. */
export function auditQuery(form: FormData, after: string | null): string {
  const query = new URLSearchParams({ limit: '50' });
  for (const { name } of TEXT_FILTERS) {
    const value = String(form.get(name) ?? '').trim();
    if (value) query.set(name, value);
  }
  const from = dayBound(String(form.get('from') ?? ''), false);
  const to = dayBound(String(form.get('to') ?? ''), true);
  if (from) query.set('from_date', from);
  if (to) query.set('to_date', to);
  if (after) query.set('after', after);
  return query.toString();
}

const describeDetail = (detail: Record<string, unknown>) =>
  Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');

export class AuditLogPage extends LitElement {
  static override styles = [baseStyles];
  static override properties = { ctx: { attribute: false }, entries: { state: true }, nextCursor: { state: true }, problem: { state: true }, busy: { state: true } };

  declare ctx: ConsoleContext | undefined;
  declare entries: AuditEntry[] | undefined;
  declare nextCursor: string | null;
  declare problem: string | null;
  declare busy: boolean;
  private filter = new FormData();

  constructor() {
    super();
    this.nextCursor = null;
    this.problem = null;
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !changed.get('ctx')) void this.load(false);
  }

  private async load(more: boolean) {
    if (!this.ctx) return;
    this.busy = true;
    this.problem = null;
    try {
      const page = await this.ctx.http.get(`/v1/audit-log?${auditQuery(this.filter, more ? this.nextCursor : null)}`, auditLogPageSchema);
      this.entries = more ? [...(this.entries ?? []), ...page.entries] : page.entries;
      this.nextCursor = page.next_cursor;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <h1>Audit log</h1>
      <p class="muted">Every change to agents, keys, webhooks, users and roles, settings, and every erasure: who made it and when. Erased content is never written here.</p>
      <form class="row filters" role="search" aria-label="Filter the audit log" @submit=${this.apply}>
        ${TEXT_FILTERS.map(
          (f) => html`<div class="field"><label for=${`f-${f.name}`}>${f.label}</label><input id=${`f-${f.name}`} name=${f.name} maxlength="64" placeholder=${f.hint} /></div>`,
        )}
        <div class="field"><label for="f-from">From</label><input id="f-from" name="from" type="date" /></div>
        <div class="field"><label for="f-to">To</label><input id="f-to" name="to" type="date" /></div>
        <button class="primary" type="submit">Apply filters</button>
      </form>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.table()}
      ${this.nextCursor ? html`<p><button type="button" ?disabled=${this.busy} @click=${() => void this.load(true)}>Load more</button></p>` : nothing}
    `;
  }

  private table() {
    if (this.entries === undefined) return html`<p class="muted" role="status">Loading the audit log…</p>`;
    if (this.entries.length === 0) return html`<p class="muted" role="status">No entry matches.</p>`;
    return html`<table>
      <caption class="visually-hidden">Audit log entries, newest first</caption>
      <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Object</th><th scope="col">Detail</th></tr></thead>
      <tbody>${this.entries.map(
        (entry) => html`<tr>
          <td>${formatTime(entry.created_at)}</td>
          <td>${entry.actor.kind === 'api_key' ? 'API key' : entry.actor.kind} <code>${entry.actor.id}</code></td>
          <td><code>${entry.action}</code></td>
          <td>${entry.object.type} <code>${entry.object.id}</code></td>
          <td class="muted">${describeDetail(entry.detail)}</td>
        </tr>`,
      )}</tbody>
    </table>`;
  }

  private apply(event: SubmitEvent) {
    event.preventDefault();
    this.filter = new FormData(event.currentTarget as HTMLFormElement);
    void this.load(false);
  }
}

customElements.define('pc-audit-log-page', AuditLogPage);
