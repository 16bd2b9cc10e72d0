/**
 * `<pc-folders-panel>`: the test folders as a tree (three levels at most): choose one to
 * list its tests, create one (at the top or inside another), rename or delete one. Says
 * `pc-folder-chosen` (detail: the folder id or null) and `pc-folders-changed`.
 */
import { LitElement, html, nothing } from 'lit';
import type { FolderResponse } from '../../../shared/api/agent-tests-api.ts';
import { ApiError } from '../api/http-client.ts';
import type { TestsClient } from '../api/tests-client.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { testsStyles } from '../styles/tests-styles.ts';
import { folderRows } from './folder-tree.ts';

const MAX_LEVEL = 3;

export class FoldersPanel extends LitElement {
  static override styles = [baseStyles, testsStyles];
  static override properties = {
    client: { attribute: false },
    folders: { attribute: false },
    chosen: { attribute: false },
    canWrite: { attribute: false },
    problem: { state: true },
  };

  declare client: TestsClient | undefined;
  declare folders: FolderResponse[];
  declare chosen: string | null;
  declare canWrite: boolean;
  declare problem: string | null;

  constructor() {
    super();
    this.folders = [];
    this.chosen = null;
    this.canWrite = false;
    this.problem = null;
  }

  private say(name: 'pc-folder-chosen' | 'pc-folders-changed', detail: string | null = null): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private async act(work: () => Promise<unknown>): Promise<void> {
    this.problem = null;
    try {
      await work();
      this.say('pc-folders-changed');
    } catch (error) {
      this.problem = error instanceof ApiError && error.details.length ? error.details.map((d) => d.message).join('; ') : error instanceof Error ? error.message : String(error);
    }
  }

  private create(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const parent = String(data.get('parent') ?? '') || null;
    void this.act(async () => {
      await this.client?.createFolder(name, parent);
      form.reset();
    });
  }

  private rename(folder: FolderResponse): void {
    const name = prompt(`New name for the folder "${folder.name}"`, folder.name)?.trim();
    if (name && name !== folder.name) void this.act(() => this.client?.renameFolder(folder.id, name) ?? Promise.resolve());
  }

  private deleteFolder(folder: FolderResponse): void {
    if (!confirm(`Delete the folder "${folder.name}"? Its tests stay, unfiled.`)) return;
    void this.act(async () => {
      await this.client?.deleteFolder(folder.id);
      if (this.chosen === folder.id) this.say('pc-folder-chosen', null);
    });
  }

  override render() {
    const rows = folderRows(this.folders);
    return html`<nav class="folders card" aria-labelledby="folders-h">
      <h2 id="folders-h">Folders</h2>
      <ul>
        <li><button type="button" class="small name" aria-pressed=${this.chosen === null ? 'true' : 'false'} @click=${() => this.say('pc-folder-chosen', null)}>All tests</button></li>
        ${rows.map(
          (row) => html`<li class="level-${row.level}">
            <button type="button" class="small name" aria-pressed=${this.chosen === row.folder.id ? 'true' : 'false'} @click=${() => this.say('pc-folder-chosen', row.folder.id)}>${row.folder.name}</button>
            ${this.canWrite
              ? html`<button type="button" class="small" aria-label="Rename ${row.label}" title="Rename" @click=${() => this.rename(row.folder)}>✎</button>
                  <button type="button" class="small danger" aria-label="Delete ${row.label}" title="Delete" @click=${() => this.deleteFolder(row.folder)}>✕</button>`
              : nothing}
          </li>`,
        )}
      </ul>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${this.canWrite
        ? html`<form @submit=${this.create} aria-label="New folder">
            <div class="field"><label for="folder-name">Name of the new folder</label><input id="folder-name" name="name" required maxlength="200" /></div>
            <div class="field"><label for="folder-parent">Inside</label>
              <select id="folder-parent" name="parent"><option value="">The top level</option>
                ${rows.filter((r) => r.level < MAX_LEVEL).map((r) => html`<option value=${r.folder.id}>${r.label}</option>`)}</select></div>
            <button type="submit">Create folder</button>
          </form>`
        : nothing}
    </nav>`;
  }
}

customElements.define('pc-folders-panel', FoldersPanel);
