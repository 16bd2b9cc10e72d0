/**
 * The boundary the session layer calls (DESIGN §4): run one turn of a compiled
 * workflow — the opening turn, or one user message — until the machine rests (waiting
 * for the user, transferred or ended), and report what the turn produced.
 */
import { createActor } from 'xstate';
import type { Actor, SnapshotFrom } from 'xstate';
import type { WorkflowMachine } from './compile-workflow.ts';
import { createTurnRecorder } from './turn-recorder.ts';
import type { TurnRecorder } from './turn-recorder.ts';
import type { TurnOutcome, WorkflowInput, WorkflowServices } from './types.ts';
import { createWorkflowActors } from './workflow-actors.ts';
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

function toRuntimeError(error: unknown): Error {
  if (error instanceof WorkflowRuntimeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WorkflowRuntimeError('workflow_failed', `The workflow failed: ${message}`, { cause: error });
}

/**
 * Run `kick` (start, or start and send) and resolve with the first settled snapshot
 * after it. An actor error rejects instead of hanging; so does the signal, at once,
 * stopping the actor and with it any LLM or tool request in flight.
 */
function runUntilSettled(actor: Actor<WorkflowMachine>, kick: () => void, signal: AbortSignal): Promise<WorkflowSnapshot> {
  return new Promise((resolve, reject) => {
    let armed = false;
    let finished = false;
    const finish = (settle: () => void): void => {
      if (finished) return;
      finished = true;
      subscription.unsubscribe();
      signal.removeEventListener('abort', onAbort);
      actor.stop();
      settle();
    };
    const onAbort = (): void => finish(() => reject(signal.reason));
    const inspect = (snapshot: WorkflowSnapshot): void => {
      // While `kick` runs, a restored actor still shows the state it rested in.
      if (!armed) return;
      if (signal.aborted) return onAbort();
      if (snapshot.status === 'error') return finish(() => reject(toRuntimeError(snapshot.error)));
      if (isSettled(snapshot)) finish(() => resolve(snapshot));
    };
    const subscription = actor.subscribe({ next: inspect, error: (error) => finish(() => reject(toRuntimeError(error))) });
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      kick();
    } catch (error) {
      finish(() => reject(toRuntimeError(error)));
      return;
    }
    armed = true;
    inspect(actor.getSnapshot());
  });
}

/** The stored snapshot of a settled machine, outbox emptied: the next turn starts clean. */
function persist(machine: WorkflowMachine, snapshot: WorkflowSnapshot): unknown {
  const resting = machine.resolveState({
    value: snapshot.value,
    context: { ...snapshot.context, outbox: [] },
    ...(snapshot.output === undefined ? {} : { output: snapshot.output }),
  });
  return machine.getPersistedSnapshot(resting);
}

function outcomeOf(machine: WorkflowMachine, snapshot: WorkflowSnapshot, recorder: TurnRecorder): TurnOutcome {
  const { context } = snapshot;
  const content = context.outbox.map((item) => item.text).filter((text) => text !== '').join('\n\n');
  const choices = context.outbox.at(-1)?.choices;
  const output = snapshot.status === 'done' ? snapshot.output : undefined;
  return {
    snapshot: persist(machine, snapshot),
    reply: choices === undefined ? { content } : { content, choices },
    state: output?.state ?? 'waiting',
    ...(output?.state === 'transferred' ? { transfer: { destination: output.destination } } : {}),
    node: context.node,
    variables: context.variables,
    ...recorder.report(),
  };
}

/** Parse a stored snapshot back into a machine snapshot at rest. */
function restore(machine: WorkflowMachine, stored: unknown): WorkflowSnapshot {
  const parsed = persistedSnapshotSchema.safeParse(stored);
  if (!parsed.success) {
    throw new WorkflowRuntimeError('invalid_snapshot', `The stored snapshot is not a workflow snapshot: ${parsed.error.message}`);
  }
  let snapshot: WorkflowSnapshot;
  try {
    const { value, context, output } = parsed.data;
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
  const actors = createWorkflowActors({ services: args.services, recorder, signal: args.signal });
  const actor = createActor(args.machine.provide({ actors }), { input: args.input });
  const settled = await runUntilSettled(actor, () => actor.start(), args.signal);
  return outcomeOf(args.machine, settled, recorder);
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
  if (restored.status === 'done') return outcomeOf(args.machine, restored, recorder);
  const actors = createWorkflowActors({ services: args.services, recorder, signal: args.signal });
  const actor = createActor(args.machine.provide({ actors }), { snapshot: restored });
  const settled = await runUntilSettled(
    actor,
    () => {
      actor.start();
      actor.send({ type: 'user.message', text: args.text });
    },
    args.signal,
  );
  return outcomeOf(args.machine, settled, recorder);
}
