/**
 * The boundary the session layer calls (DESIGN §4): run one turn of a compiled
 * workflow — the opening turn, or one user message — until the machine rests (waiting
 * for the user, transferred or ended), and report what the turn produced.
 */
import { createActor, waitFor } from 'xstate';
import type { Actor, SnapshotFrom } from 'xstate';
import type { z } from 'zod';
import type { WorkflowMachine } from './compile-workflow.ts';
import { MAX_STEPS_PER_TURN } from './machine-setup.ts';
import { replyText } from './outbox.ts';
import { persistResting, restoringResolved } from './resting-snapshot.ts';
import { createTurnRecorder } from './turn-recorder.ts';
import type { TurnRecorder } from './turn-recorder.ts';
import type { TurnOutcome, WorkflowInput, WorkflowServices } from './types.ts';
import { createBoundActor, type TurnBinding } from './workflow-actors.ts';
import { persistedSnapshotSchema } from './workflow-context.ts';
import { WorkflowRuntimeError } from './workflow-errors.ts';

type WorkflowSnapshot = SnapshotFrom<WorkflowMachine>;

export interface StartWorkflowArgs {
  machine: WorkflowMachine;
  input: WorkflowInput;
  services: WorkflowServices;
  signal: AbortSignal;
}

export interface ContinueWorkflowArgs {
  machine: WorkflowMachine;
  /** The snapshot stored by the previous turn (`TurnOutcome.snapshot`), JSON round-tripped or not. */
  snapshot: unknown;
  text: string;
  services: WorkflowServices;
  signal: AbortSignal;
}

function isSettled(snapshot: WorkflowSnapshot): boolean {
  return snapshot.status === 'done' || snapshot.hasTag('waiting');
}

/** Where a turn stops: at rest, or in the loop guard's state. An actor error rejects `waitFor`. */
function hasStopped(snapshot: WorkflowSnapshot): boolean {
  return isSettled(snapshot) || snapshot.hasTag('looped');
}

