/**
 * The state of an `llm` node: ask the model on entry and after every user message,
 * say what it answers, follow an exit function it calls, and leave after `max_turns`
 * user turns. Without an LLM, or when it fails and there is no `on_error`, the node
 * says its fallback and stays usable.
 */
import type { LlmNode } from '../../../../shared/workflow-schema.ts';
import type { WorkflowStateConfig } from '../../machine-setup.ts';
import { targetOf, waitingState } from '../../state-targets.ts';
import type { LlmStepOutput } from '../../types.ts';
import type { HistoryMessage } from '../../workflow-context.ts';
import { enterNode } from '../kind.ts';
import type { NodeBuild } from '../kind.ts';
import { buildLlmStepInput, DEFAULT_LLM_FALLBACK } from './request.ts';

/** What the node says: the model's texts, or its fallback (with the fallback's quick replies). */
interface Speech {
  texts: string[];
  choices?: string[] | undefined;
}

function speechOf(output: LlmStepOutput, fallback: Speech): Speech {
  if (output.kind === 'unavailable') return fallback;
  // A model that answers with nothing would leave the user staring at an empty bubble.
  if (output.kind === 'reply' && output.texts.length === 0) return fallback;
  return { texts: output.texts };
}

function messagesOf(output: LlmStepOutput): HistoryMessage[] {
  return output.kind === 'unavailable' ? [] : output.messages;
}

/** Build the state of an `llm` node. */
export function llmState(node: LlmNode, { setup, nodeId, definition, agent, opening }: NodeBuild): WorkflowStateConfig {
  const fallback: Speech = { texts: [node.fallback ?? DEFAULT_LLM_FALLBACK], choices: node.fallback_choices };
  const maxTurnsTarget = node.on_max_turns ?? node.exits[0]?.to;
  const answer = [
    { type: 'keepMessages' as const, params: ({ event }: { event: { output: LlmStepOutput } }) => ({ messages: messagesOf(event.output) }) },
    { type: 'speakTexts' as const, params: ({ event }: { event: { output: LlmStepOutput } }) => speechOf(event.output, fallback) },
  ];

  return setup.createStateConfig({
    entry: [enterNode(nodeId), setup.assign({ llmTurns: 0 })],
    initial: opening ? 'opening' : 'asking',
    states: {
      // The agent's first message stands in for the model's opening line, once.
      ...(opening
        ? {
            opening: {
              always: [{ guard: ({ context }) => context.firstMessage !== null, target: 'waiting', actions: 'speakFirstMessage' as const }, { target: 'asking' }],
            },
          }
        : {}),
      // After a failed LLM request in this turn the node answers its fallback and waits; the next message tries afresh.
      asking: {
        always: [{ guard: ({ context }) => context.llmFailed, target: 'replied', actions: { type: 'speakTexts' as const, params: fallback } }, { target: 'thinking' }],
      },
      thinking: setup.createStateConfig({
        invoke: {
          src: 'llmStep',
          input: ({ context }) => buildLlmStepInput(node, agent, context),
          onDone: [
            ...node.exits.map((exit, index) => ({
              guard: ({ event }: { event: { output: LlmStepOutput } }) => event.output.kind === 'exit' && event.output.exit === index,
              target: targetOf(exit.to),
              reenter: true,
              actions: answer,
            })),
            { target: 'replied', actions: answer },
          ],
          onError:
            node.on_error === undefined
              ? { target: 'replied', actions: ['noteLlmFailure', { type: 'speakTexts', params: fallback }] }
              : { target: targetOf(node.on_error), reenter: true, actions: 'noteLlmFailure' },
        },
      }),
      replied: {
        always: [
          ...(maxTurnsTarget === undefined
            ? []
            : [{ guard: ({ context }: { context: { llmTurns: number } }) => context.llmTurns >= node.max_turns, target: targetOf(maxTurnsTarget), reenter: true }]),
          { target: 'waiting' },
        ],
      },
      waiting: waitingState(definition, [
        { target: 'thinking', actions: ['receiveMessage' as const, setup.assign(({ context }) => ({ llmTurns: context.llmTurns + 1 }))] },
      ]),
    },
  });
}
