/**
 * `<pc-shared-session>`: what a share link shows, signed out — the playground session's
 * branch tree and any branch opened to read, in the playground's look but with nothing
 * to press except "Open". A dead link (unknown or revoked) says so; the server answered
 * the page itself with a 404 already.
 */
import { LitElement, html, nothing } from 'lit';
import '../api/zod-setup.ts';
import { sharedSessionSchema, type SharedSession } from '../../../shared/api/share-links-api.ts';
import { ApiError, type HttpClient } from '../api/http-client.ts';
import { branchesView } from '../playground/branches-view.ts';
import { messageView } from '../playground/message-view.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { playgroundStyles } from '../styles/playground-styles.ts';
import { sharedSessionStyles } from '../styles/shared-session-styles.ts';

type Loaded = { status: 'loading' } | { status: 'gone' } | { status: 'failed'; message: string } | { status: 'shown'; session: SharedSession };

export class SharedSessionPage extends LitElement {
  static override styles = [baseStyles, playgroundStyles, sharedSessionStyles];
  static override properties = { http: { attribute: false }, token: {}, loaded: { state: true }, branchId: { state: true } };

  declare token: string;
  declare loaded: Loaded;
  declare branchId: string | null;
  /** Set before the element is defined (its code loads late): a reactive property keeps it. */
  declare http: HttpClient | undefined;
  private loadedFor = '';

  constructor() {
    super();
    this.token = '';
    this.loaded = { status: 'loading' };
    this.branchId = null;
  }

  protected override willUpdate(): void {
    if (this.http && this.token && this.token !== this.loadedFor) {
      this.loadedFor = this.token;
      void this.load(this.http, this.token);
    }
  }

  private async load(http: HttpClient, token: string) {
    this.loaded = { status: 'loading' };
    try {
      const session = await http.get(`/v1/shared/${encodeURIComponent(token)}`, sharedSessionSchema);
      this.branchId = session.branches.find((b) => b.current)?.id ?? session.branches[0]?.id ?? null;
      this.loaded = { status: 'shown', session };
    } catch (error) {
      this.loaded = error instanceof ApiError && error.status === 404 ? { status: 'gone' } : { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  }

  override render() {
    const loaded = this.loaded;
    switch (loaded.status) {
      case 'loading':
        return html`<p class="loading" role="status">Loading the shared conversation…</p>`;
      case 'gone':
        return html`<section class="gone card"><h1>This link does not work</h1>
          <p>The shared conversation does not exist, or whoever shared it has revoked the link. Ask them for a new one.</p></section>`;
      case 'failed':
        return html`<p class="error" role="alert">The shared conversation could not be loaded (${loaded.message}): reload to try again.</p>`;
      case 'shown':
        return this.sessionView(loaded.session);
    }
  }

  private sessionView(session: SharedSession) {
    const shown = session.branches.find((b) => b.id === this.branchId) ?? session.branches[0];
    return html`
      <header class="shared-head">
        <p class="brand">Parley</p>
        <h1>${session.agent_name}: a shared playground conversation</h1>
        <p class="muted"><code>${session.call_id}</code> · ${session.status} · shared ${new Date(session.shared_at).toLocaleString()} · read-only</p>
      </header>
      <div class="layout">
        <section class="chat" aria-label="Conversation">
          ${shown
            ? html`<h2 class="branch-title">Branch ${shown.id}${shown.current ? ' (current)' : ''}</h2>
                <div class="log" role="log" aria-label=${`Messages of branch ${shown.id}`}><ol>${shown.messages.map((m) => messageView(m, undefined))}</ol></div>`
            : html`<p class="muted">No messages.</p>`}
        </section>
        <aside class="side">
          <section id="branches" class="card" aria-labelledby="branches-title">
            <h2 id="branches-title">Branches</h2>
            ${branchesView(session.branches, shown?.id ?? '', (id) => (this.branchId = id))}
            ${session.truncated ? html`<p class="muted">Only the first ${session.branches.length} branches are shared.</p>` : nothing}
          </section>
        </aside>
      </div>
    `;
  }
}

customElements.define('pc-shared-session', SharedSessionPage);
