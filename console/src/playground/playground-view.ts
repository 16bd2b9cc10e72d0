/**
 * `<pc-playground-view>`: talk to any version of the agent (a draft too) as a test
 * session, with initial variables and overrides (system prompt, first message, tool
 * mocks); replies stream in; each assistant message shows its node, tool calls, latency
 * and tokens and offers "Rewind here"; "Branches" draws every branch the rewinds kept and
 * opens any of them, whose messages offer "Continue from here"; "State" shows the node
 * and variables after each message and what changed; "Save as test" keeps the branch on
 * screen as an agent test.
 */
import { LitElement, html, nothing } from 'lit';
import { toolMockConfigSchema } from '../../../shared/api/tool-mock-config.ts';
import type { AgentResponse, AgentVersionResponse } from '../../../shared/api/agents-api.ts';
import { describeZodIssues } from '../../../shared/describe-zod-error.ts';
import type { AgentsClient } from '../api/agents-client.ts';
import type { ConsoleContext } from '../app/console-context.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { playgroundStyles } from '../styles/playground-styles.ts';
import { messageActions } from './message-actions.ts';
import { branchesView } from './branches-view.ts';
import { createChatClient, type ChatClient, type StartTestSession } from './chat-client.ts';
import { messageView } from './message-view.ts';
import { PlaygroundSession } from './playground-session.ts';
import './save-test-dialog.ts';
import type { SaveTestDialog } from './save-test-dialog.ts';
import './share-dialog.ts';
import type { ShareDialog } from './share-dialog.ts';
import { stateView } from './state-view.ts';
import type { SessionSetup } from './test-from-branch.ts';

