/**
 * `<pc-test-json-page>`: an agent test as editable JSON (what `PATCH` takes: name,
 * description, type, config, variables, tool mocks, repeat), saved as is — the server's
 * schema is the check, its problems shown by path — and a "Run test" that queues a run
 * and follows it to its verdict. Where "Create test" on a conversation lands.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { AgentTestResponse } from '../../../shared/api/agent-tests-api.ts';
import type { TestRunResponse } from '../../../shared/api/agent-test-runs-api.ts';
import { ApiError } from '../api/http-client.ts';
import { createTestsClient, type TestsClient } from '../api/tests-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE, type Route } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { conversationStyles } from '../styles/conversation-styles.ts';
import { pretty } from '../ui/format.ts';

const POLL_MS = 1000;
/** A run the queue never finishes stops being watched after this many looks (about 10 minutes). */
const MAX_POLLS = 600;
const FINAL = new Set(['passed', 'failed', 'error']);

/** The fields of a test that `PATCH /v1/agents/tests/{test_id}` accepts. */
export function editableTest(test: AgentTestResponse): Record<string, unknown> {
  return {
    name: test.name,
    description: test.description,
    type: test.type,
    config: test.config,
    variables: test.variables,
    ...(test.tool_mock_config ? { tool_mock_config: test.tool_mock_config } : {}),
    repeat: test.repeat,
  };
}

/** The text as an object to send, or what is wrong with it. */
export function readTestJson(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `Not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The test must be a JSON object.';
  return value as Record<string, unknown>;
}

export class TestJsonPage extends LitElement {
  static override styles = [baseStyles, conversationStyles];
  static override properties = {
    ctx: { attribute: false },
    route: { attribute: false },
    test: { state: true },
    text: { state: true },
    run: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare route: Route | undefined;
  declare test: AgentTestResponse | undefined;
  declare text: string;
  declare run: TestRunResponse | undefined;
  declare problem: string | null;
  declare busy: boolean;
  private client: TestsClient | undefined;
  private loadedId: string | undefined;
  private watching = 0;

  constructor() {
    super();
    this.text = '';
    this.problem = null;
    this.busy = false;
  }

  private get testId(): string | undefined {
    return this.route?.name === 'test-json' ? this.route.testId : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('route') || changed.has('ctx')) && this.ctx && this.testId && this.testId !== this.loadedId) {
      this.loadedId = this.testId;
      this.client ??= createTestsClient(this.ctx.http);
      this.test = undefined;
      this.run = undefined;
      void this.client.get(this.testId).then(
        (test) => this.show(test),
        (error: unknown) => (this.problem = error instanceof Error ? error.message : String(error)),
      );
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watching += 1;
  }

  private show(test: AgentTestResponse): void {
    this.test = test;
    this.text = pretty(editableTest(test));
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const body = readTestJson(this.text);
    if (typeof body === 'string') {
      this.problem = body;
      return;
    }
    if (!this.client || !this.test) return;
    this.busy = true;
    this.problem = null;
    try {
      this.show(await this.client.update(this.test.id, body));
      this.ctx?.announce('Saved the test');
    } catch (error) {
      this.problem = error instanceof ApiError && error.details.length ? error.details.map((d) => `${d.path}: ${d.message}`).join('; ') : String(error instanceof Error ? error.message : error);
    } finally {
      this.busy = false;
    }
  }

  private async runTest(): Promise<void> {
    if (!this.client || !this.test) return;
    const watch = ++this.watching;
    this.problem = null;
    try {
      let run = await this.client.run(this.test.id);
      this.run = run;
      this.ctx?.announce('Test run queued');
      for (let polls = 0; !FINAL.has(run.status) && polls < MAX_POLLS; polls++) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (watch !== this.watching) return;
        run = await this.client.runStatus(run.id);
        this.run = run;
      }
      if (FINAL.has(run.status)) this.ctx?.announce(`Test ${run.status}`);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    if (!this.test) {
      return this.problem ? html`<h1>Test</h1><p class="error" role="alert">${this.problem}</p>` : html`<p class="muted" role="status">Loading the test…</p>`;
    }
    const canWrite = this.ctx?.can('tests.write') ?? false;
    return html`
      <div class="row"><h1>${this.test.name}</h1><code class="muted">${this.test.id}</code></div>
      <p class="muted">A ${this.test.type} test of <a href="${BASE}/agents/${this.test.agent_id}/workflow">${this.test.agent_id}</a>. <a href="${BASE}/tests/${this.test.id}">Edit as a form</a>.</p>
      <form @submit=${this.save}>
        <div class="field">
          <label for="test-json">Test JSON <span class="hint">name, description, type, config, variables, tool_mock_config, repeat</span></label>
          <textarea id="test-json" rows="24" spellcheck="false" ?readonly=${!canWrite} .value=${this.text}
            @input=${(e: InputEvent) => (this.text = (e.target as HTMLTextAreaElement).value)}></textarea>
        </div>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        ${canWrite
          ? html`<div class="row"><button class="primary" type="submit" ?disabled=${this.busy}>Save test</button>
              <button type="button" ?disabled=${this.busy || (this.run !== undefined && !FINAL.has(this.run.status))} @click=${this.runTest}>Run test</button></div>`
          : nothing}
      </form>
      ${this.run ? this.runView(this.run) : nothing}
    `;
  }

  private runView(run: TestRunResponse) {
    return html`<section aria-labelledby="run-h" aria-live="polite">
      <h2 id="run-h">Run <code>${run.id}</code></h2>
      <p>Status: <strong class="run-status">${run.status}</strong>${run.duration_ms === null ? '' : ` in ${run.duration_ms} ms`}</p>
      ${run.rationale ? html`<p>Rationale: ${run.rationale}</p>` : nothing}
      ${run.error ? html`<p class="error">${run.error}</p>` : nothing}
    </section>`;
  }
}

customElements.define('pc-test-json-page', TestJsonPage);
