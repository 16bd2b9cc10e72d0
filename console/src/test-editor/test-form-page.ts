/**
 * `<pc-test-form-page>`: a test as a form (`/console/tests/{id}`, or `/console/tests/new`
 * to create one for an agent, then opened here): name, description, type,
 * repeat, the type's own fields — reply: message, criteria, examples; tool: message,
 * expected tool, parameter checks; simulation: scenario, turns, criteria, data assertions —
 * variables and tool mocks. The server's schema has the last word: its problems are shown
 * at their field. The JSON page is the advanced view of the same test.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import '../api/zod-setup.ts';
import type { AgentTestResponse } from '../../../shared/api/agent-tests-api.ts';
import type { AgentResponse } from '../../../shared/api/agents-api.ts';
import { createAgentsClient } from '../api/agents-client.ts';
import { ApiError } from '../api/http-client.ts';
import { createTestsClient, type TestsClient } from '../api/tests-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE, type Route } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { testsStyles } from '../styles/tests-styles.ts';
import { pretty } from '../ui/format.ts';
import { blankDraft, bodyOf, configFor, messageOf, problemsByField, withMessage, type Draft } from './test-draft.ts';
import { editableTest } from './test-json-page.ts';

type Check = { path: string; mode: 'exact' | 'regex' | 'llm'; expected?: unknown; criteria?: string };

const FIELDS = ['agent', 'name', 'description', 'type', 'repeat', 'variables', 'tool_mock_config', 'config.context', 'config.success_criteria', 'config.success_examples',
  'config.failure_examples', 'config.expected_tool', 'config.expect_no_tool_call', 'config.parameter_checks', 'config.scenario', 'config.max_turns', 'config.data_assertions'];
/** Fields typed as JSON: their text while it does not parse. */
const JSON_FIELDS = ['variables', 'tool_mock_config', 'config.data_assertions'];

