/**
 * The tool caller of a replay: every call answers what the recorded conversation's call of
 * the same tool answered, taken in order (the 2nd call of `get_policy` gets the 2nd
 * recorded answer). Nothing real is reached; a call the recording has no answer for fails
 * like a tool that is down, and is counted, so the report can say the draft called more.
 */
import { ToolCallError } from '../../tools/http-tool-caller.ts';
import type { RecordedToolResult } from './recorded-turns.ts';

export interface RecordedTools {
  call(name: string): Promise<unknown>;
  /** Calls that had no recorded answer left. */
  unanswered(): string[];
}

export function recordedTools(results: readonly RecordedToolResult[]): RecordedTools {
  const queues = new Map<string, RecordedToolResult[]>();
  for (const result of results) queues.set(result.name, [...(queues.get(result.name) ?? []), result]);
  const unanswered: string[] = [];
  return {
    async call(name) {
      const next = queues.get(name)?.shift();
      if (!next) {
        unanswered.push(name);
        throw new ToolCallError(name, `The recorded conversation has no further answer of "${name}" to replay.`);
      }
      if (next.error !== undefined) throw new ToolCallError(name, next.error);
      return structuredClone(next.result ?? null);
    },
    unanswered: () => [...unanswered],
  };
}
