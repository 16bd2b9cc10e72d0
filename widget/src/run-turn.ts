/**
 * One turn: the visitor's message goes to the server and the agent's reply streams into
 * the log as it arrives. On failure the partial reply is dropped and the message stays,
 * marked failed, for a retry: with the same idempotency key, so however often it goes,
 * the server stores and answers it once.
 */
import type { ApiClient } from './api-client.ts';
import type { ConversationLog } from './conversation-log.ts';
import { connectionLost } from './problems.ts';
import type { ReplyView, UiMessage } from './types.ts';

export interface TurnInput {
  api: ApiClient;
  runId: number;
  token: string;
  log: ConversationLog;
  /** Called as the log changes (each delta), to re-render. */
  changed(): void;
  signal: AbortSignal;
}

/** Resolves with the server's answer and the reply as shown; rejects as the call did. */
export async function runTurn(input: TurnInput, message: UiMessage): Promise<{ answer: ReplyView; reply: UiMessage }> {
  const { api, log } = input;
  const reply = log.startReply();
  const grow = (text: string) => {
    log.grow(message, reply, text);
    input.changed();
  };
  try {
    const answer = await api.sendMessage(input.runId, input.token, { content: message.content, key: message.sendKey ?? '' }, grow, input.signal);
    log.finish(message, reply, answer);
    return { answer, reply };
  } catch (error) {
    if (!input.signal.aborted) log.fail(message, reply, connectionLost(error));
    throw error;
  }
}
