/**
 * `<pc-knowledge-base-page>`: one knowledge base — its documents with their status
 * (`processing` is watched until it settles, a failure shows its reason), documents added
 * by upload (text, Markdown, HTML, PDF) or pasted, deleted, and a search that shows the
 * passages an agent would be given for a question, with their scores.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { KnowledgeBaseResponse, KnowledgeDocumentResponse, KnowledgeHit } from '../../../shared/api/knowledge-bases-api.ts';
import { createKnowledgeClient, type KnowledgeClient } from '../api/knowledge-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE, type Route } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { watchRuns } from '../tests/run-watch.ts';
import { formatTime } from '../ui/format.ts';

const problemOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class KnowledgeBasePage extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; margin: 1rem 0; }
      .badge.ready { color: var(--pc-ok); border-color: var(--pc-ok); }
      .badge.failed { color: var(--pc-danger); border-color: var(--pc-danger); }
      .hits { list-style: none; padding: 0; }
      .hits li { border-bottom: 1px solid var(--pc-border); padding: 0.5rem 0; }
      .hits p { margin: 0.25rem 0 0; white-space: pre-wrap; }
    `,
  ];
  static override properties = {
    ctx: { attribute: false },
    route: { attribute: false },
    base: { state: true },
    documents: { state: true },
    hits: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare route: Route | undefined;
  declare base: KnowledgeBaseResponse | undefined;
  declare documents: KnowledgeDocumentResponse[] | undefined;
  declare hits: { query: string; mode: string; data: KnowledgeHit[] } | undefined;
  declare problem: string | null;
  declare busy: boolean;
  private client: KnowledgeClient | undefined;
  private loadedFor: string | undefined;
  private watching = false;

  constructor() {
    super();
    this.problem = null;
    this.busy = false;
  }

  private get baseId(): string | undefined {
    return this.route?.name === 'knowledge-base' ? this.route.baseId : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !this.client) this.client = createKnowledgeClient(this.ctx.http);
    if (this.client && this.baseId && this.baseId !== this.loadedFor) {
      this.loadedFor = this.baseId;
      this.base = undefined;
      this.documents = undefined;
      this.hits = undefined;
      void this.load();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loadedFor = undefined;
  }

  private async load() {
    const id = this.baseId;
    if (!this.client || !id) return;
    try {
      [this.base, this.documents] = await Promise.all([this.client.get(id), this.client.documents(id)]);
      this.watchProcessing();
    } catch (error) {
      this.problem = problemOf(error);
    }
  }

  /** While a document is `processing`, read the list again (growing waits) until none is. */
  private watchProcessing() {
    const id = this.baseId;
    if (this.watching || !this.client || !id || !this.documents?.some((doc) => doc.status === 'processing')) return;
    this.watching = true;
    const client = this.client;
    const look = async () => {
      const before = this.documents?.map((doc) => doc.status).join();
      this.documents = await client.documents(id);
      return { active: this.documents.some((doc) => doc.status === 'processing'), changed: before !== this.documents.map((doc) => doc.status).join() };
    };
    void watchRuns(look, () => !this.isConnected || this.baseId !== id)
      .catch((error: unknown) => (this.problem = problemOf(error)))
      .finally(() => (this.watching = false));
  }

  override render() {
    const base = this.base;
    if (!base) return this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : html`<p class="muted" role="status">Loading the knowledge base…</p>`;
    const canWrite = this.ctx?.can('agents.write') ?? false;
    return html`
      <p><a href="${BASE}/knowledge">Knowledge</a> /</p>
      <div class="row"><h1>${base.name}</h1><span class="spacer"></span>
        ${canWrite ? html`<button type="button" class="danger" @click=${this.removeBase}>Delete knowledge base</button>` : nothing}</div>
      <p class="muted">${base.description || nothing} Language <code>${base.language}</code> · <code>${base.id}</code></p>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${canWrite ? this.addForms() : nothing}
      <h2>Documents</h2>
      ${this.documentsTable(canWrite)}
      <h2>Try a search</h2>
      <form class="row" role="search" aria-label="Search this knowledge base" @submit=${this.search}>
        <div class="field search"><label for="kb-q">Question</label><input id="kb-q" name="q" type="search" required maxlength="1000" /></div>
        <button type="submit" class="primary">Search</button>
      </form>
      ${this.hitsList()}
    `;
  }

  private addForms() {
    return html`<div class="cards">
      <form class="card" @submit=${this.upload} aria-label="Upload a document">
        <h2>Upload a file</h2>
        <div class="field"><label for="doc-file">File <span class="hint">.txt, .md, .html or .pdf</span></label>
          <input id="doc-file" name="file" type="file" required accept=".txt,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf" /></div>
        <div class="field"><label for="doc-file-url">Source URL <span class="hint">optional, shown in citations</span></label><input id="doc-file-url" name="url" type="url" /></div>
        <button type="submit" class="primary" ?disabled=${this.busy}>Upload</button>
      </form>
      <form class="card" @submit=${this.paste} aria-label="Paste a document">
        <h2>Paste text</h2>
        <div class="field"><label for="doc-title">Title</label><input id="doc-title" name="title" required maxlength="300" /></div>
        <div class="field"><label for="doc-content">Content <span class="hint"># headings split it into sections</span></label><textarea id="doc-content" name="content" rows="5" required></textarea></div>
        <div class="field"><label for="doc-url">Source URL <span class="hint">optional</span></label><input id="doc-url" name="url" type="url" /></div>
        <button type="submit" class="primary" ?disabled=${this.busy}>Add document</button>
      </form>
    </div>`;
  }

  private documentsTable(canWrite: boolean) {
    if (!this.documents) return html`<p class="muted" role="status">Loading documents…</p>`;
    if (this.documents.length === 0) return html`<p class="muted">No documents yet.</p>`;
    return html`<table>
      <caption class="visually-hidden">Documents of ${this.base?.name}</caption>
      <thead><tr><th scope="col">Title</th><th scope="col">Format</th><th scope="col">Status</th><th scope="col">Passages</th><th scope="col">Updated</th>
        ${canWrite ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : nothing}</tr></thead>
      <tbody>${this.documents.map(
        (doc) => html`<tr>
          <td>${doc.url ? html`<a href=${doc.url} rel="noopener noreferrer" target="_blank">${doc.title}</a>` : doc.title}</td>
          <td>${doc.format}</td>
          <td><span class="badge ${doc.status}">${doc.status}</span>${doc.failure_reason ? html`<div class="error">${doc.failure_reason}</div>` : nothing}</td>
          <td>${doc.passage_count}</td><td>${formatTime(doc.updated_at)}</td>
          ${canWrite ? html`<td><button type="button" class="small danger" @click=${() => void this.removeDocument(doc)}>Delete ${doc.title}</button></td>` : nothing}
        </tr>`,
      )}</tbody>
    </table>`;
  }

  private hitsList() {
    if (!this.hits) return nothing;
    if (this.hits.data.length === 0) return html`<p class="muted" role="status">No passage matches “${this.hits.query}”.</p>`;
    return html`<p class="muted" role="status">${this.hits.data.length} passages for “${this.hits.query}” (${this.hits.mode === 'hybrid' ? 'full text and embeddings' : 'full text'}).</p>
      <ol class="hits" aria-label="Passages found">${this.hits.data.map(
        (hit, i) => html`<li><strong>[${i + 1}] ${hit.title}</strong>${hit.heading_path.length ? html` <span class="muted">› ${hit.heading_path.join(' › ')}</span>` : nothing}
          <span class="badge">score ${hit.score.toFixed(3)}</span><p>${hit.text}</p></li>`,
      )}</ol>`;
  }

  /** Runs one write, shows its problem if it fails, and reads the documents again. */
  private async write(action: () => Promise<unknown>, done: string, form?: HTMLFormElement) {
    this.problem = null;
    this.busy = true;
    try {
      await action();
      form?.reset();
      this.ctx?.announce(done);
    } catch (error) {
      this.problem = problemOf(error);
    } finally {
      this.busy = false;
    }
    await this.load();
  }

  private async upload(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    if (!String(data.get('url') ?? '').trim()) data.delete('url');
    const [client, id] = [this.client, this.baseId];
    if (client && id) await this.write(() => client.uploadDocument(id, data), 'Document uploaded: it is being processed', form);
  }

  private async paste(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const url = String(data.get('url') ?? '').trim();
    const body = { title: String(data.get('title') ?? '').trim(), content: String(data.get('content') ?? ''), ...(url ? { url } : {}) };
    const [client, id] = [this.client, this.baseId];
    if (client && id) await this.write(() => client.addDocument(id, body), 'Document added: it is being processed', form);
  }

  private async removeDocument(doc: KnowledgeDocumentResponse) {
    const [client, id] = [this.client, this.baseId];
    if (!client || !id || !confirm(`Delete ${doc.title}? Agents stop citing it.`)) return;
    await this.write(() => client.removeDocument(id, doc.id), `Deleted ${doc.title}`);
  }

  private async removeBase() {
    const id = this.baseId;
    if (!this.client || !id || !this.base || !confirm(`Delete ${this.base.name} and all its documents?`)) return;
    try {
      await this.client.remove(id);
      this.ctx?.announce(`Deleted ${this.base.name}`);
      this.ctx?.navigate(`${BASE}/knowledge`);
    } catch (error) {
      this.problem = problemOf(error);
    }
  }

  private async search(event: SubmitEvent) {
    event.preventDefault();
    const query = String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? '').trim();
    const id = this.baseId;
    if (!this.client || !id || !query) return;
    this.problem = null;
    try {
      const result = await this.client.search(id, query);
      this.hits = { query, mode: result.mode, data: result.data };
    } catch (error) {
      this.problem = problemOf(error);
    }
  }
}

customElements.define('pc-knowledge-base-page', KnowledgeBasePage);
