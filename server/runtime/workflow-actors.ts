/**
 * The real implementations of a machine's three actor slots. Every compiled machine
 * carries the same three dispatchers (machine-setup.ts); a turn binds its own services
 * to the actor system of the actor it runs (`createBoundActor`), and each dispatcher finds them
 * through the `system` XState hands every invoked actor. So a cached machine holds no
 * session's services and is never rebuilt per turn — `machine.provide()` re-created
 * every state node, a tenth of a turn's CPU.
 *
 * Every call listens to both the turn's signal (a closed browser tab) and the actor's own
 * (the machine left the state), and reports to the turn recorder.
 */
import { fromPromise, type AnyActorRef } from 'xstate';
import { extractAnswer } from './nodes/ask/extract-answer.ts';
import { runLlmStep } from './nodes/llm/step.ts';
import type { DeltaSink } from './nodes/llm/step.ts';
import { REPLY_SEPARATOR } from './outbox.ts';
import { recordToolCall } from './turn-recorder.ts';
import type { TurnRecorder } from './turn-recorder.ts';
import type {
  ExtractAnswerInput,
  ExtractAnswerOutput,
  LlmStepInput,
  LlmStepOutput,
  ToolCallInput,
  WorkflowServices,
} from './types.ts';
import { WorkflowRuntimeError } from './workflow-errors.ts';

/** What one turn's actors run with. */
export interface TurnBinding {
  services: WorkflowServices;
  recorder: TurnRecorder;
  signal: AbortSignal;
}

interface BoundTurn extends TurnBinding {
  deltas: DeltaSink | undefined;
  now(): number;
  callTool(name: string, args: unknown, signal: AbortSignal): Promise<unknown>;
}

/**
 * The turn each running actor system serves. Keyed by the system's identity — not a
 * shared setting: two turns, or two apps in one process, never see each other's
 * services — and dropped when the turn ends.
 */
const turns = new WeakMap<object, BoundTurn>();

/**
 * Streams LLM text to the caller. Separate LLM requests of one turn (before and after a
 * tool call, or two `llm` nodes) are joined by a blank line, as the final reply is.
 */
function createDeltaSink(onDelta: (text: string) => void): DeltaSink {
  let wrote = false;
  let separate = false;
  return {
    begin() {
      separate = wrote;
    },
    write(text) {
      if (text === '') return;
      if (separate) {
        onDelta(REPLY_SEPARATOR);
        separate = false;
      }
      onDelta(text);
      wrote = true;
    },
  };
}

/**
 * The turn of an actor still inside `createActor`: a machine enters its start node, and
 * the nodes it passes straight through, while it is constructed — before its system
 * exists to key the turn by. Set only for that synchronous call.
 */
let constructing: BoundTurn | undefined;

function boundTurn(binding: TurnBinding): BoundTurn {
  const { services } = binding;
  return {
    ...binding,
    deltas: services.onDelta === undefined ? undefined : createDeltaSink(services.onDelta),
    now: () => services.now(),
    callTool: (name, args, signal) => services.callTool(name, args, signal),
  };
}

/**
 * Create a turn's actor (`create` calls `createActor`) and serve its invoked actors and
 * node entries with this turn until `unbind` is called (when the turn is over).
 * @example const { actor, unbind } = createBoundActor(() => createActor(machine, { input }), { services, recorder, signal }); try { … } finally { unbind(); }
 */
export function createBoundActor<T extends AnyActorRef>(create: () => T, binding: TurnBinding): { actor: T; unbind: () => void } {
  const bound = boundTurn(binding);
  constructing = bound;
  let actor: T;
  try {
    actor = create();
  } finally {
    constructing = undefined;
  }
  turns.set(actor.system, bound);
  return { actor, unbind: () => void turns.delete(actor.system) };
}

/**
 * The machine entered `nodeId` (its `enterNode` action): the turn's recorder notes it. Cheaper
 * than an XState inspector, which builds an event for every microstep and action of the turn.
 */
export function noteEntered(system: object, nodeId: string): void {
  (turns.get(system) ?? constructing)?.recorder.entered(nodeId);
}

function turnOf(system: object): BoundTurn {
  const turn = turns.get(system);
  if (!turn) throw new WorkflowRuntimeError('workflow_failed', 'A workflow actor ran outside a turn: run the machine with startWorkflow/continueWorkflow');
  return turn;
}

const linked = (turn: BoundTurn, own: AbortSignal): AbortSignal => AbortSignal.any([turn.signal, own]);

/** The three actor slots of every workflow machine, dispatching to the turn bound to their system. */
export const workflowActors = {
  llmStep: fromPromise<LlmStepOutput, LlmStepInput>(async ({ input, signal, system }) => {
    const turn = turnOf(system);
    return runLlmStep(input, { llm: turn.services.llm, callTool: turn.callTool, deltas: turn.deltas, recorder: turn.recorder, now: turn.now, signal: linked(turn, signal), searchKnowledge: turn.services.searchKnowledge });
  }),
  callTool: fromPromise<unknown, ToolCallInput>(async ({ input, signal, system }) => {
    const turn = turnOf(system);
    return recordToolCall(turn.recorder, turn.now, input.name, input.args, () => turn.callTool(input.name, input.args, linked(turn, signal)));
  }),
  extractAnswer: fromPromise<ExtractAnswerOutput, ExtractAnswerInput>(async ({ input, signal, system }) => {
    const turn = turnOf(system);
    return extractAnswer(input, { llm: turn.services.llm, recorder: turn.recorder, now: turn.now, signal: linked(turn, signal) });
  }),
};
