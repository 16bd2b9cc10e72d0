/**
 * `<pc-tests-view>`: agent tests as a list — the workspace's, or one agent's (`agentId`) —
 * with filters (agent, type, last status, folder, name), folders, "Move to…", and runs:
 * one test, "Run all" (the agent's tests, or every test listed), or the chosen ones. After
 * a run is queued the list is read again with backoff until no run is queued or running
 * (`run-watch.ts`), so statuses change on screen without a reload.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { AgentResponse } from '../../../shared/api/agents-api.ts';
import type { AgentTestResponse, FolderResponse } from '../../../shared/api/agent-tests-api.ts';
import type { TestRunResponse } from '../../../shared/api/agent-test-runs-api.ts';
import { createAgentsClient } from '../api/agents-client.ts';
import { createTestsClient, type TestListFilter, type TestsClient } from '../api/tests-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { BASE } from '../app/routes.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { testsStyles } from '../styles/tests-styles.ts';
import { folderRows } from './folder-tree.ts';
import './folders-panel.ts';
import { isActive, watchRuns } from './run-watch.ts';

const TYPES = ['reply', 'tool', 'simulation'] as const;
const STATUSES = ['passed', 'failed', 'error', 'queued', 'running'] as const;

/** What the finished runs came to, for the live region: `2 passed, 1 failed`. */
export function runSummary(tests: readonly AgentTestResponse[], runIds: ReadonlySet<string>): string {
  const counts = new Map<string, number>();
  for (const test of tests) if (test.last_run && runIds.has(test.last_run.id)) counts.set(test.last_run.status, (counts.get(test.last_run.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

export class TestsView extends LitElement {
  static override styles = [baseStyles, testsStyles];
  static override properties = {
    ctx: { attribute: false },
    agentId: { attribute: false },
    agents: { state: true },
    folders: { state: true },
    tests: { state: true },
    nextCursor: { state: true },
    selected: { state: true },
    problem: { state: true },
    busy: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  /** Set on an agent's tab: only its tests, and "Run all" runs them all against it. */
  declare agentId: string | undefined;
  declare agents: AgentResponse[];
  declare folders: FolderResponse[];
  declare tests: AgentTestResponse[] | undefined;
  declare nextCursor: string | null;
  declare selected: ReadonlySet<string>;
  declare problem: string | null;
  declare busy: boolean;
  private client: TestsClient | undefined;
  private filter: TestListFilter = {};
  private watch = 0;

  constructor() {
    super();
    this.agents = [];
    this.folders = [];
    this.nextCursor = null;
    this.selected = new Set();
    this.problem = null;
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ctx') && this.ctx && !this.client) {
      this.client = createTestsClient(this.ctx.http);
      if (!this.agentId) void createAgentsClient(this.ctx.http).list().then((agents) => (this.agents = agents), () => undefined);
      void this.loadFolders();
      void this.load(false);
    } else if (changed.has('agentId') && this.client) {
      this.watch += 1;
      this.tests = undefined;
      void this.load(false);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.watch += 1;
  }

  private get query(): TestListFilter {
    return this.agentId ? { ...this.filter, agent_id: this.agentId } : this.filter;
  }

  private async loadFolders(): Promise<void> {
    try {
      this.folders = (await this.client?.folders()) ?? [];
    } catch (error) {
      this.fail(error);
    }
  }

  /** The first page again (or the next one); what is already shown stays until it answers. */
  private async load(more: boolean): Promise<AgentTestResponse[] | undefined> {
    if (!this.client) return undefined;
    try {
      const page = await this.client.page(this.query, more ? this.nextCursor : null);
      this.tests = more ? [...(this.tests ?? []), ...page.tests] : page.tests;
      this.nextCursor = page.next_cursor;
      return this.tests;
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private fail(error: unknown): void {
    this.problem = error instanceof Error ? error.message : String(error);
  }

  private apply(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const filter: TestListFilter = { folder_id: this.filter.folder_id };
    for (const key of ['agent_id', 'type', 'status', 'search'] as const) {
      const value = String(data.get(key) ?? '').trim();
      if (value) filter[key] = value;
    }
    this.filter = filter;
    this.selected = new Set();
    void this.load(false);
  }

  private chooseFolder(folderId: string | null): void {
    this.filter = { ...this.filter, folder_id: folderId ?? undefined };
    this.selected = new Set();
    void this.load(false);
  }

  /** Queues runs, shows them as queued at once, then follows them to their verdicts. */
  private async start(queue: () => Promise<TestRunResponse[]>, what: string): Promise<void> {
    if (!this.client) return;
    this.busy = true;
    this.problem = null;
    const watch = ++this.watch;
    try {
      const runs = await queue();
      const byTest = new Map(runs.map((run) => [run.test_id, run]));
      this.tests = this.tests?.map((t) => {
        const run = byTest.get(t.id);
        return run ? { ...t, last_run: { id: run.id, status: run.status, completed_at: null } } : t;
      });
      this.ctx?.announce(`${what}: ${runs.length} ${runs.length === 1 ? 'run' : 'runs'} queued`);
      const ids = new Set(runs.map((run) => run.id));
      let before = this.statusKey();
      await watchRuns(
        async () => {
          const tests = (await this.load(false)) ?? [];
          const now = this.statusKey();
          const changed = now !== before;
          before = now;
          return { active: tests.some((t) => t.last_run && ids.has(t.last_run.id) && isActive(t.last_run.status)), changed };
        },
        () => watch !== this.watch,
      );
      if (watch === this.watch && this.tests) {
        this.ctx?.announce(`${what} finished: ${runSummary(this.tests, ids)}`);
        this.dispatchEvent(new CustomEvent('pc-runs-finished', { bubbles: true, composed: true }));
      }
    } catch (error) {
      this.fail(error);
    } finally {
      if (watch === this.watch) this.busy = false;
    }
  }

  private statusKey(): string {
    return (this.tests ?? []).map((t) => `${t.last_run?.id}:${t.last_run?.status}`).join();
  }

  private runAll(): void {
    const tests = this.tests ?? [];
    if (this.agentId) {
      const agentId = this.agentId;
      void this.start(() => this.client?.runAgent(agentId) ?? Promise.resolve([]), 'Run all');
    } else {
      void this.start(() => this.client?.runBatch(tests.map((t) => ({ test_id: t.id, agent_id: t.agent_id }))) ?? Promise.resolve([]), 'Run all');
    }
  }

  private runChosen(): void {
    const chosen = (this.tests ?? []).filter((t) => this.selected.has(t.id));
    const agentOf = (t: AgentTestResponse) => this.agentId ?? t.agent_id;
    void this.start(() => this.client?.runBatch(chosen.map((t) => ({ test_id: t.id, agent_id: agentOf(t) }))) ?? Promise.resolve([]), 'Run selected');
  }

  private runOne(test: AgentTestResponse): void {
    const body = this.agentId ? [{ test_id: test.id, agent_id: this.agentId }] : [{ test_id: test.id, agent_id: test.agent_id }];
    void this.start(() => this.client?.runBatch(body) ?? Promise.resolve([]), `Run ${test.name}`);
  }

  private async move(test: AgentTestResponse, folderId: string): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.move(test.id, folderId || null);
      this.ctx?.announce(`Moved ${test.name}`);
      await this.load(false);
    } catch (error) {
      this.fail(error);
    }
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  override render() {
    const canWrite = this.ctx?.can('tests.write') ?? false;
    return html`
      <form class="row filters" role="search" aria-label="Filter tests" @submit=${this.apply}>
        <div class="field"><label for="search">Name</label><input id="search" name="search" type="search" maxlength="200" /></div>
        ${this.agentId
          ? nothing
          : html`<div class="field"><label for="agent_id">Agent</label>
              <select id="agent_id" name="agent_id"><option value="">Any agent</option>${this.agents.map((a) => html`<option value=${a.id}>${a.name}</option>`)}</select></div>`}
        <div class="field"><label for="type">Type</label>
          <select id="type" name="type"><option value="">Any</option>${TYPES.map((t) => html`<option value=${t}>${t}</option>`)}</select></div>
        <div class="field"><label for="status">Last status</label>
          <select id="status" name="status"><option value="">Any</option>${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}</select></div>
        <button class="primary" type="submit">Apply filters</button>
      </form>
      <div class="layout">
        <pc-folders-panel .client=${this.client} .folders=${this.folders} .chosen=${this.filter.folder_id ?? null} .canWrite=${canWrite}
          @pc-folder-chosen=${(e: CustomEvent<string | null>) => this.chooseFolder(e.detail)}
          @pc-folders-changed=${() => void this.loadFolders().then(() => this.load(false))}></pc-folders-panel>
        <div>
          ${canWrite
            ? html`<div class="row toolbar">
                <button class="primary" type="button" ?disabled=${this.busy || !this.tests?.length} @click=${this.runAll}>Run all</button>
                <button type="button" ?disabled=${this.busy || this.selected.size === 0} @click=${this.runChosen}>Run selected (${this.selected.size})</button>
                <a class="button" href="${BASE}/tests/new${this.agentId ? `?agent=${encodeURIComponent(this.agentId)}` : ''}">New test</a>
              </div>`
            : nothing}
          ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
          ${this.tests === undefined && !this.problem ? html`<p class="muted" role="status">Loading tests…</p>` : nothing}
          ${this.tests ? this.table(this.tests, canWrite) : nothing}
          ${this.nextCursor ? html`<p><button type="button" @click=${() => this.load(true)}>Load more</button></p>` : nothing}
        </div>
      </div>
    `;
  }

  private table(tests: AgentTestResponse[], canWrite: boolean) {
    if (tests.length === 0) return html`<p class="muted">No test matches. Make one with "Create test" on a conversation or in the playground.</p>`;
    const folders = folderRows(this.folders);
    const folderLabel = new Map(folders.map((r) => [r.folder.id, r.label]));
    const agentName = new Map(this.agents.map((a) => [a.id, a.name]));
    return html`<table>
      <caption class="visually-hidden">Tests</caption>
      <thead><tr>
        ${canWrite ? html`<th scope="col"><span class="visually-hidden">Chosen</span></th>` : nothing}
        <th scope="col">Test</th><th scope="col">Type</th>${this.agentId ? nothing : html`<th scope="col">Agent</th>`}<th scope="col">Folder</th><th scope="col">Last run</th>
        ${canWrite ? html`<th scope="col">Actions</th>` : nothing}
      </tr></thead>
      <tbody>
        ${tests.map(
          (t) => html`<tr>
            ${canWrite
              ? html`<td><input type="checkbox" aria-label="Choose ${t.name}" .checked=${this.selected.has(t.id)}
                  @change=${(e: Event) => this.toggle(t.id, (e.target as HTMLInputElement).checked)} /></td>`
              : nothing}
            <td><a href="${BASE}/tests/${t.id}">${t.name}</a>${t.repeat > 1 ? html` <span class="muted">×${t.repeat}</span>` : nothing}</td>
            <td>${t.type}</td>
            ${this.agentId ? nothing : html`<td>${agentName.get(t.agent_id) ?? t.agent_id}</td>`}
            <td>${t.folder_id ? folderLabel.get(t.folder_id) ?? '—' : '—'}</td>
            <td aria-live="polite">${t.last_run
              ? html`<a class="badge status-${t.last_run.status}" href="${BASE}/tests/runs/${t.last_run.id}" aria-label="${t.name}: ${t.last_run.status}">${t.last_run.status}</a>`
              : html`<span class="muted">never run</span>`}</td>
            ${canWrite
              ? html`<td class="row">
                  <button type="button" class="small" aria-label="Run ${t.name}" ?disabled=${this.busy || isActive(t.last_run?.status)} @click=${() => this.runOne(t)}>Run</button>
                  <label class="visually-hidden" for="move-${t.id}">Move ${t.name} to…</label>
                  <select id="move-${t.id}" @change=${(e: Event) => void this.move(t, (e.target as HTMLSelectElement).value)}>
                    <option value="" ?selected=${t.folder_id === null}>No folder</option>
                    ${folders.map((r) => html`<option value=${r.folder.id} ?selected=${t.folder_id === r.folder.id}>${r.label}</option>`)}
                  </select>
                </td>`
              : nothing}
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

customElements.define('pc-tests-view', TestsView);
