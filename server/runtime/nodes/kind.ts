/**
 * What a node kind is to the engine: its edges, where a turn can rest, the rules its
 * schema cannot express, and the XState state it compiles to. Each kind is one folder
 * under `nodes/` and is listed once in `registry.ts`; its zod schema is in
 * `shared/nodes/<kind>.ts`, listed once in `shared/workflow-schema.ts`.
 */
import type { WorkflowDefinition, WorkflowNode } from '../../../shared/workflow-schema.ts';
import type { WorkflowSetup, WorkflowStateConfig } from '../machine-setup.ts';
import type { AgentRuntimeConfig } from '../types.ts';

/** A transition a node can take, with the field it comes from. */
export interface Edge {
  /** The field holding the target, as an author would look for it: `next`, `cases[0].to`. */
  field: string;
  to: string;
}

/** What a kind's `validate` checks against besides the node itself. */
export interface NodeRules {
  toolNames: ReadonlySet<string>;
  /** Refuse regexes the linear-time engine cannot run (off when compiling a stored version). */
  checkPatterns: boolean;
  /** The agent's knowledge bases; undefined: not checked. */
  knowledgeBaseIds: ReadonlySet<string> | undefined;
}

/** Everything a kind's state builder may read. */
export interface NodeBuild {
  setup: WorkflowSetup;
  nodeId: string;
  definition: WorkflowDefinition;
  agent: AgentRuntimeConfig;
  /**
   * The node is the start node and its kind's `firstMessage` is `replaces`: the text it
   * speaks on entry gives way to the agent's first message.
   */
  opening: boolean;
}

/** One node kind. `N` is the node's parsed type from its schema. */
export interface NodeKind<N extends WorkflowNode> {
  /** Every transition the node can take. */
  edges(node: N): Edge[];
  /** Whether a turn can come to rest here (waits for the user, or ends the conversation). */
  canRest(node: N): boolean;
  /**
   * How the agent's `first_message` meets this kind as the start node: it `replaces` the
   * node's opening words (a `say` greeting; an `llm` node's first answer), or `precedes`
   * whatever the node does (a question, a form, a tool call, a branch, a transfer, an end),
   * so no text or question the author wrote is lost.
   */
  firstMessage: 'replaces' | 'precedes';
  /** Rules the schema cannot express. @throws {WorkflowValidationError} naming the node. */
  validate?(node: N, nodeId: string, rules: NodeRules): void;
  /** The node's state. Its builder starts the entry with `enterNode` (see `nodeEntry`). */
  state(node: N, build: NodeBuild): WorkflowStateConfig;
}

/** The bookkeeping action every node state starts its entry with. */
export function enterNode(nodeId: string) {
  return { type: 'enterNode' as const, params: { nodeId } };
}
