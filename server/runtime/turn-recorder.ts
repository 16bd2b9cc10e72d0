/**
 * Collects one turn's figures (LLM status, tokens, latency, tool calls) while the
 * machine runs. Created per turn by the turn runner and shared by the actors it
 * provides, so nothing about metrics lives in the persisted context.
 */
import { llmRequestHash } from '../llm/request-hash.ts';
import type { LlmChatRequest, LlmChatResult } from '../llm/types.ts';
import type { LlmCallRecord, LlmUsageStatus, SourceRecord, ToolCallRecord, TurnOutcome } from './types.ts';

const SEVERITY: Record<LlmUsageStatus, number> = { not_used: 0, ok: 1, unavailable: 2, error: 3 };

export interface TurnRecorder {
  /**
   * A finished LLM request and how long it took by the injected clock. The request is
   * kept as its hash beside the answer, so a replay can reuse the answer (#18).
   */
  llmCall(request: LlmChatRequest, result: LlmChatResult, elapsedMs: number): void;
  /** Keeps the most telling status of the turn: error > unavailable > ok. */
  llmStatus(status: LlmUsageStatus): void;
  tool(record: ToolCallRecord): void;
  /** Time spent in a tool call, whoever made it (a `tool` node or the model). */
  toolTime(ms: number): void;
  /** The machine entered a node (every one, also those passed through without waiting). */
  entered(node: string): void;
  /** The sources of a grounded answer; a later `llm` answer of the turn replaces them (its numbers are its own). */
  sources(sources: SourceRecord[]): void;
  report(): Pick<TurnOutcome, 'llm' | 'latency' | 'usage' | 'toolCalls' | 'path' | 'llmCalls' | 'sources'>;
}

/** Start an empty recorder for a turn. */
export function createTurnRecorder(): TurnRecorder {
  let status: LlmUsageStatus = 'not_used';
  let ttfb: number | null = null;
  let llmTotal: number | null = null;
  let toolTotal: number | null = null;
  const usage = { prompt_tokens: 0, completion_tokens: 0 };
  const toolCalls: ToolCallRecord[] = [];
  const llmCalls: LlmCallRecord[] = [];
  const path: string[] = [];
  let sources: SourceRecord[] | undefined;
  const raise = (next: LlmUsageStatus): void => {
    if (SEVERITY[next] > SEVERITY[status]) status = next;
  };
  return {
    llmCall(request, result, elapsedMs) {
      raise('ok');
      const answerCalls = result.toolCalls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
      llmCalls.push({ request_hash: llmRequestHash(request), model: result.model, content: result.content, tool_calls: answerCalls });
      // The first request of the turn is what the user waits for before text appears.
      ttfb ??= result.ttfbMs;
      llmTotal = (llmTotal ?? 0) + elapsedMs;
      usage.prompt_tokens += result.usage.promptTokens;
      usage.completion_tokens += result.usage.completionTokens;
    },
    llmStatus: raise,
    tool(record) {
      toolCalls.push(record);
    },
    toolTime(ms) {
      toolTotal = (toolTotal ?? 0) + ms;
    },
    entered(node) {
      path.push(node);
    },
    sources(found) {
      sources = found;
    },
    report() {
      return {
        llm: status,
        latency: { llm_ttfb_ms: ttfb, llm_total_ms: llmTotal, tool_ms: toolTotal },
        usage: { ...usage },
        toolCalls: [...toolCalls],
        path: [...path],
        llmCalls: [...llmCalls],
        ...(sources === undefined ? {} : { sources }),
      };
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Make one tool call and record it: result or error, and its time by the injected clock.
 * The one rule for every tool call of a turn, whoever makes it (a `tool` node or the model).
 * @example const result = await recordToolCall(recorder, now, 'get_policy', args, () => callTool('get_policy', args, signal));
 */
export async function recordToolCall(
  recorder: TurnRecorder,
  now: () => number,
  name: string,
  args: unknown,
  call: () => Promise<unknown>,
): Promise<unknown> {
  const started = now();
  const done = (outcome: { result: unknown } | { error: string }): void => {
    const ms = now() - started;
    recorder.tool({ name, args, ...outcome, ms, kind: 'tool' });
    recorder.toolTime(ms);
  };
  try {
    const result = await call();
    done({ result });
    return result;
  } catch (error) {
    done({ error: messageOf(error) });
    throw error;
  }
}
