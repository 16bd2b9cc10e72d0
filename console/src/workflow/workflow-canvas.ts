/**
 * `<pc-workflow-canvas>`: the workflow drawn. Nodes by type (colour and name), edges
 * with their labels (dashed for errors and failures, red when their target is missing),
 * the start node and interrupt targets marked, nodes with a problem outlined. Pan by
 * dragging or the arrow keys, zoom with the wheel, `+`/`-` or the buttons; a node is a
 * button: click or Enter selects it (`pc-node-select`). The layout code (dagre) loads
 * with the first graph.
 */
import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import type { GraphLayout, PlacedEdge, PlacedNode, Point } from './graph-layout.ts';
import { firstView, fit, panBy, zoomAt, type View } from './pan-zoom.ts';
import type { WorkflowGraph } from './workflow-graph.ts';
import { baseStyles } from '../styles/base-styles.ts';
import { canvasStyles } from '../styles/canvas-styles.ts';

const NODE_W = 210;
const NODE_H = 66;
const SUMMARY_CHARS = 32;
const KEY_PAN = 40;

type Layouter = (graph: WorkflowGraph) => GraphLayout;
let layouter: Promise<Layouter> | undefined;
const loadLayouter = () => (layouter ??= import('./graph-layout.ts').then((m) => m.layoutGraph));

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function pathOf(points: Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  if (rest.length === 0) return `M${first.x},${first.y}`;
  // A smooth curve through dagre's points: quadratic segments between midpoints.
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i] as Point;
    const q = rest[i + 1] as Point;
    d += ` Q${p.x},${p.y} ${(p.x + q.x) / 2},${(p.y + q.y) / 2}`;
  }
  const last = rest[rest.length - 1] as Point;
  return `${d} L${last.x},${last.y}`;
}

export class WorkflowCanvas extends LitElement {
  static override styles = [baseStyles, canvasStyles];
  static override properties = {
    graph: { attribute: false },
    selected: { type: String },
    faulty: { attribute: false },
    layout: { state: true },
    view: { state: true },
  };

  declare graph: WorkflowGraph | undefined;
  declare selected: string | null;
  /** Nodes with a problem. */
  declare faulty: ReadonlySet<string>;
  declare layout: GraphLayout | undefined;
  declare view: View;
  private drag: { x: number; y: number; id: number } | undefined;
  private fitted = false;

