/**
 * `<pc-definition-editor>`: the workflow's JSON in a plain `<textarea>` (so typing,
 * undo, selection, screen readers and the keyboard behave as everywhere else — Tab
 * leaves it), laid over a highlighted copy of the same text with line numbers and the
 * lines that have a problem marked. The problems are listed below, each naming its node,
 * with a button that puts the caret on its line. Fires `pc-definition-input` as the
 * author types.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { baseStyles } from '../styles/base-styles.ts';
import { editorStyles } from '../styles/editor-styles.ts';
import type { EditorProblem } from './definition-check.ts';
import { tokenize } from './json-highlight.ts';

export class DefinitionEditor extends LitElement {
  static override styles = [baseStyles, editorStyles];
  static override properties = {
    value: { type: String },
    problems: { attribute: false },
    readonly: { type: Boolean },
    label: { type: String },
  };

  declare value: string;
  declare problems: readonly EditorProblem[];
  declare readonly: boolean;
  declare label: string;

  constructor() {
    super();
    this.value = '';
    this.problems = [];
    this.readonly = false;
    this.label = 'Workflow definition (JSON)';
  }

  override render() {
    const badLines = new Set(this.problems.map((p) => p.line).filter((line): line is number => line !== null));
    const lines = this.value.split('\n');
    return html`
      <div class="editor">
        <pre class="highlight" aria-hidden="true"><code>${lines.map(
          (line, index) => html`<span class="line ${badLines.has(index + 1) ? 'bad' : ''}">${tokenize(line).map((t) => (t.kind === 'plain' ? t.text : html`<span class="t-${t.kind}">${t.text}</span>`))}</span>\n`,
        )}</code></pre>
        <textarea
          id="source"
          wrap="off"
          spellcheck="false"
          autocapitalize="off"
          autocomplete="off"
          aria-label=${this.label}
          aria-describedby="problems"
          aria-invalid=${this.problems.length > 0 ? 'true' : 'false'}
          ?readonly=${this.readonly}
          .value=${this.value}
          @input=${this.input}
          @scroll=${this.syncScroll}
        ></textarea>
      </div>
      <div id="problems" class="problems" aria-live="polite">
        ${this.problems.length === 0
          ? html`<p class="ok">No problems found.</p>`
          : html`<h3>${this.problems.length} problem${this.problems.length === 1 ? '' : 's'}</h3>
              <ul>
                ${this.problems.map(
                  (p) => html`<li>
                    ${p.line !== null ? html`<button type="button" class="small" @click=${() => this.goToLine(p.line ?? 1)} aria-label=${`Go to line ${p.line}`}>line ${p.line}</button>` : nothing}
                    <span class="error">${p.message}</span>
                  </li>`,
                )}
              </ul>`}
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.syncScroll();
  }

  /** Puts the caret at the start of `line` (1-based) and scrolls it into view. */
  goToLine(line: number): void {
    const textarea = this.textarea();
    if (!textarea) return;
    const lines = textarea.value.split('\n');
    const offset = lines.slice(0, Math.max(0, line - 1)).reduce((sum, l) => sum + l.length + 1, 0);
    textarea.focus();
    textarea.setSelectionRange(offset, offset + (lines[line - 1]?.length ?? 0));
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
    this.syncScroll();
  }

  private textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  private input(event: InputEvent) {
    this.value = (event.target as HTMLTextAreaElement).value;
    this.dispatchEvent(new CustomEvent('pc-definition-input', { detail: this.value, bubbles: true, composed: true }));
  }

  private syncScroll() {
    const textarea = this.textarea();
    const pre = this.renderRoot.querySelector('pre');
    if (!textarea || !pre) return;
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  }
}

customElements.define('pc-definition-editor', DefinitionEditor);
