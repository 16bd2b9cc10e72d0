/**
 * `<pc-knowledge-bases-page>`: the workspace's knowledge bases (what agents answer from),
 * each with its document count, and a form to create one (builders and admins).
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { KnowledgeBaseResponse } from '../../../shared/api/knowledge-bases-api.ts';
import { createKnowledgeClient, type KnowledgeClient } from '../api/knowledge-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { formatTime } from '../ui/format.ts';

export class KnowledgeBasesPage extends LitElement {
  static override styles = [baseStyles];
  static override properties = { ctx: { attribute: false }, bases: { state: true }, problem: { state: true }, busy: { state: true } };

  declare ctx: ConsoleContext | undefined;
  declare bases: KnowledgeBaseResponse[] | undefined;
  declare problem: string | null;
  declare busy: boolean;
  private client: KnowledgeClient | undefined;

  constructor() {
    super();
    this.problem = null;
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !changed.get('ctx')) {
      this.client = createKnowledgeClient(this.ctx.http);
      void this.load();
    }
  }

  private async load() {
    try {
      this.bases = await this.client?.list();
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    const canWrite = this.ctx?.can('agents.write') ?? false;
    return html`
      <h1>Knowledge</h1>
      <p class="muted">Documents your agents answer from, with numbered sources. An agent uses the bases chosen in its settings.</p>
      ${canWrite
        ? html`<form class="card row" @submit=${this.create} aria-label="New knowledge base">
            <div class="field"><label for="kb-name">Name</label><input id="kb-name" name="name" required maxlength="200" placeholder="Help centre, returns policy…" /></div>
            <div class="field"><label for="kb-language">Language <span class="hint">stems the search</span></label><input id="kb-language" name="language" value="en" maxlength="20" /></div>
            <button type="submit" class="primary" ?disabled=${this.busy}>Create knowledge base</button>
          </form>`
        : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.bases === undefined
        ? html`<p class="muted" role="status">Loading knowledge bases…</p>`
        : this.bases.length === 0
          ? html`<p class="muted">No knowledge base yet.</p>`
          : html`<table>
              <caption class="visually-hidden">Knowledge bases</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Language</th><th scope="col">Documents</th><th scope="col">Updated</th></tr></thead>
              <tbody>${this.bases.map(
                (base) => html`<tr><td><a href="${BASE}/knowledge/${base.id}">${base.name}</a>${base.description ? html`<div class="muted">${base.description}</div>` : nothing}</td>
                  <td>${base.language}</td><td>${base.document_count}</td><td>${formatTime(base.updated_at)}</td></tr>`,
              )}</tbody>
            </table>`}
    `;
  }

  private async create(event: SubmitEvent) {
    event.preventDefault();
    if (!this.client || !this.ctx) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    this.problem = null;
    this.busy = true;
    try {
      const base = await this.client.create({ name: String(data.get('name') ?? '').trim(), language: String(data.get('language') ?? 'en').trim() || 'en' });
      this.ctx.navigate(`${BASE}/knowledge/${base.id}`);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pc-knowledge-bases-page', KnowledgeBasesPage);
