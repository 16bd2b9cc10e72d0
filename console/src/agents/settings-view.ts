/**
 * `<pc-settings-view>`: the agent's configuration beside its workflow — prompt, LLM
 * settings, tools (JSON), widget settings and the knowledge bases it answers from — checked against the
 * shared `updateAgentSchema` before it is sent, each problem shown at its field. Beside
 * the widget settings, the real widget previews them as they are typed.
 */
import { LitElement, html, nothing } from 'lit';
import { updateAgentSchema } from '../../../shared/agent-schema.ts';
import type { AgentResponse } from '../../../shared/api/agents-api.ts';
import type { KnowledgeBaseResponse } from '../../../shared/api/knowledge-bases-api.ts';
import { describeZodIssues } from '../../../shared/describe-zod-error.ts';
import type { AgentsClient } from '../api/agents-client.ts';
import { ApiError } from '../api/http-client.ts';
import { createKnowledgeClient } from '../api/knowledge-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { settingsStyles } from '../styles/settings-styles.ts';
import { readSettingsForm } from './settings-form-data.ts';
import { previewSettings } from './preview-settings.ts';
import './widget-preview.ts';
import type { PreviewSettings } from './widget-preview.ts';

export class SettingsView extends LitElement {
  static override styles = [baseStyles, settingsStyles];
  static override properties = {
    ctx: { attribute: false },
    agent: { attribute: false },
    client: { attribute: false },
    errors: { state: true },
    bases: { state: true },
    saving: { state: true },
    preview: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare agent: AgentResponse | undefined;
  declare client: AgentsClient | undefined;
  /** Problems by path (`system_prompt`, `widget.theme.accent`, `form` for the rest). */
  declare errors: Record<string, string>;
  /** The workspace's knowledge bases, to choose from; undefined until read. */
  declare bases: KnowledgeBaseResponse[] | undefined;
  declare saving: boolean;
  /** The widget settings as the form has them now, for the live preview. */
  declare preview: PreviewSettings | undefined;
  private previewOf: string | undefined;

  constructor() {
    super();
    this.errors = {};
    this.saving = false;
  }

  protected override willUpdate(): void {
    if (this.agent && this.previewOf !== this.agent.updated_at) {
      this.previewOf = this.agent.updated_at;
      this.preview = previewSettings(this.agent);
    }
    if (this.ctx && this.bases === undefined) {
      this.bases = [];
      createKnowledgeClient(this.ctx.http).list().then(
        (bases) => (this.bases = bases),
        (error: unknown) => (this.errors = { ...this.errors, knowledge_base_ids: `The knowledge bases could not be read: ${error instanceof Error ? error.message : String(error)}` }),
      );
    }
  }

  override render() {
    const agent = this.agent;
    if (!agent) return nothing;
    const readonly = !(this.ctx?.can('agents.write') ?? false);
    return html`
      <form @submit=${this.save} @input=${this.previewEdits} novalidate>
        <fieldset ?disabled=${readonly}>
          <legend class="visually-hidden">Agent settings</legend>
          <section class="card">
            <h2>Conversation</h2>
            ${this.text('name', 'Name', agent.name, { required: true })}
            ${this.area('system_prompt', 'System prompt', agent.system_prompt, 6)}
            ${this.text('first_message', 'First message', agent.first_message ?? '', { hint: "Replaces the start node's text when set" })}
            ${this.text('language', 'Language', agent.language, { hint: 'e.g. en, de, pt-BR' })}
          </section>
          <section class="card">
            <h2>LLM</h2>
            <div class="grid3">
              ${this.text('llm.model', 'Model', agent.llm.model ?? '', { hint: 'Empty: the workspace or server default' })}
              ${this.text('llm.temperature', 'Temperature', agent.llm.temperature?.toString() ?? '', { type: 'number', step: '0.1' })}
              ${this.text('llm.max_tokens', 'Max tokens', agent.llm.max_tokens?.toString() ?? '', { type: 'number', step: '1' })}
            </div>
          </section>
          <section class="card">
            <h2>Tools</h2>
            ${this.area('tools', 'Tools (JSON array)', JSON.stringify(agent.tools, null, 2), 8, 'name, description, parameters (JSON Schema), server_url, method, headers, timeout_ms, retries', true)}
          </section>
          <section class="card">
            <h2>Widget</h2>
            <div class="check"><input id="widget.enabled" name="widget.enabled" type="checkbox" ?checked=${agent.widget.enabled} /><label for="widget.enabled">Widget enabled (public text chat)</label></div>
            <div class="grid2">
              ${this.text('widget.title', 'Title', agent.widget.title ?? '')}
              ${this.text('widget.welcome_text', 'Welcome text', agent.widget.welcome_text ?? '')}
              ${this.text('widget.theme.accent', 'Accent colour', agent.widget.theme.accent ?? '', { hint: 'e.g. #0b5cad' })}
              ${this.text('widget.theme.font', 'Font', agent.widget.theme.font ?? '')}
              ${this.text('widget.theme.radius', 'Corner radius', agent.widget.theme.radius ?? '', { hint: 'e.g. 12px' })}
            </div>
            ${this.area('widget.allowed_origins', 'Allowed origins (one per line)', agent.widget.allowed_origins.join('\n'), 3, 'https://shop.example, or * for any')}
            <h3>Preview</h3>
            <pc-widget-preview .settings=${this.preview}></pc-widget-preview>
          </section>
          <section class="card">
            <h2>Knowledge</h2>
            ${this.knowledgeFields(agent)}
          </section>
          ${this.errors['form'] ? html`<p class="error" role="alert">${this.errors['form']}</p>` : nothing}
          ${readonly ? html`<p class="muted">Read only for your role.</p>` : html`<button type="submit" class="primary" ?disabled=${this.saving}>Save settings</button>`}
        </fieldset>
      </form>
    `;
  }

  private text(name: string, label: string, value: string, options: { required?: boolean; hint?: string; type?: string; step?: string } = {}) {
    const error = this.errors[name];
    return html`<div class="field">
      <label for=${name}>${label}${options.hint ? html` <span class="hint">${options.hint}</span>` : nothing}</label>
      <input id=${name} name=${name} type=${options.type ?? 'text'} step=${options.step ?? nothing} .value=${value} ?required=${options.required ?? false}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${name}-error` : nothing} />
      ${error ? html`<span id=${`${name}-error`} class="error">${error}</span>` : nothing}
    </div>`;
  }

  private area(name: string, label: string, value: string, rows: number, hint?: string, json = false) {
    const error = this.errors[name];
    return html`<div class="field">
      <label for=${name}>${label}${hint ? html` <span class="hint">${hint}</span>` : nothing}</label>
      <textarea id=${name} name=${name} rows=${rows} class=${json ? 'json' : 'prose'} .value=${value} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${name}-error` : nothing}></textarea>
      ${error ? html`<span id=${`${name}-error`} class="error">${error}</span>` : nothing}
    </div>`;
  }

