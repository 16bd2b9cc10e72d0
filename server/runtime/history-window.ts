/**
 * How much conversation history the engine keeps and sends. The transcript itself is in
 * the database; the snapshot only needs what the next prompts can use.
 */
import type { HistoryMessage } from './workflow-context.ts';

/** Messages of history sent to the model; older ones stay in the snapshot but not in the prompt. */
export const MAX_PROMPT_HISTORY = 60;

/**
 * The history a snapshot keeps: the prompt window twice over. Without a bound every turn
 * would parse and store a snapshot the size of the whole conversation, twice (session and
 * message), so storage grew with its square.
 */
export const MAX_STORED_HISTORY = 2 * MAX_PROMPT_HISTORY;

/**
 * The most recent part of the history, never starting on a tool result: a result
 * without the call that asked for it is rejected by OpenAI-compatible servers.
 */
export function recentHistory(history: readonly HistoryMessage[], limit = MAX_PROMPT_HISTORY): HistoryMessage[] {
  let start = Math.max(0, history.length - limit);
  while (history[start]?.role === 'tool') start += 1;
  return history.slice(start);
}
