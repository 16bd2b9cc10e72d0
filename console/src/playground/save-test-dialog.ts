/**
 * `<pc-save-test-dialog>`: "Save as test" — the branch on screen becomes a reply test
 * (replay up to the last visitor message, judge the reply) or a simulation test, with
 * the session's initial variables, overrides and tool mocks. Fires `pc-test-saved`.
 */
import { LitElement, html, nothing } from 'lit';
import type { ChatMessage } from '../../../shared/api/text-chat-api.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { dialogStyles } from '../styles/dialog-styles.ts';
import type { ChatClient } from './chat-client.ts';
import { testFromBranch, type SessionSetup } from './test-from-branch.ts';

export class SaveTestDialog extends LitElement {
  static override styles = [baseStyles, dialogStyles];
  static override properties = { type: { state: true }, problem: { state: true }, busy: { state: true } };

  declare type: 'reply' | 'simulation';
  declare problem: string | null;
  declare busy: boolean;
  client: ChatClient | undefined;
  messages: readonly ChatMessage[] = [];
  setup: SessionSetup = { variables: {} };

  constructor() {
    super();
    this.type = 'reply';
    this.problem = null;
    this.busy = false;
  }

  async open(): Promise<void> {
    this.problem = null;
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  override render() {
    const lastReply = [...this.messages].reverse().find((m) => m.role === 'assistant');
    return html`<dialog aria-labelledby="save-test-title">
      <form method="dialog" @submit=${this.submit}>
        <h2 id="save-test-title">Save as test</h2>
        <p class="muted">From the ${this.messages.length} messages on screen.</p>
        <fieldset class="choices">
          <legend>Kind of test</legend>
          <label class="choice"><input type="radio" name="type" value="reply" .checked=${this.type === 'reply'} @change=${() => (this.type = 'reply')} /> Reply: the last answer is judged</label>
          <label class="choice"><input type="radio" name="type" value="simulation" .checked=${this.type === 'simulation'} @change=${() => (this.type = 'simulation')} /> Simulation: a simulated visitor</label>
        </fieldset>
        <div class="field"><label for="test-name">Test name</label><input id="test-name" name="name" required maxlength="200" /></div>
        ${this.type === 'simulation'
          ? html`<div class="field"><label for="scenario">Scenario <span class="hint">who the visitor is and what they want</span></label><textarea id="scenario" name="scenario" rows="3"></textarea></div>`
          : nothing}
        <div class="field"><label for="criteria">Success criteria</label>
          <textarea id="criteria" name="criteria" rows="3" .value=${lastReply ? `Answers like: "${lastReply.content.slice(0, 300)}"` : ''}></textarea></div>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
        <div class="row actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>Cancel</button>
          <button type="submit" class="primary" ?disabled=${this.busy}>Save test</button>
        </div>
      </form>
    </dialog>`;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const last = this.messages.at(-1);
    const body = testFromBranch(this.messages, last?.index ?? 0, {
      name: String(data.get('name') ?? ''),
      type: this.type,
      successCriteria: String(data.get('criteria') ?? ''),
      scenario: String(data.get('scenario') ?? ''),
    }, this.setup);
    if (typeof body === 'string') {
      this.problem = body;
      return;
    }
    if (!this.client) return;
    this.busy = true;
    try {
      const test = await this.client.saveTest(body);
      this.renderRoot.querySelector('dialog')?.close();
      this.dispatchEvent(new CustomEvent('pc-test-saved', { detail: test, bubbles: true, composed: true }));
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('pc-save-test-dialog', SaveTestDialog);
