/**
 * How nodes become addressable states. Node ids are free text, but XState reads `.` in
 * a target as a path separator, so state keys escape it; the author's id is kept in
 * the context (`context.node`) for everything the caller sees.
 */
import type { WorkflowDefinition } from '../../shared/workflow-schema.ts';

/** The machine's id, the root of every absolute target. */
export const MACHINE_ID = 'workflow';

/**
 * The state key of a node.
 * @example stateKey('step.1') // 'step%2E1'
 */
export function stateKey(nodeId: string): string {
  return nodeId.replace(/[%.]/g, (char) => (char === '%' ? '%25' : '%2E'));
}

/**
 * The node id of a state key (the inverse of {@link stateKey}).
 * @example nodeIdOfKey('step%2E1') // 'step.1'
 */
export function nodeIdOfKey(key: string): string {
  return key.replace(/%2E|%25/g, (escape) => (escape === '%2E' ? '.' : '%'));
}

/** An absolute transition target for a node, valid from any depth. */
export function targetOf(nodeId: string): string {
  return `#${MACHINE_ID}.${stateKey(nodeId)}`;
}

/**
 * The workflow's interrupts as `user.message` transitions, placed first in every
 * waiting state so "agent" or "operator" wins over the node's own handling.
 */
export function interruptTransitions(definition: WorkflowDefinition) {
  return definition.interrupts.map((interrupt) => ({
    guard: { type: 'isInterrupt' as const, params: { phrases: interrupt.match } },
    target: targetOf(interrupt.to),
    reenter: true,
    actions: 'receiveMessage' as const,
  }));
}

/**
 * The state a node rests in while it waits for the user: tagged `waiting` (what a turn
 * waits for), the turn's reply flushed on entry, and the workflow's interrupts tried before
 * the node's own `user.message` handlers. Every kind that waits builds its resting state here.
 * @example waitingState(definition, [{ target: 'thinking', actions: 'receiveMessage' as const }])
 */
export function waitingState<H>(definition: WorkflowDefinition, handlers: readonly H[]) {
  return {
    tags: ['waiting' as const],
    entry: 'flushReply' as const,
    on: { 'user.message': [...interruptTransitions(definition), ...handlers] },
  };
}
