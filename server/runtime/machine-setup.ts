/**
 * The named actions, guards and actor slots every compiled workflow machine shares
 * (XState `setup()`). Actions and guards are pure functions of the context, the event
 * and static params taken from the definition; all I/O sits in three actor slots whose
 * placeholders reject until the turn runner provides real ones with
 * `machine.provide({ actors })`, so a cached machine never holds a session's services.
 */
import { assign, fromPromise, setup } from 'xstate';
import { setPath } from '../../shared/template.ts';
import { renderAgentText } from './agent-text.ts';
import type { AskNode, Condition } from '../../shared/workflow-schema.ts';
import { checkAnswer, choiceLabel } from './answer-validators.ts';
import { evaluateCondition } from './conditions.ts';
import { MAX_PROMPT_HISTORY, recentHistory } from './llm-request.ts';
import { containsPhrase } from './phrase-match.ts';
import type {
  ExtractAnswerInput,
  ExtractAnswerOutput,
  LlmStepInput,
  LlmStepOutput,
  ToolCallInput,
  UserMessageEvent,
  WorkflowInput,
} from './types.ts';
import type { HistoryMessage, OutboxItem, WorkflowContext, WorkflowOutput } from './workflow-context.ts';
import { WorkflowRuntimeError } from './workflow-errors.ts';

/** Nodes a single turn may enter before the loop guard stops it. */
export const MAX_STEPS_PER_TURN = 100;
const RETRY_PREFIX = "Sorry, I didn't catch that. ";

function notProvided<TOutput, TInput>(name: string) {
  return fromPromise<TOutput, TInput>(() =>
    Promise.reject(
      new WorkflowRuntimeError('workflow_failed', `The "${name}" actor has no implementation: run the machine with startWorkflow/continueWorkflow`),
    ),
  );
}

function choicesOf(node: AskNode): string[] | undefined {
  return node.choices?.map(choiceLabel);
}

/** Append a text to the outbox; empty texts are dropped unless they carry buttons. */
function withText(outbox: OutboxItem[], text: string, choices?: string[]): OutboxItem[] {
  if (text.trim() === '' && choices === undefined) return outbox;
  return [...outbox, choices === undefined ? { text } : { text, choices }];
}

/**
 * Create the typed `setup()` a workflow machine is built from.
 * @example const machine = createWorkflowSetup().createMachine({ ... });
 */
/**
 * The history a snapshot keeps: the prompt window twice over. Without a bound every turn
 * would parse and store a snapshot the size of the whole conversation, twice (session and
 * message), so storage grew with its square; the transcript itself is in the database.
 */
export const MAX_STORED_HISTORY = 2 * MAX_PROMPT_HISTORY;
const keptHistory = (history: HistoryMessage[]) => (history.length > MAX_STORED_HISTORY ? recentHistory(history, MAX_STORED_HISTORY) : history);

