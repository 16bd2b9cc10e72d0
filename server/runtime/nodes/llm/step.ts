/**
 * One answer of an `llm` node: call the model, run the tools it asks for, feed the
 * results back, and repeat (at most `MAX_TOOL_ROUNDS` rounds) until it answers in text
 * or calls one of the node's exit functions.
 */
import { z } from 'zod';
import type { ChatMessage, LlmChatResult, LlmClient, LlmToolCall } from '../../../llm/types.ts';
import { recordToolCall } from '../../turn-recorder.ts';
import type { TurnRecorder } from '../../turn-recorder.ts';
import type { KnowledgeHit, KnowledgeSearch, LlmStepInput, LlmStepOutput } from '../../types.ts';
import type { HistoryMessage } from '../../workflow-context.ts';
import { groundingSection, KNOWLEDGE_PASSAGES, sourcesOf } from './knowledge.ts';

/** Tool rounds before the model must answer in text: a model that loops on tools is cut off. */
export const MAX_TOOL_ROUNDS = 5;
const TOOL_RESULT_CHARS = 16_000;

/** Where streamed text goes; `begin` marks a new LLM request so pieces can be separated. */
export interface DeltaSink {
  begin(): void;
  write(text: string): void;
}

export interface LlmStepDeps {
  llm: LlmClient;
  callTool(name: string, args: unknown, signal: AbortSignal): Promise<unknown>;
  deltas: DeltaSink | undefined;
  recorder: TurnRecorder;
  now(): number;
  signal: AbortSignal;
  searchKnowledge: KnowledgeSearch | undefined;
}

const argumentsSchema = z.record(z.string(), z.unknown());

function parseArguments(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'arguments are not valid JSON' };
  }
  const parsed = argumentsSchema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: 'arguments must be a JSON object' };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clip(text: string): string {
  return text.length > TOOL_RESULT_CHARS ? `${text.slice(0, TOOL_RESULT_CHARS)}…` : text;
}

/** Run one tool the model asked for and return what to tell the model. */
async function runToolCall(call: LlmToolCall, input: LlmStepInput, deps: LlmStepDeps): Promise<string> {
  const args = parseArguments(call.arguments);
  if (!input.toolNames.includes(call.name) || !args.ok) {
    const error = args.ok ? `unknown tool "${call.name}"` : args.error;
    deps.recorder.tool({ name: call.name, args: call.arguments, error, ms: 0, kind: 'tool' });
    return JSON.stringify({ error });
  }
  try {
    const result = await recordToolCall(deps.recorder, deps.now, call.name, args.value, () => deps.callTool(call.name, args.value, deps.signal));
    return clip(JSON.stringify(result) ?? 'null');
  } catch (error) {
    if (deps.signal.aborted) throw error;
    // The model sees the failure and can apologise or try something else.
    return JSON.stringify({ error: messageOf(error) });
  }
}

/** The passages for the node's knowledge bases: one search (its languages: the first base's stemmer). */
async function searchFor(input: LlmStepInput, deps: LlmStepDeps): Promise<KnowledgeHit[]> {
  const { knowledge } = input;
  if (!knowledge || !deps.searchKnowledge) return [];
  const scope = { baseIds: knowledge.bases.map((base) => base.id), language: knowledge.bases[0]?.language ?? 'en' };
  return deps.searchKnowledge(scope, knowledge.query, KNOWLEDGE_PASSAGES);
}

/** The request's system message with the numbered passages after it. */
function withPassages(messages: readonly ChatMessage[], hits: readonly KnowledgeHit[]): ChatMessage[] {
  const [system, ...rest] = messages;
  if (hits.length === 0 || system?.role !== 'system') return [...messages];
  return [{ role: 'system', content: `${String(system.content)}\n\n${groundingSection(hits)}` }, ...rest];
}

/**
 * Produce the node's answer. Texts are returned rather than appended so the machine
 * decides where they go; `messages` are the tool exchanges to keep in the history
 * (exit calls are not kept: they are transitions, not conversation).
 * @throws whatever the LLM client throws (the machine routes it to `on_error`).
 */
export async function runLlmStep(input: LlmStepInput, deps: LlmStepDeps): Promise<LlmStepOutput> {
  if (!deps.llm.configured) {
    deps.recorder.llmStatus('unavailable');
    return { kind: 'unavailable' };
  }
  const hits = await searchFor(input, deps);
  const messages = withPassages(input.request.messages, hits);
  const texts: string[] = [];
  const kept: HistoryMessage[] = [];
  // Whatever the model answers, the passages it was given are the answer's sources.
  const answered = (output: LlmStepOutput): LlmStepOutput => {
    if (hits.length > 0 && input.knowledge && output.kind !== 'unavailable') deps.recorder.sources(sourcesOf(output.texts, hits, input.knowledge.bases));
    return output;
  };
  for (let round = 0; ; round += 1) {
    const offerTools = round < MAX_TOOL_ROUNDS && input.request.tools !== undefined;
    const { tools, ...rest } = input.request;
    const started = deps.now();
    deps.deltas?.begin();
    let result: LlmChatResult;
    const request = { ...rest, messages: [...messages], ...(offerTools && tools !== undefined ? { tools } : {}) };
    try {
      result = await deps.llm.chat(
        request,
        { signal: deps.signal, ...(deps.deltas === undefined ? {} : { onDelta: deps.deltas.write }) },
      );
    } catch (error) {
      if (!deps.signal.aborted) deps.recorder.llmStatus('error');
      throw error;
    }
    deps.recorder.llmCall(request, result, deps.now() - started);
    const text = result.content.trim();
    if (text !== '') texts.push(text);
    if (!offerTools || result.toolCalls.length === 0) return answered({ kind: 'reply', texts, messages: kept });

    const exitCall = result.toolCalls.find((call) => input.exitNames.includes(call.name));
    const calls = result.toolCalls.filter((call) => !input.exitNames.includes(call.name));
    if (calls.length > 0) {
      const toolCalls = calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }));
      messages.push({ role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls });
      // The text is already in `texts`: the stored copy leaves it out so it is not said twice.
      kept.push({ role: 'assistant', content: null, tool_calls: toolCalls });
      for (const call of calls) {
        const content = await runToolCall(call, input, deps);
        messages.push({ role: 'tool', tool_call_id: call.id, content });
        kept.push({ role: 'tool', tool_call_id: call.id, content });
      }
    }
    if (exitCall !== undefined) {
      const parsed = parseArguments(exitCall.arguments);
      deps.recorder.tool({ name: exitCall.name, args: parsed.ok ? parsed.value : exitCall.arguments, ms: 0, kind: 'exit' });
      return answered({ kind: 'exit', exit: input.exitNames.indexOf(exitCall.name), texts, messages: kept });
    }
  }
}
