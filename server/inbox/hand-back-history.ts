/**
 * What the LLM hears when an operator hands a conversation back: the history the workflow
 * had when it handed over, then what the visitor and the operator said meanwhile (the
 * messages after the agent's last one), so an `llm` node goes on knowing the whole story.
 */
import type { HistoryMessage } from '../runtime/workflow-context.ts';
import { persistedSnapshotSchema } from '../runtime/workflow-context.ts';
import type { MessageRecord } from '../storage/session-records.ts';

export function humanPhaseHistory(snapshot: unknown, transcript: readonly MessageRecord[]): HistoryMessage[] {
  const parsed = persistedSnapshotSchema.safeParse(snapshot);
  const before = parsed.success ? parsed.data.context.history : [];
  const lastAgent = transcript.findLastIndex((message) => message.author === 'agent');
  const meanwhile = transcript.slice(lastAgent + 1).map((message): HistoryMessage =>
    message.role === 'user' ? { role: 'user', content: message.content } : { role: 'assistant', content: message.content },
  );
  return [...before, ...meanwhile];
}
