/**
 * The real implementations of a machine's three actor slots, built per turn from that
 * turn's services. Every call listens to both the turn's signal (a closed browser tab)
 * and the actor's own (the machine left the state), and reports to the turn recorder.
 */
import { fromPromise } from 'xstate';
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
 * Build the actors to `provide` to a compiled machine for one turn.
 * @example const running = machine.provide({ actors: createWorkflowActors({ services, recorder, signal }) });
 */
export function createWorkflowActors(options: { services: WorkflowServices; recorder: TurnRecorder; signal: AbortSignal }) {
  const { services, recorder, signal: turnSignal } = options;
  const deltas = services.onDelta === undefined ? undefined : createDeltaSink(services.onDelta);
  const now = (): number => services.now();
  const callTool = (name: string, args: unknown, signal: AbortSignal): Promise<unknown> => services.callTool(name, args, signal);
  const linked = (own: AbortSignal): AbortSignal => AbortSignal.any([turnSignal, own]);

  return {
    llmStep: fromPromise<LlmStepOutput, LlmStepInput>(({ input, signal }) =>
      runLlmStep(input, { llm: services.llm, callTool, deltas, recorder, now, signal: linked(signal) }),
    ),
    callTool: fromPromise<unknown, ToolCallInput>(({ input, signal }) =>
      recordToolCall(recorder, now, input.name, input.args, () => callTool(input.name, input.args, linked(signal))),
    ),
    extractAnswer: fromPromise<ExtractAnswerOutput, ExtractAnswerInput>(({ input, signal }) =>
      extractAnswer(input, { llm: services.llm, recorder, now, signal: linked(signal) }),
    ),
  };
}
