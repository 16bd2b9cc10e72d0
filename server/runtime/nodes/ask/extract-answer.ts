/**
 * `expect.llm` on an `ask` node: the model pulls the described value out of a free-form
 * answer ("it's the 24th of December" → "2026-12-24"); the engine then runs the result
 * through the node's deterministic checks. Without an LLM the trimmed answer is used.
 */
import { z } from 'zod';
import { renderTemplate } from '../../../../shared/template.ts';
import type { AskNode } from '../../../../shared/workflow-schema.ts';
import type { LlmChatRequest, LlmClient } from '../../../llm/types.ts';
import { choiceLabel } from './match-choice.ts';
import { modelSettings } from '../llm/request.ts';
import type { TurnRecorder } from '../../turn-recorder.ts';
import type { AgentRuntimeConfig, ExtractAnswerInput, ExtractAnswerOutput } from '../../types.ts';
import type { WorkflowContext } from '../../workflow-context.ts';

const HINTS = {
  number: 'a number written with digits',
  email: 'an email address',
  phone: 'a phone number with digits and an optional leading +',
  date: 'a calendar date as YYYY-MM-DD',
  yes_no: 'yes or no',
} as const;

const extractionSchema = z.object({ value: z.union([z.string(), z.number(), z.boolean(), z.null()]) });

function hintFor(node: AskNode): string {
  if (node.choices !== undefined) return `exactly one of: ${node.choices.map(choiceLabel).join(', ')}`;
  if (node.expect?.type !== undefined) return HINTS[node.expect.type];
  if (node.expect?.pattern !== undefined) return `text matching the regular expression ${node.expect.pattern}`;
  return 'short text';
}

/** The `extractAnswer` actor's input for an `ask` node with `expect.llm`. */
export function buildExtractInput(node: AskNode, agent: AgentRuntimeConfig, context: WorkflowContext): ExtractAnswerInput {
  const { model, temperature } = modelSettings(agent);
  return {
    description: node.expect?.llm ?? '',
    question: renderTemplate(node.text, context.variables),
    hint: hintFor(node),
    text: context.lastUserText,
    request: { ...(model === undefined ? {} : { model }), ...(temperature === undefined ? {} : { temperature }) },
  };
}

export interface ExtractDeps {
  llm: LlmClient;
  recorder: TurnRecorder;
  now(): number;
  signal: AbortSignal;
}

/**
 * Ask the model for the value. A failed or unparseable answer falls back to the user's
 * own text, so a flaky LLM degrades to plain validation instead of blocking the user.
 */
export async function extractAnswer(input: ExtractAnswerInput, deps: ExtractDeps): Promise<ExtractAnswerOutput> {
  const raw = input.text.trim();
  const fallback = { value: raw === '' ? null : raw };
  if (!deps.llm.configured) {
    deps.recorder.llmStatus('unavailable');
    return fallback;
  }
  const started = deps.now();
  try {
    const request: LlmChatRequest = {
      ...input.request,
      json: true,
      messages: [
        {
          role: 'system',
          content:
            `Extract ${input.description} from the user's answer to the question "${input.question}". ` +
            `The value must be ${input.hint}. Reply with a JSON object {"value": ...}: the value as a string, ` +
            'or null when the answer does not contain it.',
        },
        { role: 'user', content: input.text },
      ],
    };
    const result = await deps.llm.chat(request, { signal: deps.signal });
    deps.recorder.llmCall(request, result, deps.now() - started);
    const parsed = extractionSchema.safeParse(safeJson(result.content));
    if (!parsed.success) return fallback;
    const value = parsed.data.value;
    if (value === null) return { value: null };
    return { value: typeof value === 'string' ? value.trim() : String(value) };
  } catch (error) {
    if (deps.signal.aborted) throw error;
    deps.recorder.llmStatus('error');
    return fallback;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
