/**
 * The named actions, guards and actor slots every compiled workflow machine shares
 * (XState `setup()`). Actions and guards are pure functions of the context, the event
 * and static params; what only one node kind needs lives in that kind's folder
 * (`nodes/<kind>/`). All I/O sits in three actor slots that run with the services the
 * turn binds to its actor (workflow-actors.ts), so a cached machine never holds a
 * session's services.
 */
import { assign, setup } from 'xstate';
import type { AnswerRecord } from '../../shared/api/turn-answer.ts';
import { setPath } from '../../shared/template.ts';
import { renderAgentText } from './agent-text.ts';
import { MAX_STORED_HISTORY, recentHistory } from './history-window.ts';
import { replyText, withText } from './outbox.ts';
import { containsPhrase } from './phrase-match.ts';
import type { UserMessageEvent, WorkflowInput } from './types.ts';
import type { HistoryMessage, WorkflowContext, WorkflowOutput } from './workflow-context.ts';
import { noteEntered, workflowActors } from './workflow-actors.ts';

/** Nodes a single turn may enter before the loop guard stops it. */
export const MAX_STEPS_PER_TURN = 100;

const keptHistory = (history: HistoryMessage[]) => (history.length > MAX_STORED_HISTORY ? recentHistory(history, MAX_STORED_HISTORY) : history);

/**
 * Create the typed `setup()` a workflow machine is built from.
 * @example const machine = createWorkflowSetup().createMachine({ ... });
 */
export function createWorkflowSetup() {
  return setup({
    // XState's documented way to declare types: the object is never read at runtime.
    types: {} as {
      context: WorkflowContext;
      events: UserMessageEvent;
      input: WorkflowInput;
      output: WorkflowOutput;
      tags: 'waiting' | 'looped';
    },
    actors: {
      llmStep: workflowActors.llmStep,
      callTool: workflowActors.callTool,
      extractAnswer: workflowActors.extractAnswer,
    },
    actions: {
      /** Bookkeeping on entering a node; the step count is what breaks say→branch→say cycles (see `stepBudgetSpent`). */
      enterNode: assign(({ context, system }, params: { nodeId: string }) => {
        // The one side effect of an assignment: the turn's path (its recorder is outside the machine and its snapshot).
        noteEntered(system, params.nodeId);
        return { node: params.nodeId, steps: context.steps + 1 };
      }),
      /**
       * A node's own text. The one place the "first message" rule lives: the start node's
       * text (`opening`) gives way to the agent's first message, once.
       */
      speak: assign(({ context }, params: { text: string; choices?: string[] | undefined; opening: boolean }) => {
        const template = params.opening && context.firstMessage !== null ? context.firstMessage : params.text;
        return {
          outbox: withText(context.outbox, renderAgentText(template, context.variables), params.choices),
          firstMessage: params.opening ? null : context.firstMessage,
        };
      }),
      /** The first message on its own: before a start node it does not replace, or instead of a start `llm` node's first answer. */
      speakFirstMessage: assign(({ context }) => ({
        outbox: withText(context.outbox, renderAgentText(context.firstMessage ?? '', context.variables)),
        firstMessage: null,
      })),
      /** Several texts; `choices` go with the last one. */
      speakTexts: assign(({ context }, params: { texts: string[]; choices?: string[] | undefined }) => ({
        outbox: params.texts.reduce((outbox, text, i) => withText(outbox, text, i === params.texts.length - 1 ? params.choices : undefined), context.outbox),
      })),
      keepMessages: assign(({ context }, params: { messages: HistoryMessage[] }) => ({
        history: keptHistory([...context.history, ...params.messages]),
      })),
      receiveMessage: assign(({ context, event }) => ({
        history: keptHistory([...context.history, { role: 'user' as const, content: event.text }]),
        outbox: [],
        steps: 0,
        llmFailed: false,
        lastUserText: event.text,
        answer: null,
      })),
      /** The turn's texts become one assistant message, as the transcript stores it. */
      flushReply: assign(({ context }) => {
        const content = replyText(context.outbox);
        if (content === '') return {};
        return { history: keptHistory([...context.history, { role: 'assistant' as const, content }]) };
      }),
      /** Save one value (an answer, a tool result) under a dotted variable path. */
      saveVariable: assign(({ context }, params: { path: string; value: unknown }) => ({ variables: setPath(context.variables, params.path, params.value) })),
      /** How the turn's answer was read, for the turn's record (see `AnswerRecord`). */
      noteAnswer: assign((_, params: AnswerRecord) => ({ answer: params })),
      /** An LLM request failed: the rest of the turn does not ask the model again (see `llmFailed`). */
      noteLlmFailure: assign({ llmFailed: true }),
      resetRetries: assign({ retries: 0 }),
      countRetry: assign(({ context }) => ({ retries: context.retries + 1 })),
    },
    guards: {
      isInterrupt: ({ event }, params: { phrases: string[] }) => params.phrases.some((phrase) => containsPhrase(event.text, phrase)),
      /** More nodes entered this turn than the loop guard allows: the machine goes to its `looped` state. */
      stepBudgetSpent: ({ context }) => context.steps > MAX_STEPS_PER_TURN,
      retriesExhausted: ({ context }, params: { maxRetries: number }) => context.retries >= params.maxRetries,
    },
  });
}

/** The setup every workflow machine is created from, for typing state configs. */
export type WorkflowSetup = ReturnType<typeof createWorkflowSetup>;
/** One state's configuration, as the node builders produce it. */
export type WorkflowStateConfig = Parameters<WorkflowSetup['createStateConfig']>[0];