  /** A checkbox per knowledge base of the workspace; `llm` nodes search the ones ticked (or fewer, if they narrow). */
  private knowledgeFields(agent: AgentResponse) {
    const error = this.errors['knowledge_base_ids'];
    const chosen = new Set(agent.knowledge_base_ids);
    return html`<fieldset class="bases" aria-describedby=${error ? 'knowledge_base_ids-error' : nothing}>
      <legend>Knowledge bases the agent answers from, citing them</legend>
      ${this.bases?.length === 0 ? html`<p class="muted">No knowledge base yet.</p>` : nothing}
      ${this.bases?.map(
        (base) => html`<div class="check"><input id=${`kb-${base.id}`} name="knowledge_base_ids" type="checkbox" value=${base.id} ?checked=${chosen.has(base.id)} />
          <label for=${`kb-${base.id}`}>${base.name} <span class="hint">${base.document_count} documents</span></label></div>`,
      )}
      ${error ? html`<span id="knowledge_base_ids-error" class="error">${error}</span>` : nothing}
    </fieldset>
    <p><a href="${BASE}/knowledge">Manage knowledge bases</a></p>`;
  }

  /** The form as it stands, for the preview (unsaved, so not checked against the schema). */
  private previewEdits(event: Event) {
    const form = event.currentTarget as HTMLFormElement;
    if (this.agent) this.preview = previewSettings(this.agent, new FormData(form));
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    if (!this.agent || !this.client) return;
    const read = readSettingsForm(new FormData(event.currentTarget as HTMLFormElement));
    if (!read.ok) {
      this.errors = read.errors;
      return;
    }
    const checked = updateAgentSchema.safeParse(read.patch);
    if (!checked.success) {
      this.errors = Object.fromEntries(describeZodIssues(checked.error).map((p) => [p.path || 'form', p.message]));
      return;
    }
    this.errors = {};
    this.saving = true;
    try {
      await this.client.update(this.agent.id, read.patch);
      this.ctx?.announce('Settings saved');
      this.dispatchEvent(new CustomEvent('pc-agent-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.errors = error instanceof ApiError && error.details.length
        ? Object.fromEntries(error.details.map((p) => [p.path.replace(/^body\.?/, '') || 'form', p.message]))
        : { form: error instanceof Error ? error.message : String(error) };
    } finally {
      this.saving = false;
    }
  }
}

customElements.define('pc-settings-view', SettingsView);
