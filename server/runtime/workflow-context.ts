/**
 * The machine's context and output. Both are persisted with the session's snapshot, so
 * they are plain JSON and described by zod schemas: a snapshot read back from the
 * database is `unknown` until it parses.
 */
import { z } from 'zod';
import { answerRecordSchema } from '../../shared/api/turn-answer.ts';

const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

/**
 * One message of the conversation as the LLM sees it: user and assistant turns, and
 * the tool calls an `llm` node made with their results.
 */
export const historyMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({ role: z.literal('assistant'), content: z.string().nullable(), tool_calls: z.array(toolCallSchema).optional() }),
  z.object({ role: z.literal('tool'), tool_call_id: z.string(), content: z.string() }),
]);
export type HistoryMessage = z.infer<typeof historyMessageSchema>;

/** A text a node produced this turn, with the quick replies it offers. */
export const outboxItemSchema = z.object({ text: z.string(), choices: z.array(z.string()).optional() });
export type OutboxItem = z.infer<typeof outboxItemSchema>;

export const workflowContextSchema = z.object({
  variables: z.record(z.string(), z.unknown()),
  history: z.array(historyMessageSchema),
  /** Texts produced during the current turn; emptied in stored snapshots. */
  outbox: z.array(outboxItemSchema),
  /** Id of the node the machine is in (state keys are escaped, this is the author's id). */
  node: z.string(),
  /** Fields the current `form` node has collected (stored before forms existed: none). */
  collected: z.array(z.string()).default([]),
  /** Failed answers to the current `ask` or `form` node. */
  retries: z.number().int().min(0),
  /** User messages received by the current `llm` node. */
  llmTurns: z.number().int().min(0),
  /** Nodes entered during the current turn, for the loop guard. */
  steps: z.number().int().min(0),
  /**
   * An LLM request failed this turn: an `on_error` route leading back to an `llm` node
   * answers its fallback instead of asking again (and multiplying the client's retries).
   */
  llmFailed: z.boolean().default(false),
  /** The agent's first message, until the start node has used it. */
  firstMessage: z.string().nullable(),
  /** The latest user message, read by answer extraction and knowledge selection. */
  lastUserText: z.string(),
  /** How this turn's answer was read (`ask`, `form`); reported with the turn, emptied in stored snapshots. */
  answer: answerRecordSchema.nullable().default(null),
});
export type WorkflowContext = z.infer<typeof workflowContextSchema>;

/** What a finished machine reports: how the conversation ended. */
export const workflowOutputSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ended') }),
  z.object({ state: z.literal('transferred'), destination: z.string() }),
]);
export type WorkflowOutput = z.infer<typeof workflowOutputSchema>;

type PersistedStateValue = string | { [key: string]: PersistedStateValue };
const stateValueSchema: z.ZodType<PersistedStateValue> = z.lazy(() =>
  z.union([z.string(), z.record(z.string(), stateValueSchema)]),
);

/**
 * The parts of a persisted snapshot the engine restores. Snapshots are only stored at
 * rest (waiting or final), so there are no running children to revive.
 */
export const persistedSnapshotSchema = z.object({
  status: z.enum(['active', 'done']),
  value: stateValueSchema,
  context: workflowContextSchema,
  output: workflowOutputSchema.optional(),
});
