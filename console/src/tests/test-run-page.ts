/**
 * `<pc-test-run-page>`: one test run (`/console/tests/runs/{run_id}`) — its verdict,
 * rationale and confidence, the agent's reply, the tool-call checks or the simulated
 * transcript (mocked calls marked), every attempt with the pass rate, and what changed
 * since the test's previous run against the same agent. A run still queued or running is
 * read again with backoff until it ends.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import '../api/zod-setup.ts';
import type { AttemptResult, TestRunResponse } from '../../../shared/api/agent-test-runs-api.ts';
import { createTestsClient, type TestsClient } from '../api/tests-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE, type Route } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { testsStyles } from '../styles/tests-styles.ts';
import { formatMs, formatTime, pretty, valueText } from '../ui/format.ts';
import { previousRun, runDiff } from './run-diff.ts';
import { isActive, watchRuns } from './run-watch.ts';

export class TestRunPage extends LitElement {
  static override styles = [baseStyles, testsStyles];
  static override properties = {
    ctx: { attribute: false },
    route: { attribute: false },
    run: { state: true },
    previous: { state: true },
    problem: { state: true },
  };
  declare ctx: ConsoleContext | undefined;
  declare route: Route | undefined;
  declare run: TestRunResponse | undefined;
  /** The run before this one; null when there is none (undefined: not read yet). */
  declare previous: TestRunResponse | null | undefined;
  declare problem: string | null;
  private client: TestsClient | undefined;
  private loadedId: string | undefined;
  private watch = 0;

  constructor() {
    super();
    this.problem = null;
  }

  private get runId(): string | undefined {
    return this.route?.name === 'test-run' ? this.route.runId : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('route') || changed.has('ctx')) && this.ctx && this.runId && this.runId !== this.loadedId) {
      this.loadedId = this.runId;
      this.client ??= createTestsClient(this.ctx.http);
      this.run = undefined;
      this.previous = undefined;
      void this.follow(this.runId);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watch += 1;
  }

  private async follow(runId: string): Promise<void> {
    const watch = ++this.watch;
    const read = async () => {
      const run = await this.client?.runStatus(runId);
      const changed = run?.status !== this.run?.status;
      if (run && watch === this.watch) this.run = run;
      return { active: isActive(run?.status), changed };
    };
    try {
      if ((await read()).active) await watchRuns(read, () => watch !== this.watch);
      const run = this.run;
      if (run && watch === this.watch && !isActive(run.status)) {
        const runs = (await this.client?.runsOf(run.test_id)) ?? [];
        if (watch === this.watch) this.previous = previousRun(run, runs) ?? null;
      }
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    const run = this.run;
    if (!run) return this.problem ? html`<h1>Test run</h1><p class="error" role="alert">${this.problem}</p>` : html`<p class="muted" role="status">Loading the run…</p>`;
    const result = run.result;
    const confidence = result?.reply?.confidence;
    return html`
      <div class="row"><h1>Run <code>${run.id}</code></h1></div>
      <p class="muted">Of the test <a href="${BASE}/tests/${run.test_id}/json">${run.test_id}</a> against
        <a href="${BASE}/agents/${run.agent_id}/tests">${run.agent_id}</a>${run.agent_version === null ? '' : ` v${run.agent_version}`}.</p>
      <dl class="facts" aria-live="polite">
        <div><dt>Verdict</dt><dd class="verdict"><span class="badge status-${run.status}">${run.status}</span></dd></div>
        ${confidence === undefined ? nothing : html`<div><dt>Confidence</dt><dd>${Math.round(confidence * 100)}%</dd></div>`}
        ${result?.pass_rate === undefined ? nothing : html`<div><dt>Pass rate</dt><dd>${Math.round(result.pass_rate * 100)}% of ${result.attempts?.length ?? 0} attempts</dd></div>`}
        <div><dt>Duration</dt><dd>${formatMs(run.duration_ms)}</dd></div>
        <div><dt>Finished</dt><dd>${formatTime(run.completed_at)}</dd></div>
      </dl>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      ${run.rationale ? html`<section aria-labelledby="why-h"><h2 id="why-h">Rationale</h2><p class="rationale">${run.rationale}</p></section>` : nothing}
      ${run.error ? html`<p class="error">Could not be judged: ${run.error}</p>` : nothing}
      ${result ? this.attempt(result, '') : nothing}
      ${result?.attempts && result.attempts.length > 1
        ? html`<section aria-labelledby="attempts-h"><h2 id="attempts-h">Attempts</h2>
            ${result.attempts.map((a, i) => html`<details><summary>Attempt ${i + 1}: ${a.error ? 'error' : a.passed ? 'passed' : 'failed'} — ${a.error ?? a.rationale}</summary>${this.attempt(a, `-${i + 1}`)}</details>`)}
          </section>`
        : nothing}
      ${this.changes(run)}
    `;
  }

  private changes(run: TestRunResponse) {
    if (this.previous === undefined) return nothing;
    if (this.previous === null) return html`<section aria-labelledby="diff-h"><h2 id="diff-h">Since the previous run</h2><p class="muted">This is the test's first finished run against this agent.</p></section>`;
    const diff = runDiff(this.previous, run);
    return html`<section aria-labelledby="diff-h">
      <h2 id="diff-h">Since the previous run</h2>
      <p class="muted">Compared with <a href="${BASE}/tests/runs/${this.previous.id}">${this.previous.id}</a> (${this.previous.status}, ${formatTime(this.previous.completed_at)}).</p>
      ${diff.changes.length === 0 && !diff.text ? html`<p>Nothing changed: the same verdict, checks and words.</p>` : nothing}
      ${diff.changes.length
        ? html`<table><caption class="visually-hidden">Changes since the previous run</caption>
            <thead><tr><th scope="col">What</th><th scope="col">Before</th><th scope="col">Now</th></tr></thead>
            <tbody>${diff.changes.map((c) => html`<tr><th scope="row">${c.what}</th><td><del>${c.before}</del></td><td><ins>${c.after}</ins></td></tr>`)}</tbody></table>`
        : nothing}
      ${diff.text
        ? html`<h3>What the agent said</h3>
            <p class="visually-hidden">Removed lines start with a minus, added lines with a plus.</p>
            <pre class="reply">${diff.text.map((l) =>
              l.kind === 'added' ? html`<ins>+ ${l.text}</ins>
` : l.kind === 'removed' ? html`<del>- ${l.text}</del>
` : `  ${l.text}
`,
            )}</pre>`
        : nothing}
    </section>`;
  }

  /** What one attempt (or the run's own result) holds, by the test's type. */
  private attempt(a: Omit<AttemptResult, 'error'>, key: string) {
    return html`
      ${a.reply ? html`<section aria-labelledby="reply-h${key}"><h2 id="reply-h${key}">The agent's reply</h2><pre class="reply">${a.reply.agent_response}</pre></section>` : nothing}
      ${a.tool_call
        ? html`<section aria-labelledby="tool-h${key}"><h2 id="tool-h${key}">Tool call</h2>
            <p>Called: <code>${a.tool_call.tool_called ?? 'no tool'}</code> — ${a.tool_call.tool_matched ? 'as expected' : 'not as expected'}. ${a.tool_call.rationale}</p>
            ${a.tool_call.parameter_results.length
              ? html`<table><caption class="visually-hidden">Parameter checks</caption>
                  <thead><tr><th scope="col">Argument</th><th scope="col">Check</th><th scope="col">Expected</th><th scope="col">Actual</th><th scope="col">Result</th></tr></thead>
                  <tbody>${a.tool_call.parameter_results.map(
                    (p) => html`<tr><td><code>${p.path}</code></td><td>${p.mode}</td><td>${p.criteria ?? valueText(p.expected)}</td><td>${valueText(p.actual)}</td>
                      <td>${p.passed ? 'passed' : 'failed'}${p.rationale ? html` <span class="muted">${p.rationale}</span>` : nothing}</td></tr>`,
                  )}</tbody></table>`
              : nothing}
          </section>`
        : nothing}
      ${a.simulation
        ? html`<section aria-labelledby="sim-h${key}"><h2 id="sim-h${key}">Simulated conversation</h2>
            <p class="muted">${a.simulation.turns_used} simulated user ${a.simulation.turns_used === 1 ? 'message' : 'messages'}.</p>
            <ol class="transcript" aria-label="Simulated transcript">${a.simulation.transcript.map((m) => html`<li class="message ${m.role}"><span class="visually-hidden">${m.role}: </span>${m.content}</li>`)}</ol>
            ${a.simulation.tool_calls.length
              ? html`<h3>Tool calls</h3><ul>${a.simulation.tool_calls.map((c) => html`<li><code>${c.name}</code> ${c.mocked ? html`<span class="badge">mocked</span>` : nothing} <code>${pretty(c.args)}</code></li>`)}</ul>`
              : nothing}
            ${a.simulation.data_assertions.length
              ? html`<h3>Data assertions</h3><ul>${a.simulation.data_assertions.map((d) => html`<li><code>${d.path}</code>: expected ${valueText(d.expected)}, got ${valueText(d.actual)} — ${d.passed ? 'passed' : 'failed'}</li>`)}</ul>`
              : nothing}
          </section>`
        : nothing}
    `;
  }
}

customElements.define('pc-test-run-page', TestRunPage);