  constructor() {
    super();
    this.selected = null;
    this.faulty = new Set();
    this.view = { scale: 1, x: 0, y: 0 };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('graph') && this.graph) {
      const graph = this.graph;
      void loadLayouter().then((layout) => {
        if (this.graph !== graph) return;
        this.layout = layout(graph);
        if (!this.fitted) {
          this.fitted = true;
          void this.updateComplete.then(() => {
            const box = this.viewport();
            if (this.layout && box) this.view = firstView(this.layout.width, this.layout.height, box.width, box.height);
          });
        }
      });
    }
  }

  override render() {
    return html`
      <div class="toolbar row" role="toolbar" aria-label="Graph view">
        <button type="button" class="small" @click=${() => this.zoom(1.2)} aria-label="Zoom in">+</button>
        <button type="button" class="small" @click=${() => this.zoom(1 / 1.2)} aria-label="Zoom out">−</button>
        <button type="button" class="small" @click=${this.fitView}>Fit</button>
        <span class="muted hint">Drag or arrow keys to pan, wheel or +/− to zoom</span>
      </div>
      <svg
        class="canvas"
        tabindex="0"
        role="group"
        aria-label="Workflow graph"
        aria-roledescription="graph"
        @pointerdown=${this.pointerDown}
        @pointermove=${this.pointerMove}
        @pointerup=${this.pointerUp}
        @pointercancel=${this.pointerUp}
        @wheel=${this.wheel}
        @keydown=${this.keyDown}
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" class="arrow"></path>
          </marker>
        </defs>
        ${this.layout
          ? svg`<g transform="translate(${this.view.x} ${this.view.y}) scale(${this.view.scale})">
              ${this.layout.edges.map((e) => this.edgeView(e))}
              ${this.layout.nodes.map((n) => this.nodeView(n))}
            </g>`
          : svg`<text x="20" y="30" class="loading">Drawing…</text>`}
      </svg>
    `;
  }

  private edgeView({ edge, points, label }: PlacedEdge) {
    return svg`<g class="edge kind-${edge.kind} ${edge.dangling ? 'dangling' : ''}">
      <path d=${pathOf(points)} marker-end="url(#arrow)"></path>
      ${label
        ? svg`<rect class="label-bg" x=${label.x - label.width / 2} y=${label.y - label.height / 2} width=${label.width} height=${label.height} rx="4"></rect>
          <text class="label" x=${label.x} y=${label.y + 4} text-anchor="middle">${edge.label}</text>`
        : nothing}
    </g>`;
  }

  private nodeView({ node, id, x, y }: PlacedNode) {
    if (!node) {
      return svg`<g class="node ghost" transform="translate(${x} ${y})">
        <rect width=${NODE_W} height=${NODE_H} rx="8"></rect>
        <text x="12" y="24" class="id">${clip(id, 28)}</text>
        <text x="12" y="46" class="summary">missing node</text>
      </g>`;
    }
    const selected = this.selected === id;
    const classes = ['node', `type-${node.type}`, selected ? 'selected' : '', this.faulty.has(id) ? 'faulty' : ''].join(' ');
    const typeLine = `${node.type}${node.start ? ' · start' : ''}`;
    const summary = clip(node.summary, SUMMARY_CHARS);
    // The name starts with the text on screen (what a voice-control user says), then what only colour and icons show.
    const marks = [node.interruptedBy.length ? `⚡ interrupt target (${node.interruptedBy.join(', ')})` : '', this.faulty.has(id) ? 'has a problem' : ''].filter(Boolean);
    return svg`<g class=${classes} transform="translate(${x} ${y})" role="button" tabindex="0"
        aria-label=${`${typeLine} ${clip(id, 26)} ${summary}${marks.length ? ` — ${marks.join(', ')}` : ''}`} aria-pressed=${selected ? 'true' : 'false'}
        data-node=${id} @click=${() => this.select(id)} @keydown=${(e: KeyboardEvent) => this.nodeKey(e, id)}>
      <rect width=${NODE_W} height=${NODE_H} rx="8"></rect>
      <rect class="stripe" width="6" height=${NODE_H} rx="3"></rect>
      <text x="16" y="20" class="type">${typeLine}</text>
      <text x="16" y="38" class="id">${clip(id, 26)}</text>
      <text x="16" y="56" class="summary">${summary}</text>
      ${node.interruptedBy.length ? svg`<g class="interrupt" aria-hidden="true"><circle cx=${NODE_W - 14} cy="14" r="9"></circle><text x=${NODE_W - 14} y="18" text-anchor="middle">⚡</text></g>` : nothing}
    </g>`;
  }

  private select(id: string) {
    this.dispatchEvent(new CustomEvent('pc-node-select', { detail: id, bubbles: true, composed: true }));
  }

  private nodeKey(event: KeyboardEvent, id: string) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      event.stopPropagation();
      this.select(id);
    }
  }

  private viewport(): DOMRect | undefined {
    return this.renderRoot.querySelector('svg')?.getBoundingClientRect();
  }

  private fitView() {
    const box = this.viewport();
    if (!this.layout || !box) return;
    this.view = fit(this.layout.width, this.layout.height, box.width, box.height);
  }

  private zoom(factor: number) {
    const box = this.viewport();
    this.view = zoomAt(this.view, factor, (box?.width ?? 0) / 2, (box?.height ?? 0) / 2);
  }

  private pointerDown(event: PointerEvent) {
    // A press on a node selects it; only the background drags.
    if ((event.target as Element).closest('.node')) return;
    this.drag = { x: event.clientX, y: event.clientY, id: event.pointerId };
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
  }

  private pointerMove(event: PointerEvent) {
    if (!this.drag || this.drag.id !== event.pointerId) return;
    this.view = panBy(this.view, event.clientX - this.drag.x, event.clientY - this.drag.y);
    this.drag = { ...this.drag, x: event.clientX, y: event.clientY };
  }

  private pointerUp() {
    this.drag = undefined;
  }

  private wheel(event: WheelEvent) {
    event.preventDefault();
    const box = this.viewport();
    this.view = zoomAt(this.view, event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - (box?.left ?? 0), event.clientY - (box?.top ?? 0));
  }

  private keyDown(event: KeyboardEvent) {
    const moves: Record<string, [number, number]> = { ArrowLeft: [KEY_PAN, 0], ArrowRight: [-KEY_PAN, 0], ArrowUp: [0, KEY_PAN], ArrowDown: [0, -KEY_PAN] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      this.view = panBy(this.view, move[0], move[1]);
    } else if (event.key === '+' || event.key === '=') this.zoom(1.2);
    else if (event.key === '-') this.zoom(1 / 1.2);
    else if (event.key === '0') this.fitView();
  }
}

customElements.define('pc-workflow-canvas', WorkflowCanvas);
