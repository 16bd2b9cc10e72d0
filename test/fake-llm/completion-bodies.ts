/**
 * Builds the JSON bodies the fake sends, shaped like OpenAI's: a `chat.completion`, the
 * `chat.completion.chunk` sequence of a stream, and error objects.
 */
import type { FakeChatRequest, FakeResponse } from './fake-llm-types.ts';

interface ResolvedToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A scripted response with every default filled in, ready to serialise. */
export interface ResolvedReply {
  id: string;
  created: number;
  model: string;
  content: string;
  toolCalls: ResolvedToolCall[];
  finishReason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** The text of the last user message, whether its content is a string or text parts. */
export function lastUserText(body: FakeChatRequest): string {
  const user = body.messages.findLast((message) => message.role === 'user');
  if (!user) return '';
  if (typeof user.content === 'string') return user.content;
  if (!Array.isArray(user.content)) return '';
  return user.content
    .map((part: unknown) =>
      typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}

/** Fills in ids, argument text, finish reason and usage for one scripted response. */
export function resolveReply(body: FakeChatRequest, response: FakeResponse, sequence: number): ResolvedReply {
  const toolCalls = (response.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_fake_${sequence}_${index}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
  const content = response.content ?? '';
  const promptTokens =
    response.usage?.prompt_tokens ??
    estimateTokens(body.messages.map((message) => JSON.stringify(message.content ?? '')).join(''));
  const completionTokens =
    response.usage?.completion_tokens ??
    estimateTokens(content + toolCalls.map((call) => call.name + call.arguments).join(''));
  return {
    id: `chatcmpl-fake${sequence}`,
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    content,
    toolCalls,
    finishReason: response.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** The non-streaming `chat.completion` object. */
export function completionBody(reply: ResolvedReply): object {
  return {
    id: reply.id,
    object: 'chat.completion',
    created: reply.created,
    model: reply.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          // OpenAI sends null content when the model only calls tools.
          content: reply.content === '' && reply.toolCalls.length > 0 ? null : reply.content,
          refusal: null,
          ...(reply.toolCalls.length > 0 && {
            tool_calls: reply.toolCalls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.arguments },
            })),
          }),
        },
        logprobs: null,
        finish_reason: reply.finishReason,
      },
    ],
    usage: reply.usage,
  };
}

/** Splits text into word-sized pieces that join back to the exact text. */
export function splitWords(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\s)(?=\S)/);
}

function splitEvery(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

/**
 * The `chat.completion.chunk` objects of a stream, in order: the role, the content by words,
 * each tool call (id and name first, then its arguments in pieces), the finish reason, and
 * the usage chunk when asked for. `[DONE]` is the caller's to send.
 */
export function streamChunks(reply: ResolvedReply, includeUsage: boolean): object[] {
  const chunk = (delta: object, finishReason: string | null = null): object => ({
    id: reply.id,
    object: 'chat.completion.chunk',
    created: reply.created,
    model: reply.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage && { usage: null }),
  });
  const chunks = [chunk({ role: 'assistant', content: '' })];
  for (const word of splitWords(reply.content)) chunks.push(chunk({ content: word }));
  reply.toolCalls.forEach((call, index) => {
    chunks.push(
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
    );
    for (const piece of splitEvery(call.arguments, 8)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  chunks.push(chunk({}, reply.finishReason));
  if (includeUsage) {
    chunks.push({
      id: reply.id,
      object: 'chat.completion.chunk',
      created: reply.created,
      model: reply.model,
      choices: [],
      usage: reply.usage,
    });
  }
  return chunks;
}

/** An OpenAI-style error body for a status. */
export function errorBody(status: number, message?: string): object {
  if (status === 429) {
    return {
      error: {
        message: message ?? 'Rate limit reached (fake).',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    };
  }
  return {
    error: {
      message: message ?? `The fake server answered with status ${status}.`,
      type: status >= 500 ? 'server_error' : 'invalid_request_error',
      param: null,
      code: null,
    },
  };
}
