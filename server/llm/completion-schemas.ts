/**
 * What Parley needs from an OpenAI-compatible answer. The SDK types its results but does
 * not check them, and "compatible" servers vary: parse before trusting. The schemas are
 * lenient about what the product does not read (nullish fields, extra keys).
 */
import { z } from 'zod';

const usageSchema = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
});

/** A non-streaming `chat.completion`. */
export const completionSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                id: z.string(),
                function: z.object({ name: z.string(), arguments: z.string() }),
              }),
            )
            .nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: usageSchema.nullish(),
});

/** One `chat.completion.chunk` of a stream. */
export const chunkSchema = z.object({
  model: z.string().nullish(),
  // Azure, among others, sends chunks with no choices (content filter results, usage).
  choices: z.array(
    z.object({
      index: z.number().nullish(),
      delta: z
        .object({
          content: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                index: z.number(),
                id: z.string().nullish(),
                function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
              }),
            )
            .nullish(),
        })
        .nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usageSchema.nullish(),
});

export type Completion = z.infer<typeof completionSchema>;
export type CompletionChunk = z.infer<typeof chunkSchema>;
