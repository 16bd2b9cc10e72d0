/**
 * The one rule for a question that keeps getting answers it cannot use (an `ask` node,
 * choices included, and a `form` node): it asks again up to `max_retries` times, and the
 * next failed answer goes to the node's `on_fail`. A node without `on_fail` hands the
 * conversation to a person, as a transfer to `human` does, saying so — a visitor is never
 * left in a loop of "Sorry, I didn't catch that". To keep asking regardless, an author
 * names the node itself as its `on_fail`.
 */
import type { WorkflowSetup, WorkflowStateConfig } from '../machine-setup.ts';
import { MACHINE_ID, targetOf } from '../state-targets.ts';

/** The state key of the hand-over: `stateKey` escapes every `%` of a node id, so no node can have it. */
export const GIVE_UP_STATE = '%gave-up';

/** What the visitor reads when a node without `on_fail` gives up. */
export const GIVE_UP_TEXT = "Sorry, I still couldn't understand that. Let me connect you with a person who can help.";

/**
 * Where a node goes once its retries are spent.
 * @example onFailTarget(undefined) // '#workflow.%gave-up'
 */
export function onFailTarget(onFail: string | undefined): string {
  return onFail === undefined ? `#${MACHINE_ID}.${GIVE_UP_STATE}` : targetOf(onFail);
}

/** The hand-over state: its text, then the machine is done, transferred to `human` (the node the visitor was at stays `node`). */
export function giveUpState(setup: WorkflowSetup): WorkflowStateConfig {
  return setup.createStateConfig({
    type: 'final',
    entry: [{ type: 'speak', params: { text: GIVE_UP_TEXT, opening: false } }, 'flushReply'],
    output: { state: 'transferred', destination: 'human' },
  });
}
