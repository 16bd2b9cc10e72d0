/**
 * Embeddings through the same OpenAI-compatible endpoint as the chat model
 * (`POST /embeddings`), for knowledge search when `PARLEY_EMBEDDING_MODEL` is set. Texts go
 * in batches; the SDK retries 429, 5xx, timeouts and lost connections with exponential
 * backoff. Vectors come back scaled to length 1, so a dot product is their cosine.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { LlmBadResponseError } from './llm-errors.ts';
import { toLlmError } from './to-llm-error.ts';

/** Inputs per request: bounds a request's size (the API takes up to 2048). */
export const EMBEDDING_BATCH = 64;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 3;

export interface Embedder {
  /** The model's name, stored with each vector: vectors of another model are not compared. */
  readonly model: string;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

export interface CreateEmbedderOptions {
  model: string;
  /** An OpenAI-compatible base URL; OpenAI's own when unset. */
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  batchSize?: number | undefined;
  fetch?: typeof fetch | undefined;
}

const embeddingsSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()).min(1) })),
});

/**
 * @example
 * const embedder = createEmbedder({ model: 'text-embedding-3-small', baseURL: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY });
 * const [vector] = await embedder.embed(['How do I reset my password?']);
 */
export function createEmbedder(options: CreateEmbedderOptions): Embedder {
  const batchSize = options.batchSize ?? EMBEDDING_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  const sdk = new OpenAI({
    // Local servers need no key, but the SDK insists on one.
    apiKey: options.apiKey || 'unused',
    baseURL: options.baseURL || 'https://api.openai.com/v1',
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    ...(options.fetch && { fetch: options.fetch }),
  });

  async function embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    let body: unknown;
    try {
      // `float` rather than the SDK's default base64, which some compatible servers do not speak.
      body = await sdk.embeddings.create({ model: options.model, input: texts, encoding_format: 'float' }, signal ? { signal } : {});
    } catch (error) {
      throw toLlmError(error);
    }
    const parsed = embeddingsSchema.safeParse(body);
    if (!parsed.success) throw new LlmBadResponseError('The embeddings endpoint answered something that is not a list of embeddings.', { cause: parsed.error });
    const vectors = new Array<Float32Array | undefined>(texts.length);
    for (const item of parsed.data.data) {
      if (item.index < texts.length) vectors[item.index] = unitVector(item.embedding);
    }
    const dimensions = vectors[0]?.length;
    if (vectors.some((v) => v === undefined || v.length !== dimensions)) {
      throw new LlmBadResponseError(`The embeddings endpoint answered ${parsed.data.data.length} vectors of mixed or missing places for ${texts.length} texts.`);
    }
    return vectors as Float32Array[];
  }

  return {
    model: options.model,
    async embed(texts, signal) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize), signal)));
      }
      return vectors;
    },
  };
}

/** Scaled to length 1; a zero vector stays zero (it matches nothing). */
export function unitVector(values: readonly number[]): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i += 1) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}
