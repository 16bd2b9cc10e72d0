/**
 * The loop guard as part of the machine (DESIGN §4): every node state first checks the
 * turn's step budget and, once it is spent, goes to the `looped` state instead of
 * following the graph. The turn runner sees that state like any other and ends the turn
 * with a `workflow_loop` error; nothing is thrown from inside an action.
 */
import type { WorkflowStateConfig } from './machine-setup.ts';
import { MACHINE_ID } from './state-targets.ts';

/** The state key of the loop guard: `stateKey` escapes every `%` of a node id, so no node can have it. */
export const LOOPED_STATE = '%looped';

/** The state the machine enters when a turn has spent its step budget. It rests there; the turn fails. */
export const loopedState: WorkflowStateConfig = { tags: ['looped'] };

/**
 * A node's state with the step-budget check before its own eventless transitions.
 * Final states are left alone: a turn that reaches one has come to rest.
 */
export function withLoopGuard(config: WorkflowStateConfig): WorkflowStateConfig {
  if (config.type === 'final') return config;
  const own = config.always === undefined ? [] : Array.isArray(config.always) ? config.always : [config.always];
  return { ...config, always: [{ guard: 'stepBudgetSpent', target: `#${MACHINE_ID}.${LOOPED_STATE}` }, ...own] };
}
