/**
 * Storing and restoring a workflow snapshot at rest, without XState's generic walks.
 *
 * A workflow's context is plain JSON by its schema (workflow-context.ts) and a snapshot is
 * only stored at rest, where nothing is invoked: it holds no actor references, no children
 * and, since compiled workflows have no history states, no history. XState's own
 * `getPersistedSnapshot` and `restoreSnapshot` cannot know that, so both walk the whole
 * context (up to 120 history messages) looking for actor references, and the restore
 * rebuilds the state nodes `resolveState` has just found. Those walks were a third of
 * XState's time in a text-chat turn (issue #12's profile). The shortcuts refuse any
 * snapshot that breaks the assumptions instead of storing it wrongly.
 */
import type { SnapshotFrom } from 'xstate';
import type { WorkflowMachine } from './compile-workflow.ts';
import type { WorkflowContext } from './workflow-context.ts';
import { WorkflowRuntimeError } from './workflow-errors.ts';

type WorkflowSnapshot = SnapshotFrom<WorkflowMachine>;

function hasAny(record: object): boolean {
  for (const _ in record) return true;
  return false;
}

function assertResting(snapshot: WorkflowSnapshot): void {
  if (hasAny(snapshot.children) || hasAny(snapshot.historyValue)) {
    throw new WorkflowRuntimeError('workflow_failed', `A snapshot with running actors or history cannot be stored (node "${snapshot.context.node}")`);
  }
}

/**
 * What `machine.getPersistedSnapshot(snapshot)` returns for a resting snapshot, key for key,
 * with `context` instead of the snapshot's own.
 */
export function persistResting(snapshot: WorkflowSnapshot, context: WorkflowContext): object {
  assertResting(snapshot);
  const { status, output, error, value } = snapshot;
  return { status, output, error, value, historyValue: {}, context, children: {} };
}

/** One per machine: the same logic object keeps V8's view of the actor's calls stable. */
const restorers = new WeakMap<WorkflowMachine, WorkflowMachine>();

/**
 * `machine` as actor logic whose `restoreSnapshot` takes a snapshot `machine.resolveState`
 * built, as it is: `createActor(restoringResolved(machine), { snapshot: resolved })`.
 * Everything else is the machine's own (it is the prototype).
 */
export function restoringResolved(machine: WorkflowMachine): WorkflowMachine {
  let logic = restorers.get(machine);
  if (!logic) {
    const restoreSnapshot = (snapshot: WorkflowSnapshot): WorkflowSnapshot => {
      assertResting(snapshot);
      return snapshot;
    };
    logic = Object.create(machine, { restoreSnapshot: { value: restoreSnapshot } }) as WorkflowMachine;
    restorers.set(machine, logic);
  }
  return logic;
}