const lines = (v: unknown) => (Array.isArray(v) ? v.join('\n') : '');
const toLines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
/** An exact check's expected value: JSON when it reads as JSON (`42`, `true`), else the text. */
const looseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export class TestFormPage extends LitElement {
  static override styles = [baseStyles, testsStyles];
  static override properties = {
    ctx: { attribute: false },
    route: { attribute: false },
    test: { state: true },
    draft: { state: true },
    problems: { state: true },
    problem: { state: true },
    busy: { state: true },
    agents: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare route: Route | undefined;
  declare test: AgentTestResponse | undefined;
  declare draft: Draft | undefined;
  declare problems: Map<string, string>;
  declare problem: string | null;
  declare busy: boolean;
  /** Creating: the agents to choose from when the link named none. */
  declare agents: AgentResponse[] | undefined;
  /** Creating: the agent the new test is for. */
  private agentId = '';
  private client: TestsClient | undefined;
  private loadedId: string | undefined;
  private jsonText = new Map<string, string>();

  constructor() {
    super();
    this.problems = new Map();
    this.problem = null;
    this.busy = false;
  }

  private get testId(): string | undefined {
    return this.route?.name === 'test-edit' ? this.route.testId : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('route') || changed.has('ctx')) && this.ctx && this.route?.name === 'test-new' && this.loadedId !== 'new') this.startNew(this.ctx, this.route.agentId);
    else if ((changed.has('route') || changed.has('ctx')) && this.ctx && this.testId && this.testId !== this.loadedId) {
      this.loadedId = this.testId;
      this.client ??= createTestsClient(this.ctx.http);
      this.test = undefined;
      void this.client.get(this.testId).then((test) => this.show(test), (error: unknown) => (this.problem = error instanceof Error ? error.message : String(error)));
    }
  }

  /** A blank draft for the agent the link names, or a choice of agents when it names none. */
  private startNew(ctx: ConsoleContext, agentId: string | null): void {
    this.loadedId = 'new';
    this.client ??= createTestsClient(ctx.http);
    this.test = undefined;
    this.draft = blankDraft();
    this.jsonText = new Map();
    this.agentId = agentId ?? '';
    if (!agentId) {
      void createAgentsClient(ctx.http).list().then((agents) => {
        this.agents = agents;
        this.agentId ||= agents[0]?.id ?? '';
      }, (error: unknown) => (this.problem = error instanceof Error ? error.message : String(error)));
    }
  }

  private show(test: AgentTestResponse): void {
    this.test = test;
    this.draft = editableTest(test) as Draft;
    this.jsonText = new Map();
  }

  private set(key: string, value: unknown): void {
    if (!this.draft) return;
    this.draft = key.startsWith('config.') ? { ...this.draft, config: { ...this.draft.config, [key.slice(7)]: value } } : { ...this.draft, [key]: value };
  }

  private setJson(key: string, text: string): void {
    this.jsonText.set(key, text);
    const problems = new Map(this.problems);
    try {
      const value: unknown = text.trim() === '' ? (key === 'tool_mock_config' ? null : {}) : JSON.parse(text);
      problems.delete(key);
      this.set(key, value);
    } catch {
      problems.set(key, 'Not JSON yet: fix it before saving.');
    }
    this.problems = problems;
  }

  private changeType(type: string): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, type, config: configFor(type, messageOf(this.draft.config)) };
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.client || !this.draft || !(this.test || this.agentId)) return;
    if (JSON_FIELDS.some((f) => this.problems.get(f)?.startsWith('Not JSON'))) return;
    this.busy = true;
    this.problem = null;
    try {
      if (!this.test) {
        // Created: open it, as a saved test, where it can be run.
        const created = await this.client.create(this.agentId, bodyOf(this.draft));
        this.ctx?.announce(`Created the test ${created.name}`);
        this.ctx?.navigate(`${BASE}/tests/${created.id}`);
        return;
      }
      this.show(await this.client.update(this.test.id, bodyOf(this.draft)));
      this.problems = new Map();
      this.ctx?.announce('Saved the test');
    } catch (error) {
      if (error instanceof ApiError && error.details.length) {
        const { byField, rest } = problemsByField(error.details, FIELDS);
        this.problems = byField;
        this.problem = rest.length ? rest.join('; ') : `${error.message}`;
      } else {
        this.problem = error instanceof Error ? error.message : String(error);
      }
    } finally {
      this.busy = false;
    }
  }

  /** Queues a run of the saved test and opens the run's page, which follows it to its verdict. */
  private async runTest(test: AgentTestResponse): Promise<void> {
    if (!this.client) return;
    this.problem = null;
    try {
      const run = await this.client.run(test.id);
      this.ctx?.navigate(`${BASE}/tests/runs/${run.id}`);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  /** A labelled control with its problem under it, tied by `aria-describedby`. */
  private field(key: string, label: string, control: (attrs: { id: string; invalid: 'true' | 'false'; describedBy: string }) => TemplateResult, hint?: string) {
    const id = `f-${key.replace('.', '-')}`;
    const problem = this.problems.get(key);
    return html`<div class="field">
      <label for=${id}>${label}${hint ? html` <span class="hint">${hint}</span>` : nothing}</label>
      ${control({ id, invalid: problem ? 'true' : 'false', describedBy: problem ? `${id}-problem` : '' })}
      ${problem ? html`<span class="error" id="${id}-problem">${problem}</span>` : nothing}
    </div>`;
  }

  private text(key: string, label: string, value: unknown, options: { multiline?: boolean; hint?: string } = {}) {
    const onInput = (e: InputEvent) => this.set(key, (e.target as HTMLInputElement).value);
    return this.field(key, label, (a) => options.multiline
      ? html`<textarea id=${a.id} rows="3" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${String(value ?? '')} @input=${onInput}></textarea>`
      : html`<input id=${a.id} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${String(value ?? '')} @input=${onInput} />`, options.hint);
  }

  private json(key: string, label: string, value: unknown, hint: string) {
    const text = this.jsonText.get(key) ?? (value === null || value === undefined ? '' : pretty(value));
    return this.field(key, label, (a) => html`<textarea id=${a.id} rows="4" spellcheck="false" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${text}
      @input=${(e: InputEvent) => this.setJson(key, (e.target as HTMLTextAreaElement).value)}></textarea>`, hint);
  }

  override render() {
    const test = this.test;
    const draft = this.draft;
    const creating = this.route?.name === 'test-new';
    if ((!test && !creating) || !draft) return this.problem ? html`<h1>Test</h1><p class="error" role="alert">${this.problem}</p>` : html`<p class="muted" role="status">Loading the test…</p>`;
    const config = draft.config;
    return html`
      ${test
        ? html`<div class="row"><h1>${test.name}</h1><code class="muted">${test.id}</code></div>
          <p class="muted">A test of <a href="${BASE}/agents/${test.agent_id}/tests">${test.agent_id}</a>. <a href="${BASE}/tests/${test.id}/json">Edit as JSON</a> (advanced: history, overrides).</p>`
        : html`<h1>New test</h1><p class="muted">Saved, it opens here, ready to run.</p>`}
      <form @submit=${this.save} novalidate>
        <fieldset ?disabled=${!(this.ctx?.can('tests.write') ?? false)}>
          <legend>The test</legend>
          ${test ? nothing : this.agentField()}
          ${this.text('name', 'Name', draft['name'])}
          ${this.text('description', 'Description', draft['description'], { multiline: true })}
          ${this.field('type', 'Type', (a) => html`<select id=${a.id} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @change=${(e: Event) => this.changeType((e.target as HTMLSelectElement).value)}>
            ${['reply', 'tool', 'simulation'].map((t) => html`<option value=${t} ?selected=${draft['type'] === t}>${t}</option>`)}</select>`)}
          ${this.field('repeat', 'Repeat', (a) => html`<input id=${a.id} type="number" min="1" max="10" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${String(draft['repeat'] ?? 1)}
            @input=${(e: InputEvent) => this.set('repeat', Number((e.target as HTMLInputElement).value))} />`, 'attempts per run; all must pass')}
        </fieldset>
        <fieldset ?disabled=${!(this.ctx?.can('tests.write') ?? false)}>
          <legend>What it checks</legend>
          ${draft['type'] === 'simulation' ? this.simulationFields(config) : this.messageFields(config, draft['type'] === 'tool')}
        </fieldset>
        <fieldset ?disabled=${!(this.ctx?.can('tests.write') ?? false)}>
          <legend>Data</legend>
          ${this.json('variables', 'Variables', draft['variables'], 'a JSON object: {{key}} in the fields above, and the session’s initial variables')}
          ${this.json('tool_mock_config', 'Tool mocks', draft['tool_mock_config'], 'JSON, empty for none: every tool call is then skipped')}
        </fieldset>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${this.ctx?.can('tests.write')
          ? html`<div class="row"><button class="primary" type="submit" ?disabled=${this.busy || (!test && !this.agentId)}>${test ? 'Save test' : 'Create test'}</button>
              ${test ? html`<button type="button" ?disabled=${this.busy} @click=${() => void this.runTest(test)}>Run test</button>` : nothing}</div>`
          : nothing}
      </form>
    `;
  }

  /** Creating: the agent the test is for, fixed when the link came from its tab. */
  private agentField() {
    const fixed = this.route?.name === 'test-new' ? this.route.agentId : null;
    if (fixed) return html`<p>For the agent <a href="${BASE}/agents/${fixed}/tests">${fixed}</a>.</p>`;
    return this.field('agent', 'Agent', (a) => html`<select id=${a.id} aria-invalid=${a.invalid} aria-describedby=${a.describedBy} @change=${(e: Event) => (this.agentId = (e.target as HTMLSelectElement).value)}>
      ${(this.agents ?? []).map((agent) => html`<option value=${agent.id} ?selected=${agent.id === this.agentId}>${agent.name}</option>`)}</select>`);
  }

  private messageFields(config: Record<string, unknown>, tool: boolean) {
    const message = this.field('config.context', 'The user says', (a) => html`<textarea id=${a.id} rows="2" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${messageOf(config)}
      @input=${(e: InputEvent) => this.draft && (this.draft = { ...this.draft, config: withMessage(config, (e.target as HTMLTextAreaElement).value) })}></textarea>`);
    if (!tool) {
      return html`${message}
        ${this.text('config.success_criteria', 'Success criteria', config['success_criteria'], { multiline: true, hint: 'what the judge checks the reply against' })}
        ${this.field('config.success_examples', 'Good replies', (a) => html`<textarea id=${a.id} rows="2" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${lines(config['success_examples'])}
          @input=${(e: InputEvent) => this.set('config.success_examples', toLines((e.target as HTMLTextAreaElement).value))}></textarea>`, 'one per line')}
        ${this.field('config.failure_examples', 'Bad replies', (a) => html`<textarea id=${a.id} rows="2" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${lines(config['failure_examples'])}
          @input=${(e: InputEvent) => this.set('config.failure_examples', toLines((e.target as HTMLTextAreaElement).value))}></textarea>`, 'one per line')}`;
    }
    const checks = (Array.isArray(config['parameter_checks']) ? config['parameter_checks'] : []) as Check[];
    const setCheck = (i: number, check: Check | null) => this.set('config.parameter_checks', check ? checks.map((c, j) => (j === i ? check : c)) : checks.filter((_, j) => j !== i));
    return html`${message}
      ${this.text('config.expected_tool', 'Expected tool', config['expected_tool'])}
      <div class="field"><label><input type="checkbox" .checked=${config['expect_no_tool_call'] === true}
        @change=${(e: Event) => this.set('config.expect_no_tool_call', (e.target as HTMLInputElement).checked)} /> Passes only if the tool is not called</label></div>
      <fieldset><legend>Parameter checks</legend>
        ${checks.map((c, i) => html`<div class="row">
          <div class="field"><label for="check-path-${i}">Argument</label><input id="check-path-${i}" .value=${c.path} @input=${(e: InputEvent) => setCheck(i, { ...c, path: (e.target as HTMLInputElement).value })} /></div>
          <div class="field"><label for="check-mode-${i}">Check</label><select id="check-mode-${i}" @change=${(e: Event) => setCheck(i, { path: c.path, mode: (e.target as HTMLSelectElement).value as Check['mode'] })}>
            ${(['exact', 'regex', 'llm'] as const).map((m) => html`<option value=${m} ?selected=${c.mode === m}>${m}</option>`)}</select></div>
          <div class="field"><label for="check-value-${i}">${c.mode === 'llm' ? 'Criteria' : 'Expected'}</label><input id="check-value-${i}"
            .value=${c.mode === 'llm' ? c.criteria ?? '' : typeof c.expected === 'string' ? c.expected : c.expected === undefined ? '' : JSON.stringify(c.expected)}
            @input=${(e: InputEvent) => {
              const text = (e.target as HTMLInputElement).value;
              setCheck(i, c.mode === 'llm' ? { path: c.path, mode: 'llm', criteria: text } : { path: c.path, mode: c.mode, expected: c.mode === 'exact' ? looseJson(text) : text });
            }} /></div>
          <button type="button" class="small danger" aria-label="Remove check ${i + 1}" @click=${() => setCheck(i, null)}>Remove</button>
        </div>`)}
        ${this.problems.get('config.parameter_checks') ? html`<p class="error">${this.problems.get('config.parameter_checks')}</p>` : nothing}
        <button type="button" class="small" @click=${() => this.set('config.parameter_checks', [...checks, { path: '', mode: 'exact', expected: '' }])}>Add a check</button>
      </fieldset>`;
  }

  private simulationFields(config: Record<string, unknown>) {
    return html`
      ${this.text('config.scenario', 'Scenario', config['scenario'], { multiline: true, hint: 'who the simulated user is and what they want' })}
      ${this.field('config.max_turns', 'Most turns', (a) => html`<input id=${a.id} type="number" min="1" max="50" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${String(config['max_turns'] ?? 10)}
        @input=${(e: InputEvent) => this.set('config.max_turns', Number((e.target as HTMLInputElement).value))} />`)}
      ${this.text('config.success_criteria', 'Success criteria', config['success_criteria'], { multiline: true })}
      ${this.json('config.data_assertions', 'Data assertions', config['data_assertions'], 'a JSON object: variable path → expected value at the end')}
      ${Array.isArray(config['initial_chat_history']) && config['initial_chat_history'].length
        ? html`<p class="muted">Starts after a history of ${config['initial_chat_history'].length} messages (edit it as JSON).</p>`
        : nothing}`;
  }
}

customElements.define('pc-test-form-page', TestFormPage);
