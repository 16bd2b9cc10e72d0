/**
 * The state of an `ask` node: send the question (and its quick replies), wait, then
 * store a valid answer and move on, or ask again; after `max_retries` failed retries go
 * to `on_fail` (without one, keep asking). With `expect.llm` the answer first goes
 * through the `extractAnswer` actor.
 */
import type { AskNode } from '../../../../shared/workflow-schema.ts';
import type { WorkflowStateConfig } from '../../machine-setup.ts';
import { targetOf, waitingState } from '../../state-targets.ts';
import { enterNode } from '../kind.ts';
import type { NodeBuild } from '../kind.ts';
import { checkAnswer, choiceLabel } from './answer-checks.ts';
import { buildExtractInput } from './extract-answer.ts';

/** What a retry says before the question when the author wrote no `retry_text`. */
export const RETRY_PREFIX = "Sorry, I didn't catch that. ";

function hasRules(node: AskNode): boolean {
  return node.choices !== undefined || node.expect?.pattern !== undefined || node.expect?.type !== undefined;
}

/** Build the state of an `ask` node. */
export function askState(node: AskNode, { setup, nodeId, definition, agent, opening }: NodeBuild): WorkflowStateConfig {
  const next = targetOf(node.next);
  const choices = node.choices?.map(choiceLabel);
  const accepted = (text: string): boolean => checkAnswer(node, text).ok;
  const failure =
    node.on_fail === undefined
      ? []
      : [{ guard: { type: 'retriesExhausted' as const, params: { maxRetries: node.max_retries } }, target: targetOf(node.on_fail), reenter: true }];
  const askAgain = [
    { type: 'speak' as const, params: { text: node.retry_text ?? `${RETRY_PREFIX}${node.text}`, choices, opening: false } },
    'countRetry' as const,
  ];
  const retry = { target: 'waiting', reenter: true, actions: askAgain };

  const extracting = node.expect?.llm !== undefined;
  return setup.createStateConfig({
    entry: [enterNode(nodeId), { type: 'speak', params: { text: node.text, choices, opening } }, 'resetRetries'],
    initial: 'waiting',
    states: {
      waiting: waitingState(definition, [
        // With extraction, a reply that already passes the rules needs no LLM round trip ("Car" for a choice).
        ...(!extracting || hasRules(node)
          ? [
              {
                guard: ({ event }: { event: { text: string } }) => accepted(event.text),
                target: next,
                reenter: true,
                actions: ['receiveMessage' as const, { type: 'saveVariable' as const, params: ({ event }: { event: { text: string } }) => answerOf(node, event.text) }],
              },
            ]
          : []),
        ...(extracting
          ? [{ target: 'extracting', actions: 'receiveMessage' as const }]
          : [...failure.map((t) => ({ ...t, actions: 'receiveMessage' as const })), { ...retry, actions: ['receiveMessage' as const, ...askAgain] }]),
      ]),
      ...(extracting
        ? {
            extracting: setup.createStateConfig({
              invoke: {
                src: 'extractAnswer',
                input: ({ context }) => buildExtractInput(node, agent, context),
                onDone: [
                  {
                    guard: ({ event }) => accepted(event.output.value ?? ''),
                    target: next,
                    reenter: true,
                    actions: { type: 'saveVariable', params: ({ event }) => answerOf(node, event.output.value ?? '') },
                  },
                  ...failure,
                  retry,
                ],
                onError: retry,
              },
            }),
          }
        : {}),
    },
  });
}

/** The variable an accepted answer is saved as (guards have checked it is accepted). */
function answerOf(node: AskNode, text: string): { path: string; value: unknown } {
  const check = checkAnswer(node, text);
  return { path: node.save_as, value: check.ok ? check.value : undefined };
}
