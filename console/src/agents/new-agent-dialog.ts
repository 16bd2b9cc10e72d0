/**
 * `<pc-new-agent-dialog>`: a new agent, blank (with the starter workflow), from a
 * template (the demo agents, `GET /v1/agent-templates`), or from an agent JSON file
 * (checked against the shared schema before it is sent). Fires `pc-agent-created`.
 */
import { LitElement, html, nothing } from 'lit';
import { createAgentSchema } from '../../../shared/agent-schema.ts';
import type { AgentTemplateResponse } from '../../../shared/api/agent-templates-api.ts';
import { describeZodIssues } from '../../../shared/describe-zod-error.ts';
import type { AgentsClient } from '../api/agents-client.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { dialogStyles } from '../styles/dialog-styles.ts';
import { STARTER_WORKFLOW } from './starter-workflow.ts';

type Source = 'blank' | 'template' | 'file';

/** How big an agent file may be: the API takes 1 MB bodies. */
const MAX_FILE_BYTES = 1024 * 1024;

export class NewAgentDialog extends LitElement {
  static override styles = [baseStyles, dialogStyles];
  static override properties = {
    agents: { attribute: false },
    source: { state: true },
    templates: { state: true },
    templateId: { state: true },
    name: { state: true },
    fileBody: { state: true },
    problems: { state: true },
    busy: { state: true },
  };

  declare agents: AgentsClient | undefined;
  declare source: Source;
  declare templates: AgentTemplateResponse[] | undefined;
  declare templateId: string | null;
  declare name: string;
  declare fileBody: unknown;
  declare problems: string[];
  declare busy: boolean;

  constructor() {
    super();
    this.source = 'blank';
    this.templateId = null;
    this.name = '';
    this.problems = [];
    this.busy = false;
  }

  /** Opens the dialog as a modal; focus moves into it and Escape closes it. */
  async open(): Promise<void> {
    this.problems = [];
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')?.showModal();
    if (!this.templates && this.agents) {
      this.agents.templates().then((templates) => (this.templates = templates)).catch((error: unknown) => (this.problems = [String(error instanceof Error ? error.message : error)]));
    }
  }

  override render() {
    return html`
      <dialog aria-labelledby="new-agent-title" @close=${() => (this.busy = false)}>
        <form method="dialog" @submit=${this.submit}>
          <h2 id="new-agent-title">New agent</h2>
          <fieldset class="choices">
            <legend>Start from</legend>
            ${(['blank', 'template', 'file'] as const).map(
              (source) => html`<label class="choice"><input type="radio" name="source" value=${source} .checked=${this.source === source}
                @change=${() => this.choose(source)} /> ${{ blank: 'Blank', template: 'A template', file: 'An agent file' }[source]}</label>`,
            )}
          </fieldset>
          ${this.source === 'template' ? this.templatePicker() : nothing}
          ${this.source === 'file'
            ? html`<div class="field"><label for="file">Agent file (JSON)</label>
                <input id="file" type="file" accept=".json,application/json" @change=${this.readFile} /></div>`
            : nothing}
          ${this.source !== 'file'
            ? html`<div class="field"><label for="name">Name</label>
                <input id="name" .value=${this.name} @input=${(e: InputEvent) => (this.name = (e.target as HTMLInputElement).value)} required maxlength="200" /></div>`
            : nothing}
          ${this.problems.length ? html`<ul class="error" role="alert">${this.problems.map((p) => html`<li>${p}</li>`)}</ul>` : nothing}
          <div class="row actions">
            <span class="spacer"></span>
            <button type="button" @click=${this.close}>Cancel</button>
            <button type="submit" class="primary" ?disabled=${this.busy}>Create agent</button>
          </div>
        </form>
      </dialog>
    `;
  }

  private templatePicker() {
    if (!this.templates) return html`<p class="muted" role="status">Loading templates…</p>`;
    return html`<fieldset class="templates">
      <legend>Template</legend>
      ${this.templates.map(
        (t) => html`<label class="template"><input type="radio" name="template" value=${t.id} .checked=${this.templateId === t.id}
          @change=${() => this.pickTemplate(t)} /><span><strong>${t.name}</strong><br /><span class="muted">${t.description}</span></span></label>`,
      )}
    </fieldset>`;
  }

  private choose(source: Source) {
    this.source = source;
    this.problems = [];
  }

  private pickTemplate(template: AgentTemplateResponse) {
    this.templateId = template.id;
    this.name = template.name;
  }

  private async readFile(event: Event) {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.fileBody = undefined;
    this.problems = [];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      this.problems = ['The file is larger than 1 MB.'];
      return;
    }
    // Older agent files spelled this server `${PARLEY_URL}`; `parley agents import` drops it, leaving the demo tool's path.
    const text = (await file.text()).replaceAll('${PARLEY_URL}', '');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      this.problems = [`The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`];
      return;
    }
    const checked = createAgentSchema.safeParse(json);
    if (!checked.success) {
      this.problems = describeZodIssues(checked.error).map((p) => `${p.path || 'file'}: ${p.message}`);
      return;
    }
    this.fileBody = json;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    if (!this.agents) return;
    const body = this.body();
    if (typeof body === 'string') {
      this.problems = [body];
      return;
    }
    this.busy = true;
    this.problems = [];
    try {
      const agent = this.source === 'file' ? await this.agents.importFile(body) : await this.agents.create(body);
      this.close();
      this.dispatchEvent(new CustomEvent('pc-agent-created', { detail: agent, bubbles: true, composed: true }));
    } catch (error) {
      this.problems = [error instanceof Error ? error.message : String(error)];
    } finally {
      this.busy = false;
    }
  }

  /** The body to send, or what is missing. */
  private body(): Record<string, unknown> | string {
    const name = this.name.trim();
    if (this.source === 'file') return this.fileBody && typeof this.fileBody === 'object' ? (this.fileBody as Record<string, unknown>) : 'Choose a valid agent file first.';
    if (!name) return 'Give the agent a name.';
    if (this.source === 'blank') return { name, workflow: STARTER_WORKFLOW };
    const template = this.templates?.find((t) => t.id === this.templateId);
    return template ? { ...template.agent, name } : 'Choose a template first.';
  }

  private close() {
    this.renderRoot.querySelector('dialog')?.close();
  }
}

customElements.define('pc-new-agent-dialog', NewAgentDialog);
