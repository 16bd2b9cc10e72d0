/**
 * `<pc-settings-page>` (admin): the workspace's defaults — the LLM settings agents fall
 * back to (model, temperature, longest answer) and the idle time after which a live
 * conversation is ended. A blank field means "not set here": the server's default applies.
 * The form is checked with the API's own schema before it is sent, and the server's
 * problems, if any, are shown at the same fields.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import { updateWorkspaceSettingsSchema, workspaceSettingsSchema, type WorkspaceSettings } from '../../../shared/api/workspace-settings-api.ts';
import { ApiError } from '../api/http-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { adminStyles } from '../styles/admin-styles.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { settingsFormBody, type SettingsForm } from './settings-form.ts';

const FIELDS: readonly { key: keyof SettingsForm; label: string; hint: string; mode: 'text' | 'decimal' | 'numeric' }[] = [
  { key: 'llm.model', label: 'Model', hint: 'the model name, e.g. gpt-4o-mini', mode: 'text' },
  { key: 'llm.temperature', label: 'Temperature', hint: '0 to 2', mode: 'decimal' },
  { key: 'llm.max_tokens', label: 'Longest answer (tokens)', hint: '1 to 32000', mode: 'numeric' },
  { key: 'session_idle_minutes', label: 'Idle timeout (minutes)', hint: 'a live conversation idle this long is ended; 1 to 10080', mode: 'numeric' },
];

export class SettingsPage extends LitElement {
  static override styles = [baseStyles, adminStyles];
  static override properties = { ctx: { attribute: false }, settings: { state: true }, problems: { state: true }, problem: { state: true }, saved: { state: true }, busy: { state: true } };

  declare ctx: ConsoleContext | undefined;
  declare settings: WorkspaceSettings | undefined;
  declare problems: Map<string, string>;
  declare problem: string | null;
  declare saved: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.problems = new Map();
    this.problem = null;
    this.saved = null;
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !changed.get('ctx')) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.ctx) return;
    try {
      this.settings = await this.ctx.http.get('/v1/workspace/settings', workspaceSettingsSchema);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  private textOf(key: keyof SettingsForm): string {
    const s = this.settings;
    if (!s) return '';
    const value = key === 'session_idle_minutes' ? s.session_idle_minutes : s.llm[key.slice(4) as keyof WorkspaceSettings['llm']];
    return value === null ? '' : String(value);
  }

  override render() {
    if (!this.settings) return html`<h1>Workspace settings</h1>${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : html`<p class="muted" role="status">Loading the settings…</p>`}`;
    return html`
      <h1>Workspace settings</h1>
      <p class="muted">Defaults for every agent of the workspace. An agent's own LLM settings win over these; a blank field uses the server's default.</p>
      <form class="card" @submit=${this.save} novalidate>
        <fieldset>
          <legend>Default LLM settings</legend>
          ${FIELDS.slice(0, 3).map((f) => this.field(f))}
        </fieldset>
        <fieldset>
          <legend>Conversations</legend>
          ${this.field(FIELDS[3]!)}
        </fieldset>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${this.busy}>Save settings</button>
        <p role="status">${this.saved ?? nothing}</p>
      </form>
    `;
  }

  /** A labelled input with its hint and, when there is one, its problem, tied by `aria-describedby`. */
  private field(f: (typeof FIELDS)[number]) {
    const id = `s-${f.key.replace('.', '-')}`;
    const problem = this.problems.get(f.key);
    return html`<div class="field">
      <label for=${id}>${f.label} <span class="hint" id="${id}-hint">${f.hint}</span></label>
      <input id=${id} name=${f.key} inputmode=${f.mode} placeholder="server default" .value=${this.textOf(f.key)}
        aria-invalid=${problem ? 'true' : 'false'} aria-describedby="${id}-hint${problem ? ` ${id}-problem` : ''}" />
      ${problem ? html`<span class="error" id="${id}-problem">${problem}</span>` : nothing}
    </div>`;
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.ctx) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const form = Object.fromEntries(FIELDS.map((f) => [f.key, String(data.get(f.key) ?? '')])) as SettingsForm;
    this.saved = null;
    this.problem = null;
    const checked = updateWorkspaceSettingsSchema.safeParse(settingsFormBody(form));
    if (!checked.success) {
      this.problems = new Map(checked.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
      return;
    }
    this.busy = true;
    try {
      this.settings = await this.ctx.http.patch('/v1/workspace/settings', checked.data, workspaceSettingsSchema);
      this.problems = new Map();
      this.saved = 'Saved. New turns use these settings.';
      this.ctx.announce('Saved the workspace settings');
    } catch (error) {
      if (error instanceof ApiError && error.details.length) {
        const problems = error.details.map((d) => [d.path.replace(/^body\./, ''), d.message] as const);
        this.problems = new Map(problems.filter(([key]) => FIELDS.some((f) => f.key === key)));
        const rest = problems.filter(([key]) => !this.problems.has(key));
        this.problem = rest.length ? rest.map(([key, message]) => `${key}: ${message}`).join('; ') : null;
      } else {
        this.problem = error instanceof Error ? error.message : String(error);
      }
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pc-settings-page', SettingsPage);
