/**
 * The state of an `ask` node: send the question (and its quick replies), wait, then
 * store a valid answer and move on, or ask again; after `max_retries` failed retries go
 * to `on_fail` (without one, keep asking). With `expect.llm` the answer first goes
 * through the `extractAnswer` actor.
 */
import type { AskNode, WorkflowDefinition } from '../../shared/workflow-schema.ts';
import { buildExtractInput } from './extract-answer.ts';
import type { WorkflowSetup, WorkflowStateConfig } from './machine-setup.ts';
import { interruptTransitions, targetOf } from './state-targets.ts';
import type { AgentRuntimeConfig, UserMessageEvent } from './types.ts';

function hasRules(node: AskNode): boolean {
  return node.choices !== undefined || node.expect?.pattern !== undefined || node.expect?.type !== undefined;
}

/** Build the state of an `ask` node. */
export function askState(
  workflow: WorkflowSetup,
  nodeId: string,
  node: AskNode,
  definition: WorkflowDefinition,
  agent: AgentRuntimeConfig,
): WorkflowStateConfig {
  const next = targetOf(node.next);
  const failure =
    node.on_fail === undefined
      ? []
      : [{ guard: { type: 'retriesExhausted' as const, params: { maxRetries: node.max_retries } }, target: targetOf(node.on_fail), reenter: true }];
  const retry = { target: 'waiting', reenter: true, actions: { type: 'retryAsk' as const, params: { node } } };

  const accept = {
    guard: { type: 'answerAccepted' as const, params: ({ event }: { event: UserMessageEvent }) => ({ node, text: event.text }) },
    target: next,
    reenter: true,
    actions: [
      'receiveMessage' as const,
      { type: 'storeAnswer' as const, params: ({ event }: { event: UserMessageEvent }) => ({ node, text: event.text }) },
    ],
  };

  const extracting = node.expect?.llm !== undefined;
  const onAnswer = extracting
    ? [
        // A reply that already passes the rules needs no LLM round trip ("Car" for a choice).
        ...(hasRules(node) ? [accept] : []),
        { target: 'extracting', actions: 'receiveMessage' as const },
      ]
    : [accept, ...failure.map((t) => ({ ...t, actions: 'receiveMessage' as const })), { ...retry, actions: ['receiveMessage' as const, retry.actions] }];

  return workflow.createStateConfig({
    entry: [
      { type: 'enterNode', params: { nodeId } },
      { type: 'askQuestion', params: { node, opening: nodeId === definition.start } },
    ],
    initial: 'waiting',
    states: {
      waiting: {
        tags: ['waiting'],
        entry: 'flushReply',
        on: { 'user.message': [...interruptTransitions(definition), ...onAnswer] },
      },
      ...(extracting
        ? {
            extracting: workflow.createStateConfig({
              invoke: {
                src: 'extractAnswer',
                input: ({ context }) => buildExtractInput(node, agent, context),
                onDone: [
                  {
                    guard: { type: 'answerAccepted', params: ({ event }) => ({ node, text: event.output.value ?? '' }) },
                    target: next,
                    reenter: true,
                    actions: { type: 'storeAnswer', params: ({ event }) => ({ node, text: event.output.value ?? '' }) },
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