/** Reads a JSON object field of the setup form; a problem names the field. */
function jsonObject(text: string, field: string): Record<string, unknown> | string | undefined {
  if (!text.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return `${field} must be a JSON object`;
  } catch (error) {
    return `${field} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export class PlaygroundView extends LitElement {
  static override styles = [baseStyles, playgroundStyles];
  static override properties = {
    ctx: { attribute: false },
    agent: { attribute: false },
    versions: { attribute: false },
    client: { attribute: false },
    showBranches: { state: true },
    showState: { state: true },
    setupProblem: { state: true },
    draft: { state: true },
  };

  declare ctx: ConsoleContext | undefined;
  declare agent: AgentResponse | undefined;
  declare versions: AgentVersionResponse[] | undefined;
  declare client: AgentsClient | undefined;
  declare showBranches: boolean;
  declare showState: boolean;
  declare setupProblem: string | null;
  declare draft: string;
  private chat: ChatClient | undefined;
  private setup: SessionSetup = { variables: {} };
  private scrolledFor = '';
  private readonly session = new PlaygroundSession(this, () => this.chatClient());

  constructor() {
    super();
    this.showBranches = true;
    this.showState = true;
    this.setupProblem = null;
    this.draft = '';
  }

  private chatClient(): ChatClient | undefined {
    if (!this.ctx || !this.agent) return undefined;
    this.chat ??= createChatClient(this.ctx.http, this.agent.id);
    return this.chat;
  }

  override render() {
    const s = this.session;
    return html`
      ${this.setupForm()}
      ${s.problem ? html`<p class="error" role="alert">${s.problem}</p>` : nothing}
      ${s.run ? this.conversation() : nothing}
      <pc-save-test-dialog @pc-test-saved=${() => this.ctx?.announce('Test saved')}></pc-save-test-dialog>
      <pc-share-dialog></pc-share-dialog>
    `;
  }

  private setupForm() {
    const versions = this.versions ?? [];
    const published = this.agent?.published_version ?? null;
    const preferred = versions[0]?.version;
    return html`<details class="card setup" ?open=${!this.session.started}>
      <summary><h2>Session setup</h2></summary>
      <form @submit=${this.start}>
        <div class="grid">
          <div class="field"><label for="version">Version to talk to</label>
            <select id="version" name="version">
              ${versions.map((v) => html`<option value=${v.version} ?selected=${v.version === preferred}>v${v.version} ${v.version === published ? '(published)' : `(${v.status})`}</option>`)}
            </select></div>
          <div class="field"><label for="first_message">First message override</label><input id="first_message" name="first_message" /></div>
        </div>
        <div class="field"><label for="system_prompt">System prompt override</label><textarea id="system_prompt" name="system_prompt" rows="2"></textarea></div>
        <div class="grid">
          <div class="field"><label for="initial_context">Initial context <span class="hint">JSON object: the workflow's variables at the start</span></label>
            <textarea id="initial_context" name="initial_context" rows="4" placeholder='{"customer_name": "Ada"}'></textarea></div>
          <div class="field"><label for="tool_mocks">Tool mocks <span class="hint">tool_mock_config JSON; without it every tool answers {"skipped":true}</span></label>
            <textarea id="tool_mocks" name="tool_mocks" rows="4" placeholder='{"strategy": "all", "mocks": [{"tool_name": "get_policy", "response": {"active": true}}]}'></textarea></div>
        </div>
        ${this.setupProblem ? html`<p class="error" role="alert">${this.setupProblem}</p>` : nothing}
        <button type="submit" class="primary" ?disabled=${this.session.busy || versions.length === 0}>${this.session.started ? 'Restart session' : 'Start session'}</button>
        ${versions.length === 0 ? html`<span class="muted">Save a workflow first.</span>` : nothing}
      </form>
    </details>`;
  }

  private conversation() {
    const s = this.session;
    const run = s.run;
    const shown = s.shown;
    if (!run || !shown || !s.started) return nothing;
    const reading = s.viewing !== undefined;
    const last = run.messages.at(-1)?.index ?? 0;
    const actions = messageActions(run, shown);
    return html`
      <div class="row status">
        <span><code>${s.started.callId}</code> · v${s.started.version ?? '?'} · <span class="badge ${run.status === 'active' ? 'published' : ''}">${run.status}</span></span>
        <span class="spacer"></span>
        <button type="button" aria-expanded=${this.showBranches ? 'true' : 'false'} aria-controls="branches" @click=${() => (this.showBranches = !this.showBranches)}>Branches <span class="badge">${run.branches.length}</span></button>
        <button type="button" aria-expanded=${this.showState ? 'true' : 'false'} aria-controls="state" @click=${() => (this.showState = !this.showState)}>State</button>
        <button type="button" @click=${this.saveAsTest}>Save as test</button>
        <button type="button" @click=${this.share}>Share</button>
      </div>
      <div class="layout">
        <section class="chat" aria-label="Conversation">
          ${reading ? html`<p class="reading" role="status">Reading branch <strong>${shown.branch_id}</strong>. <button type="button" class="small" @click=${() => s.showCurrent()}>Back to the current branch</button></p>` : nothing}
          <div class="log" role="log" aria-live="polite" aria-label=${`Messages of branch ${shown.branch_id}`}><ol>
            ${shown.messages.map((m) =>
              messageView(m, {
                ...actions(m, s),
                choose: !reading && m.index === last && s.active ? (choice) => void s.send(choice) : undefined,
              }),
            )}
            ${s.streaming !== null ? html`<li class="msg assistant streaming" aria-busy="true"><div class="bubble">${s.streaming || '…'}</div></li>` : nothing}
          </ol></div>
          ${reading ? nothing : this.composer()}
        </section>
        ${this.showBranches || this.showState
          ? html`<aside class="side">
              ${this.showBranches ? html`<section id="branches" class="card" aria-labelledby="branches-title"><h2 id="branches-title">Branches</h2>${branchesView(run.branches, shown.branch_id, (id) => void s.openBranch(id))}</section>` : nothing}
              ${this.showState ? html`<section id="state" class="card" aria-labelledby="state-title"><h2 id="state-title">State</h2>${stateView(shown)}</section>` : nothing}
            </aside>`
          : nothing}
      </div>
    `;
  }

  /** Keeps the newest message in view as replies stream in. */
  protected override updated(): void {
    const log = this.renderRoot.querySelector('.log');
    const count = `${this.session.shown?.branch_id}:${this.session.shown?.messages.length}:${this.session.streaming?.length ?? -1}`;
    if (log && count !== this.scrolledFor) {
      this.scrolledFor = count;
      log.scrollTop = log.scrollHeight;
    }
  }

  private composer() {
    const s = this.session;
    const disabled = !s.active || s.busy;
    return html`<form class="composer" @submit=${this.sendDraft}>
      <label for="message" class="visually-hidden">Message as the visitor</label>
      <textarea id="message" rows="2" placeholder=${s.active ? 'Write as the visitor… (Enter sends, Shift+Enter for a new line)' : 'The session has ended: rewind or restart it.'}
        .value=${this.draft} ?disabled=${!s.active} @input=${(e: InputEvent) => (this.draft = (e.target as HTMLTextAreaElement).value)} @keydown=${this.composerKey}></textarea>
      <button type="submit" class="primary" ?disabled=${disabled || !this.draft.trim()}>Send</button>
    </form>`;
  }

  private composerKey(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.sendDraft();
    }
  }

  private async sendDraft(event?: Event) {
    event?.preventDefault();
    const text = this.draft.trim();
    if (!text || this.session.busy) return;
    this.draft = '';
    await this.session.send(text);
    this.renderRoot.querySelector<HTMLTextAreaElement>('#message')?.focus();
  }

  private async start(event: SubmitEvent) {
    event.preventDefault();
    if (!this.agent) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const variables = jsonObject(text('initial_context'), 'Initial context');
    const mocks = jsonObject(text('tool_mocks'), 'Tool mocks');
    if (typeof variables === 'string' || typeof mocks === 'string') {
      this.setupProblem = typeof variables === 'string' ? variables : (mocks as string);
      return;
    }
    const toolMocks = mocks === undefined ? undefined : toolMockConfigSchema.safeParse(mocks);
    if (toolMocks && !toolMocks.success) {
      this.setupProblem = `Tool mocks: ${describeZodIssues(toolMocks.error).map((p) => `${p.path || 'config'}: ${p.message}`).join('; ')}`;
      return;
    }
    this.setupProblem = null;
    this.setup = {
      variables: variables ?? {},
      systemPrompt: text('system_prompt') || undefined,
      firstMessage: text('first_message') || undefined,
      toolMocks: toolMocks?.data,
    };
    const body: StartTestSession = {
      agent_id: this.agent.id,
      version: Number(data.get('version')),
      variables: this.setup.variables,
      ...(this.setup.systemPrompt ? { system_prompt: this.setup.systemPrompt } : {}),
      ...(this.setup.firstMessage ? { first_message: this.setup.firstMessage } : {}),
      ...(toolMocks?.data ? { tool_mock_config: toolMocks.data } : {}),
    };
    await this.session.start(body);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>('#message')?.focus();
  }

  private share() {
    const dialog = this.renderRoot.querySelector<ShareDialog>('pc-share-dialog');
    const started = this.session.started;
    if (!dialog || !started || !this.ctx) return;
    dialog.http = this.ctx.http;
    dialog.callId = started.callId;
    void dialog.open();
  }

  private saveAsTest() {
    const dialog = this.renderRoot.querySelector<SaveTestDialog>('pc-save-test-dialog');
    const shown = this.session.shown;
    if (!dialog || !shown) return;
    dialog.client = this.chatClient();
    dialog.messages = shown.messages;
    dialog.setup = this.setup;
    dialog.requestUpdate();
    void dialog.open();
  }
}

customElements.define('pc-playground-view', PlaygroundView);
