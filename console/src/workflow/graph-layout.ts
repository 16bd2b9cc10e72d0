/**
 * Places a workflow graph with dagre (a layered layout, top to bottom): node centres,
 * edge routes and label positions. Its own chunk, loaded with the workflow view. A
 * target that does not exist is drawn as a ghost node, so the dangling edge shows where
 * it points.
 */
import dagre from '@dagrejs/dagre';
import type { GraphEdge, GraphNode, WorkflowGraph } from './workflow-graph.ts';

export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 66;

export interface Point {
  x: number;
  y: number;
}

export interface PlacedNode {
  /** `null` for a ghost: a target named by an edge but missing from the workflow. */
  node: GraphNode | null;
  id: string;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface PlacedEdge {
  edge: GraphEdge;
  points: Point[];
  /** The label's centre and size, when the edge has a label. */
  label: { x: number; y: number; width: number; height: number } | null;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

const LABEL_HEIGHT = 18;
/** An estimate of the label's width at the canvas's 11 px font; dagre needs it to leave room. */
const labelWidth = (text: string) => Math.ceil(text.length * 6.2) + 12;

export function layoutGraph(graph: WorkflowGraph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 56, edgesep: 16, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  const known = new Set(graph.nodes.map((n) => n.id));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of graph.edges) if (!known.has(edge.to)) g.setNode(edge.to, { width: NODE_WIDTH, height: NODE_HEIGHT });
  graph.edges.forEach((edge, index) => {
    g.setEdge(edge.from, edge.to, edge.label ? { width: labelWidth(edge.label), height: LABEL_HEIGHT, labelpos: 'c' } : {}, `e${index}`);
  });
  dagre.layout(g);

  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: PlacedNode[] = g.nodes().map((id: string) => {
    const placed = g.node(id);
    return { node: byId.get(id) ?? null, id, x: (placed.x ?? 0) - NODE_WIDTH / 2, y: (placed.y ?? 0) - NODE_HEIGHT / 2 };
  });
  const edges: PlacedEdge[] = graph.edges.map((edge, index) => {
    const placed = g.edge({ v: edge.from, w: edge.to, name: `e${index}` });
    const label = edge.label && placed.x !== undefined && placed.y !== undefined ? { x: placed.x, y: placed.y, width: labelWidth(edge.label), height: LABEL_HEIGHT } : null;
    return { edge, points: placed.points ?? [], label };
  });
  const size = g.graph();
  return { nodes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}
