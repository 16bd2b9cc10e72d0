/**
 * The LLM judge: asked for a JSON verdict `{passed, rationale, confidence}`. Whatever the
 * model answers is `unknown` until the schema accepts it; an answer that is not valid
 * JSON, or not that shape, makes the run `error` — never a crash, never a guess.
 */
import { z } from 'zod';
import { isLlmError } from '../llm/llm-errors.ts';
import type { ChatMessage, LlmClient } from '../llm/types.ts';
import { TestRunError } from './test-run-error.ts';

export const verdictSchema = z.object({
  passed: z.boolean(),
  rationale: z.string().trim().min(1),
  confidence: z.number().min(0).max(1),
});
export type Verdict = z.infer<typeof verdictSchema>;

export interface JudgeRequest {
  messages: ChatMessage[];
  /** The judge model; the client's default when undefined. */
  model: string | undefined;
}

/** Turn an LLM failure of `who` into the reason of an `error` run (an abort passes through). */
export function llmFailure(who: string, error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return error;
  if (isLlmError(error) && error.code === 'llm_not_configured') {
    return new TestRunError(`No LLM is configured, so ${who} cannot run: set OPENAI_BASE_URL or OPENAI_API_KEY.`, { cause: error });
  }
  if (isLlmError(error)) return new TestRunError(`The LLM of ${who} failed (${error.code}): ${error.message}`, { cause: error });
  return error;
}

/** Models often fence JSON in markdown even when asked not to: accept ```json … ```. */
function unfence(text: string): string {
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text.trim());
  return fenced?.[1] ?? text.trim();
}

/**
 * Parse the judge's answer text into a verdict.
 * @throws {TestRunError} when it is not valid JSON or not `{passed, rationale, confidence}`.
 */
export function parseVerdict(text: string): Verdict {
  let json: unknown;
  try {
    json = JSON.parse(unfence(text));
  } catch {
    const snippet = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    throw new TestRunError(`The judge did not answer valid JSON: ${JSON.stringify(snippet)}`);
  }
  const parsed = verdictSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TestRunError(`The judge's JSON is not {passed, rationale, confidence}: ${issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'invalid'}`);
  }
  return parsed.data;
}

/**
 * Ask the judge.
 * @example const verdict = await askJudge(llm, { messages: replyJudgeMessages(input), model: 'gpt-4o' }, signal);
 */
export async function askJudge(llm: LlmClient, request: JudgeRequest, signal: AbortSignal): Promise<Verdict> {
  let content: string;
  try {
    const result = await llm.chat({ messages: request.messages, json: true, temperature: 0, ...(request.model ? { model: request.model } : {}) }, { signal });
    content = result.content;
  } catch (error) {
    throw llmFailure('the judge', error, signal);
  }
  return parseVerdict(content);
}