function toRuntimeError(error: unknown): Error {
  if (error instanceof WorkflowRuntimeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WorkflowRuntimeError('workflow_failed', `The workflow failed: ${message}`, { cause: error });
}

/**
 * Kick the actor and wait, with XState's `waitFor`, for the first snapshot where the turn
 * stops after the kick; `skip` is the snapshot a restored actor shows before it (already
 * at rest). `waitFor` subscribes before the kick, so an error during it rejects instead of
 * going unreported, and the signal rejects at once; either way the actor is stopped, and
 * with it any LLM or tool request in flight.
 */
async function runUntilStopped(
  { actor, unbind }: { actor: Actor<WorkflowMachine>; unbind: () => void },
  turn: TurnBinding,
  kick: () => void,
  skip?: WorkflowSnapshot,
): Promise<WorkflowSnapshot> {
  const { signal } = turn;
  const stopped = waitFor(actor, (snapshot) => snapshot !== skip && hasStopped(snapshot), { signal });
  try {
    kick();
    const snapshot = await stopped;
    if (snapshot.hasTag('looped')) {
      const node = snapshot.context.node;
      throw new WorkflowRuntimeError(
        'workflow_loop',
        `The workflow entered ${String(MAX_STEPS_PER_TURN)} nodes in one turn without waiting for the user (at node "${node}")`,
        { node },
      );
    }
    return snapshot;
  } catch (error) {
    throw signal.aborted ? signal.reason : toRuntimeError(error);
  } finally {
    // Stopping completes the actor, which rejects a `waitFor` still pending after a failed kick.
    actor.stop();
    stopped.catch(() => undefined);
    unbind();
  }
}

/**
 * Snapshots `persist` made in this process: they are workflow snapshots by construction, so
 * restoring one (the sessions repository hands the committed object back, snapshot-memo.ts)
 * skips the schema pass that a snapshot read from the database needs. Weak: it holds nothing
 * alive, and no test can see another's entries.
 */
const persistedHere = new WeakSet<object>();

/**
 * The stored snapshot of a settled machine, outbox and answer emptied: the next turn starts clean.
 * At rest nothing is invoked, so the snapshot has no children to persist.
 */
function persist(snapshot: WorkflowSnapshot): unknown {
  const stored = persistResting(snapshot, { ...snapshot.context, outbox: [], answer: null });
  persistedHere.add(stored);
  return stored;
}

/** The parts of a stored snapshot `resolveState` takes, checked by the schema unless this process made it. */
function parseStored(stored: unknown): z.infer<typeof persistedSnapshotSchema> {
  if (typeof stored === 'object' && stored !== null && persistedHere.has(stored)) return stored as z.infer<typeof persistedSnapshotSchema>;
  const parsed = persistedSnapshotSchema.safeParse(stored);
  if (!parsed.success) {
    throw new WorkflowRuntimeError('invalid_snapshot', `The stored snapshot is not a workflow snapshot: ${parsed.error.message}`);
  }
  return parsed.data;
}

function outcomeOf(snapshot: WorkflowSnapshot, recorder: TurnRecorder): TurnOutcome {
  const { context } = snapshot;
  const content = replyText(context.outbox);
  const choices = context.outbox.at(-1)?.choices;
  const output = snapshot.status === 'done' ? snapshot.output : undefined;
  return {
    snapshot: persist(snapshot),
    reply: choices === undefined ? { content } : { content, choices },
    state: output?.state ?? 'waiting',
    ...(output?.state === 'transferred' ? { transfer: { destination: output.destination } } : {}),
    node: context.node,
    ...(output === undefined && context.retries > 0 ? { retrying: true } : {}),
    variables: context.variables,
    ...(context.answer === null ? {} : { answer: context.answer }),
    ...recorder.report(),
  };
}

/**
 * The turn's recorder, noting each node the machine enters (`enterNode`, workflow-actors.ts)
 * unless it is where the machine already was: re-entering the node it rests in or just
 * entered is no move.
 */
function pathRecorder(recorder: TurnRecorder, restingIn?: string): TurnRecorder {
  let last = restingIn;
  return {
    ...recorder,
    entered(node) {
      if (node === last) return;
      last = node;
      recorder.entered(node);
    },
  };
}

/** Parse a stored snapshot back into a machine snapshot at rest. */
function restore(machine: WorkflowMachine, stored: unknown): WorkflowSnapshot {
  const { value, context, output } = parseStored(stored);
  let snapshot: WorkflowSnapshot;
  try {
    snapshot = machine.resolveState({ value, context, ...(output === undefined ? {} : { output }) });
  } catch (error) {
    throw new WorkflowRuntimeError('invalid_snapshot', 'The stored snapshot does not match this workflow version', { cause: error });
  }
  if (!isSettled(snapshot)) {
    throw new WorkflowRuntimeError('invalid_snapshot', `The stored snapshot is not at rest (node "${snapshot.context.node}")`);
  }
  return snapshot;
}

/**
 * Start a session: run the machine from its start node to the first resting point.
 * @example
 * const outcome = await startWorkflow({ machine, input: { variables: {} }, services, signal });
 * // outcome.reply.content is message 0 of the transcript; store outcome.snapshot with it.
 */
export async function startWorkflow(args: StartWorkflowArgs): Promise<TurnOutcome> {
  args.signal.throwIfAborted();
  const recorder = createTurnRecorder();
  const turn = { services: args.services, recorder: pathRecorder(recorder), signal: args.signal };
  const bound = createBoundActor(() => createActor(args.machine, { input: args.input }), turn);
  const settled = await runUntilStopped(bound, turn, () => bound.actor.start());
  return outcomeOf(settled, recorder);
}

/**
 * Run one user message through a stored session. A session that has already ended or
 * been transferred answers with an empty reply and its snapshot unchanged.
 * @throws the signal's reason when it aborts (the caller keeps the previous snapshot);
 * {@link WorkflowRuntimeError} when the snapshot is unusable or the workflow loops.
 */
export async function continueWorkflow(args: ContinueWorkflowArgs): Promise<TurnOutcome> {
  args.signal.throwIfAborted();
  const recorder = createTurnRecorder();
  const restored = restore(args.machine, args.snapshot);
  if (restored.status === 'done') return outcomeOf(restored, recorder);
  // A node that handles the message where it rests (an `llm` node's answer) is no move.
  const turn = { services: args.services, recorder: pathRecorder(recorder, restored.context.node), signal: args.signal };
  // The restored snapshot is resolved already: the actor takes it as it is (resting-snapshot.ts).
  const bound = createBoundActor(() => createActor(restoringResolved(args.machine), { snapshot: restored }), turn);
  const { actor } = bound;
  const kick = (): void => {
    actor.start();
    actor.send({ type: 'user.message', text: args.text });
  };
  const settled = await runUntilStopped(bound, turn, kick, actor.getSnapshot());
  return outcomeOf(settled, recorder);
}
