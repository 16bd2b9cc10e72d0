/**
 * `<pc-workflow-view>`: the workflow drawn beside its definition. Typing redraws the
 * graph (once the text is a workflow the schema accepts) and lists the problems, each
 * naming its node; selecting a node shows its properties. "Save draft" stores the text
 * as a new version, and the server's compiler has the last word: its refusal is shown
 * against the node it names.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { AgentResponse, AgentVersionResponse } from '../../../shared/api/agents-api.ts';
import type { WorkflowDefinition } from '../../../shared/workflow-schema.ts';
import type { AgentsClient } from '../api/agents-client.ts';
import { ApiError } from '../api/http-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { STARTER_WORKFLOW } from '../agents/starter-workflow.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { workflowViewStyles } from '../styles/workflow-view-styles.ts';
import { pretty } from '../ui/format.ts';
import { checkDefinition, nodeLine, nodeOfMessage, nodeOfPath, type EditorProblem } from './definition-check.ts';
import './definition-editor.ts';
import type { DefinitionEditor } from './definition-editor.ts';
import './workflow-canvas.ts';
import { workflowGraph, type WorkflowGraph } from './workflow-graph.ts';

const REDRAW_DELAY_MS = 150;

export class WorkflowView extends LitElement {
  static override styles = [baseStyles, workflowViewStyles];
  static override properties = {
    ctx: { attribute: false },
    agent: { attribute: false },
    versions: { attribute: false },
    client: { attribute: false },
    focusNode: { attribute: false },
    text: { state: true },
    baseVersion: { state: true },
    graph: { state: true },
    problems: { state: true },
    selected: { state: true },
    saving: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare agent: AgentResponse | undefined;
  declare versions: AgentVersionResponse[] | undefined;
  declare client: AgentsClient | undefined;
  /** The node a link names (`?node=`): selected when the link is followed. */
  declare focusNode: string | null | undefined;
  declare text: string;
  /** The version the text started from; `null` for an agent without one. */
  declare baseVersion: number | null;
  declare graph: WorkflowGraph | undefined;
  declare problems: EditorProblem[];
  declare selected: string | null;
  declare saving: boolean;
  private definition: WorkflowDefinition | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loadedFor: string | undefined;

  constructor() {
    super();
    this.text = '';
    this.baseVersion = null;
    this.problems = [];
    this.selected = null;
    this.saving = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('focusNode') && this.focusNode) this.selected = this.focusNode;
    // The text starts from the latest version, once per agent and version list.
    const latest = this.versions?.[0];
    const key = `${this.agent?.id}:${latest?.version ?? 0}`;
    if (this.agent && this.versions && this.loadedFor !== key) {
      this.loadedFor = key;
      this.baseVersion = latest?.version ?? null;
      this.text = JSON.stringify(latest?.workflow ?? STARTER_WORKFLOW, null, 2);
      this.check();
    }
  }

  private toolNames(): ReadonlySet<string> {
    return new Set(this.agent?.tools.map((tool) => tool.name) ?? []);
  }

  private check() {
    const checked = checkDefinition(this.text, this.toolNames());
    this.problems = checked.problems;
    if (checked.definition) {
      this.definition = checked.definition;
      this.graph = workflowGraph(checked.definition, this.toolNames());
    }
  }

  override render() {
    const canWrite = this.ctx?.can('agents.write') ?? false;
    const latest = this.versions?.[0];
    const published = this.agent?.published_version ?? null;
    const faulty = new Set(this.problems.map((p) => p.node).filter((n): n is string => n !== null));
    return html`
      <div class="row bar">
        <span class="muted">Editing ${this.baseVersion ? html`from <strong>v${this.baseVersion}</strong> ${this.baseVersion === published ? html`<span class="badge published">published</span>` : html`<span class="badge draft">draft</span>`}` : 'a new workflow'}</span>
        <span class="spacer"></span>
        ${canWrite
          ? html`<button type="button" class="primary" ?disabled=${this.saving || this.problems.length > 0} @click=${this.save}>Save draft</button>
              ${latest && latest.version !== published ? html`<button type="button" @click=${() => this.publish(latest.version)}>Publish v${latest.version}</button>` : nothing}`
          : html`<span class="muted">Read only for your role</span>`}
      </div>
      <div class="split">
        <section class="graph-pane" aria-label="Graph">
          <pc-workflow-canvas .graph=${this.graph} .selected=${this.selected} .faulty=${faulty} @pc-node-select=${this.select}></pc-workflow-canvas>
          ${this.properties()}
        </section>
        <section class="editor-pane" aria-label="Definition">
          <pc-definition-editor .value=${this.text} .problems=${this.problems} ?readonly=${!canWrite} @pc-definition-input=${this.edited}></pc-definition-editor>
        </section>
      </div>
    `;
  }

  private properties() {
    const id = this.selected;
    const node = id ? this.definition?.nodes[id] : undefined;
    if (!id || !node || !this.graph) return html`<p class="muted props-empty">Select a node to see its properties.</p>`;
    const out = this.graph.edges.filter((e) => e.from === id);
    const into = this.graph.edges.filter((e) => e.to === id);
    const interrupts = this.graph.nodes.find((n) => n.id === id)?.interruptedBy ?? [];
    return html`<div class="card props" aria-labelledby="props-title">
      <div class="row"><h2 id="props-title">${id}</h2><span class="badge">${node.type}</span><span class="spacer"></span>
        <button type="button" class="small" @click=${() => this.showInEditor(id)}>Show in editor</button></div>
      <dl>
        ${out.length ? html`<dt>Goes to</dt>${out.map((e) => html`<dd><code>${e.to}</code> ${e.label ? html`<span class="muted">— ${e.label}</span>` : nothing}</dd>`)}` : nothing}
        ${into.length ? html`<dt>Comes from</dt>${into.map((e) => html`<dd><code>${e.from}</code> ${e.label ? html`<span class="muted">— ${e.label}</span>` : nothing}</dd>`)}` : nothing}
        ${interrupts.length ? html`<dt>Interrupts</dt><dd>${interrupts.join(', ')}</dd>` : nothing}
      </dl>
      <pre class="node-json" tabindex="0" role="region" aria-label=${`Definition of node ${id}`}>${pretty(node)}</pre>
    </div>`;
  }

  private select(event: CustomEvent<string>) {
    this.selected = event.detail;
  }

  private showInEditor(id: string) {
    const line = nodeLine(this.text, id);
    if (line) void this.renderRoot.querySelector<DefinitionEditor>('pc-definition-editor')?.goToLine(line);
  }

  private edited(event: CustomEvent<string>) {
    this.text = event.detail;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), REDRAW_DELAY_MS);
  }

  private async save() {
    if (!this.client || !this.agent) return;
    clearTimeout(this.timer);
    this.check();
    if (this.problems.length > 0 || !this.definition) return;
    this.saving = true;
    try {
      const version = await this.client.saveDraft(this.agent.id, this.definition);
      this.ctx?.announce(`Saved draft v${version.version}`);
      this.dispatchEvent(new CustomEvent('pc-agent-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.problems = this.serverProblems(error);
    } finally {
      this.saving = false;
    }
  }

  private async publish(version: number) {
    if (!this.client || !this.agent) return;
    try {
      await this.client.publish(this.agent.id, version);
      this.ctx?.announce(`Published v${version}`);
      this.dispatchEvent(new CustomEvent('pc-agent-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.problems = this.serverProblems(error);
    }
  }

  /** The server's refusal as editor problems, against the node it names. */
  private serverProblems(error: unknown): EditorProblem[] {
    if (error instanceof ApiError && error.details.length > 0) {
      return error.details.map(({ path, message }) => {
        const node = nodeOfPath(path);
        return { node, message: `${path}: ${message}`, line: node ? nodeLine(this.text, node) : null };
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    const node = nodeOfMessage(message);
    return [{ node, message, line: node ? nodeLine(this.text, node) : null }];
  }
}

customElements.define('pc-workflow-view', WorkflowView);
