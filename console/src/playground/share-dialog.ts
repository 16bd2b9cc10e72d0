/**
 * `<pc-share-dialog>`: "Share" — a read-only link to this playground session (its branch
 * tree and every branch) for a demo or a bug report. The link is shown once, when made;
 * the live links are listed by when they were made, each revocable.
 */
import { LitElement, css, html, nothing } from 'lit';
import { createdShareLinkSchema, shareLinkListSchema, type ShareLinkResponse } from '../../../shared/api/share-links-api.ts';
import type { HttpClient } from '../api/http-client.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { dialogStyles } from '../styles/dialog-styles.ts';

export class ShareDialog extends LitElement {
  static override styles = [baseStyles, dialogStyles, css`.links { list-style: none; padding: 0; margin: 0; } .links li { padding: 0.25rem 0; border-bottom: 1px solid var(--pc-border); } h3 { font-size: 0.95rem; margin: 1rem 0 0.25rem; }`];
  static override properties = { links: { state: true }, made: { state: true }, problem: { state: true }, busy: { state: true } };

  declare links: ShareLinkResponse[];
  declare made: { id: string; url: string } | null;
  declare problem: string | null;
  declare busy: boolean;
  http: HttpClient | undefined;
  callId = '';

  constructor() {
    super();
    this.links = [];
    this.made = null;
    this.problem = null;
    this.busy = false;
  }

  private get path() {
    return `/v1/calls/${encodeURIComponent(this.callId)}/share-links`;
  }

  async open(): Promise<void> {
    this.made = null;
    this.problem = null;
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')?.showModal();
    await this.run(async (http) => {
      this.links = (await http.get(this.path, shareLinkListSchema)).data;
    });
  }

  override render() {
    return html`<dialog aria-labelledby="share-title">
      <h2 id="share-title">Share this session</h2>
      <p class="muted">Anyone with the link reads the branch tree and every branch, without signing in, and can change nothing. Revoke it when the demo is over.</p>
      ${this.made
        ? html`<div class="field"><label for="share-url">Share link <span class="hint">copy it now: it is shown only once</span></label>
            <input id="share-url" readonly .value=${this.made.url} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} /></div>`
        : nothing}
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <h3>Live links</h3>
      ${this.links.length === 0
        ? html`<p class="muted">None yet.</p>`
        : html`<ul class="links">${this.links.map(
            (link) => html`<li class="row">
              <span>Made ${new Date(link.created_at).toLocaleString()} <code>${link.id}</code></span><span class="spacer"></span>
              <button type="button" class="small danger" ?disabled=${this.busy} aria-label=${`Revoke link ${link.id}`} @click=${() => void this.revoke(link.id)}>Revoke</button>
            </li>`,
          )}</ul>`}
      <div class="row actions"><span class="spacer"></span>
        <button type="button" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>Close</button>
        <button type="button" class="primary" ?disabled=${this.busy} @click=${() => void this.create()}>Create link</button>
      </div>
    </dialog>`;
  }

  private async create() {
    await this.run(async (http) => {
      const made = await http.post(this.path, undefined, createdShareLinkSchema);
      this.made = { id: made.id, url: made.url };
      this.links = [...this.links, { id: made.id, call_id: made.call_id, created_at: made.created_at }];
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#share-url')?.focus();
    });
  }

  private async revoke(id: string) {
    await this.run(async (http) => {
      await http.write('DELETE', `${this.path}/${encodeURIComponent(id)}`);
      this.links = this.links.filter((link) => link.id !== id);
      if (this.made?.id === id) this.made = null;
    });
  }

  /** One request at a time; a failure is said in the dialog. */
  private async run(work: (http: HttpClient) => Promise<void>) {
    if (!this.http || this.busy) return;
    this.busy = true;
    this.problem = null;
    try {
      await work(this.http);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pc-share-dialog', ShareDialog);
