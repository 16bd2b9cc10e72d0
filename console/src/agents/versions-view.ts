/**
 * `<pc-versions-view>`: every workflow version, newest first, with its status; the diff
 * between any two (choose the two, older on the left); "Publish" for a draft and
 * "Roll back" (publish again) for a version published before.
 */
import { LitElement, html, nothing } from 'lit';
import type { AgentResponse, AgentVersionResponse } from '../../../shared/api/agents-api.ts';
import type { AgentsClient } from '../api/agents-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { versionsStyles } from '../styles/versions-styles.ts';
import { formatTime } from '../ui/format.ts';
import { foldUnchanged, lineDiff } from './line-diff.ts';

export class VersionsView extends LitElement {
  static override styles = [baseStyles, versionsStyles];
  static override properties = {
    ctx: { attribute: false },
    agent: { attribute: false },
    versions: { attribute: false },
    client: { attribute: false },
    left: { state: true },
    right: { state: true },
    problem: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare agent: AgentResponse | undefined;
  declare versions: AgentVersionResponse[] | undefined;
  declare client: AgentsClient | undefined;
  declare left: number | null;
  declare right: number | null;
  declare problem: string | null;

  constructor() {
    super();
    this.left = null;
    this.right = null;
    this.problem = null;
  }

  override render() {
    const versions = this.versions ?? [];
    if (versions.length === 0) return html`<p class="muted">No versions yet: save a workflow draft first.</p>`;
    const right = this.right ?? versions[0]?.version ?? null;
    const left = this.left ?? versions[1]?.version ?? right;
    const canWrite = this.ctx?.can('agents.write') ?? false;
    return html`
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <table>
        <caption class="visually-hidden">Workflow versions, newest first</caption>
        <thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Saved</th><th scope="col">Published</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          ${versions.map(
            (v) => html`<tr>
              <td>v${v.version}</td>
              <td><span class="badge ${v.status === 'published' ? 'published' : v.status === 'draft' ? 'draft' : ''}">${v.status}</span></td>
              <td>${formatTime(v.created_at)}</td>
              <td>${formatTime(v.published_at)}</td>
              <td>${canWrite && v.status !== 'published' ? this.publishButton(v) : nothing}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <h2>Compare</h2>
      <div class="row">
        ${this.picker('Older', left, (value) => (this.left = value))}
        ${this.picker('Newer', right, (value) => (this.right = value))}
      </div>
      ${left !== null && right !== null ? this.diff(left, right) : nothing}
    `;
  }

  private publishButton(version: AgentVersionResponse) {
    // A version published before and since replaced is a roll back.
    const rollBack = version.status === 'superseded' && version.published_at !== null;
    return html`<button type="button" class="small" @click=${() => this.publish(version.version)}>${rollBack ? `Roll back to v${version.version}` : `Publish v${version.version}`}</button>`;
  }

  private picker(label: string, value: number | null, set: (value: number) => void) {
    const id = `pick-${label.toLowerCase()}`;
    return html`<div class="field"><label for=${id}>${label}</label>
      <select id=${id} @change=${(e: Event) => set(Number((e.target as HTMLSelectElement).value))}>
        ${(this.versions ?? []).map((v) => html`<option value=${v.version} ?selected=${v.version === value}>v${v.version} (${v.status})</option>`)}
      </select></div>`;
  }

  private diff(left: number, right: number) {
    const text = (n: number) => JSON.stringify(this.versions?.find((v) => v.version === n)?.workflow ?? {}, null, 2);
    const lines = foldUnchanged(lineDiff(text(left), text(right)));
    const changed = lines.some((l) => l.kind === 'added' || l.kind === 'removed');
    return html`<div class="diff" role="region" aria-label=${`Changes from v${left} to v${right}`} tabindex="0">
      ${!changed ? html`<p class="muted">v${left} and v${right} are the same workflow.</p>` : nothing}
      ${lines.map((l) =>
        l.kind === 'fold'
          ? html`<div class="fold">… ${l.count} unchanged lines …</div>`
          : html`<div class="d-${l.kind}"><span class="sign" aria-hidden="true">${l.kind === 'added' ? '+' : l.kind === 'removed' ? '−' : ' '}</span><span class="visually-hidden">${l.kind === 'same' ? '' : `${l.kind}: `}</span>${l.text}</div>`,
      )}
    </div>`;
  }

  private async publish(version: number) {
    if (!this.client || !this.agent) return;
    this.problem = null;
    try {
      await this.client.publish(this.agent.id, version);
      this.ctx?.announce(`Published v${version}`);
      this.dispatchEvent(new CustomEvent('pc-agent-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }
}

customElements.define('pc-versions-view', VersionsView);