export function createWorkflowSetup() {
  return setup({
    // XState's documented way to declare types: the object is never read at runtime.
    types: {} as {
      context: WorkflowContext;
      events: UserMessageEvent;
      input: WorkflowInput;
      output: WorkflowOutput;
      tags: 'waiting';
    },
    actors: {
      llmStep: notProvided<LlmStepOutput, LlmStepInput>('llmStep'),
      callTool: notProvided<unknown, ToolCallInput>('callTool'),
      extractAnswer: notProvided<ExtractAnswerOutput, ExtractAnswerInput>('extractAnswer'),
    },
    actions: {
      /** Bookkeeping on entering a node; the step count is what breaks say→branch→say cycles. */
      enterNode: assign(({ context }, params: { nodeId: string }) => {
        if (context.steps >= MAX_STEPS_PER_TURN) {
          throw new WorkflowRuntimeError(
            'workflow_loop',
            `The workflow entered ${String(MAX_STEPS_PER_TURN)} nodes in one turn without waiting for the user (at node "${params.nodeId}")`,
            { node: params.nodeId },
          );
        }
        return { node: params.nodeId, steps: context.steps + 1 };
      }),
      /** A node's own text. The start node's text gives way to the agent's first message once. */
      speak: assign(({ context }, params: { text: string; choices?: string[] | undefined; opening: boolean }) => {
        const template = params.opening && context.firstMessage !== null ? context.firstMessage : params.text;
        return {
          outbox: withText(context.outbox, renderAgentText(template, context.variables), params.choices),
          firstMessage: params.opening ? null : context.firstMessage,
        };
      }),
      speakFirstMessage: assign(({ context }) => ({
        outbox: withText(context.outbox, renderAgentText(context.firstMessage ?? '', context.variables)),
        firstMessage: null,
      })),
      speakTexts: assign(({ context }, params: { texts: string[] }) => ({
        outbox: params.texts.reduce((outbox, text) => withText(outbox, text), context.outbox),
      })),
      keepMessages: assign(({ context }, params: { messages: HistoryMessage[] }) => ({
        history: keptHistory([...context.history, ...params.messages]),
      })),
      receiveMessage: assign(({ context, event }) => ({
        history: keptHistory([...context.history, { role: 'user' as const, content: event.text }]),
        outbox: [],
        steps: 0,
        lastUserText: event.text,
      })),
      /** The turn's texts become one assistant message, as the transcript stores it. */
      flushReply: assign(({ context }) => {
        const content = context.outbox.map((item) => item.text).filter((text) => text !== '').join('\n\n');
        if (content === '') return {};
        return { history: keptHistory([...context.history, { role: 'assistant' as const, content }]) };
      }),
      askQuestion: assign(({ context }, params: { node: AskNode; opening: boolean }) => {
        const template = params.opening && context.firstMessage !== null ? context.firstMessage : params.node.text;
        return {
          outbox: withText(context.outbox, renderAgentText(template, context.variables), choicesOf(params.node)),
          firstMessage: params.opening ? null : context.firstMessage,
          retries: 0,
        };
      }),
      storeAnswer: assign(({ context }, params: { node: AskNode; text: string }) => {
        const check = checkAnswer(params.node, params.text);
        if (!check.ok) return {};
        return { variables: setPath(context.variables, params.node.save_as, check.value), retries: 0 };
      }),
      retryAsk: assign(({ context }, params: { node: AskNode }) => {
        const question = renderAgentText(params.node.text, context.variables);
        const text = params.node.retry_text === undefined ? `${RETRY_PREFIX}${question}` : renderAgentText(params.node.retry_text, context.variables);
        return { outbox: withText(context.outbox, text, choicesOf(params.node)), retries: context.retries + 1 };
      }),
      storeResult: assign(({ context }, params: { saveAs: string | undefined; result: unknown }) =>
        params.saveAs === undefined ? {} : { variables: setPath(context.variables, params.saveAs, params.result) },
      ),
      resetLlmTurns: assign({ llmTurns: 0 }),
      countLlmTurn: assign(({ context }) => ({ llmTurns: context.llmTurns + 1 })),
    },
    guards: {
      isInterrupt: ({ event }, params: { phrases: string[] }) => params.phrases.some((phrase) => containsPhrase(event.text, phrase)),
      answerAccepted: (_, params: { node: AskNode; text: string }) => checkAnswer(params.node, params.text).ok,
      retriesExhausted: ({ context }, params: { maxRetries: number }) => context.retries >= params.maxRetries,
      condition: ({ context }, params: { condition: Condition }) => evaluateCondition(params.condition, context.variables),
      hasFirstMessage: ({ context }) => context.firstMessage !== null,
      maxTurnsReached: ({ context }, params: { maxTurns: number }) => context.llmTurns >= params.maxTurns,
    },
  });
}

/** The setup every workflow machine is created from, for typing state configs. */
export type WorkflowSetup = ReturnType<typeof createWorkflowSetup>;
/** One state's configuration, as the node builders produce it. */
export type WorkflowStateConfig = Parameters<WorkflowSetup['createStateConfig']>[0];
