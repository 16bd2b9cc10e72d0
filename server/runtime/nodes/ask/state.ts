/**
 * The state of an `ask` node: send the question (and its quick replies), wait, then
 * store a valid answer and move on, or ask again; after `max_retries` failed retries go
 * to `on_fail` (without one, hand over to a person: see `give-up.ts`). An answer naming
 * two choices asks which one was meant. With `expect.llm` the answer first goes through
 * the `extractAnswer` actor. Every answer is noted for the turn's record (`noteAnswer`).
 */
import type { AnswerRecord } from '../../../../shared/api/turn-answer.ts';
import type { AskNode } from '../../../../shared/workflow-schema.ts';
import type { WorkflowStateConfig } from '../../machine-setup.ts';
import { targetOf, waitingState } from '../../state-targets.ts';
import { onFailTarget } from '../give-up.ts';
import { enterNode } from '../kind.ts';
import type { NodeBuild } from '../kind.ts';
import { readAnswer } from './answer-checks.ts';
import type { AnswerReading } from './answer-checks.ts';
import { buildExtractInput } from './extract-answer.ts';
import { choiceLabel } from './match-choice.ts';

/** What a retry says before the question when the author wrote no `retry_text`. */
export const RETRY_PREFIX = "Sorry, I didn't catch that. ";

/**
 * The question after an answer that named several choices.
 * @example whichOf(['Car', 'Home', 'Travel']) // 'Did you mean “Car”, “Home” or “Travel”?'
 */
export function whichOf(labels: readonly string[]): string {
  const quoted = labels.map((label) => `“${label}”`);
  const last = quoted.pop() ?? '';
  return `Did you mean ${quoted.length === 0 ? last : `${quoted.join(', ')} or ${last}`}?`;
}

function hasRules(node: AskNode): boolean {
  return node.choices !== undefined || node.expect?.pattern !== undefined || node.expect?.type !== undefined;
}

/** How an answer was read, as the turn records it. */
function recordOf(nodeId: string, node: AskNode, reading: AnswerReading): AnswerRecord {
  if (reading.ok) {
    const choice = reading.choice;
    return {
      node: nodeId,
      outcome: 'accepted',
      saved: { [node.save_as]: reading.value },
      ...(choice === undefined ? {} : { choice: { label: choice.label, value: choice.value, matched: choice.matched, by: choice.by } }),
    };
  }
  return reading.ambiguous === undefined ? { node: nodeId, outcome: 'rejected' } : { node: nodeId, outcome: 'ambiguous', candidates: reading.ambiguous };
}

/** Build the state of an `ask` node. */
export function askState(node: AskNode, { setup, nodeId, definition, agent, opening }: NodeBuild): WorkflowStateConfig {
  const choices = node.choices?.map(choiceLabel);
  const retryText = node.retry_text ?? `${RETRY_PREFIX}${node.text}`;
  const read = (text: string): AnswerReading => readAnswer(node, text);

  /**
   * The transitions that judge an answer, for either place one arrives: a user message
   * (`heard` reads `event.text`) or the extraction actor's result (`event.output.value`).
   */
  const judge = <E>(heard: (event: E) => string) => {
    const note = { type: 'noteAnswer' as const, params: ({ event }: { event: E }) => recordOf(nodeId, node, read(heard(event))) };
    const askAgain = {
      type: 'speak' as const,
      params: ({ event }: { event: E }) => {
        const reading = read(heard(event));
        const text = !reading.ok && reading.ambiguous !== undefined ? whichOf(reading.ambiguous) : retryText;
        return { text, choices, opening: false };
      },
    };
    return {
      accept: {
        guard: ({ event }: { event: E }) => read(heard(event)).ok,
        target: targetOf(node.next),
        reenter: true,
        actions: [
          { type: 'saveVariable' as const, params: ({ event }: { event: E }) => ({ path: node.save_as, value: valueOf(read(heard(event))) }) },
          note,
        ],
      },
      giveUp: { guard: { type: 'retriesExhausted' as const, params: { maxRetries: node.max_retries } }, target: onFailTarget(node.on_fail), reenter: true, actions: [note] },
      retry: { target: 'waiting', reenter: true, actions: [note, askAgain, 'countRetry' as const] },
    };
  };

  const extracting = node.expect?.llm !== undefined;
  const onMessage = judge((event: { text: string }) => event.text);
  const onExtracted = judge((event: { output: { value: string | null } }) => event.output.value ?? '');
  const receiving = <T extends { actions: readonly unknown[] }>(transition: T) => ({ ...transition, actions: ['receiveMessage' as const, ...transition.actions] });

  return setup.createStateConfig({
    entry: [enterNode(nodeId), { type: 'speak', params: { text: node.text, choices, opening } }, 'resetRetries'],
    initial: 'waiting',
    states: {
      waiting: waitingState(definition, [
        // With extraction, a reply that already passes the rules needs no LLM round trip ("Car" for a choice).
        ...(!extracting || hasRules(node) ? [receiving(onMessage.accept)] : []),
        ...(extracting
          ? [{ target: 'extracting', actions: 'receiveMessage' as const }]
          : [receiving(onMessage.giveUp), receiving(onMessage.retry)]),
      ]),
      ...(extracting
        ? {
            extracting: setup.createStateConfig({
              invoke: {
                src: 'extractAnswer',
                input: ({ context }) => buildExtractInput(node, agent, context),
                onDone: [onExtracted.accept, onExtracted.giveUp, onExtracted.retry],
                onError: {
                  target: 'waiting',
                  reenter: true,
                  actions: [{ type: 'speak', params: { text: retryText, choices, opening: false } }, 'countRetry'],
                },
              },
            }),
          }
        : {}),
    },
  });
}

/** The value of an accepted answer (guards have checked it is accepted). */
function valueOf(reading: AnswerReading): unknown {
  return reading.ok ? reading.value : undefined;
}
