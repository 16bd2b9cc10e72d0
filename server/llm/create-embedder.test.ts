import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../../test/fake-llm/fake-llm.ts';
import { hashedEmbedding } from '../../test/fake-llm/hashed-embedding.ts';
import { createEmbedder } from './create-embedder.ts';
import { LlmError } from './llm-errors.ts';

describe('createEmbedder', () => {
  let fake: FakeLlm;

  beforeAll(async () => {
    fake = await startFakeLlm();
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it('embeds in batches, in order, as unit vectors', async () => {
    const embedder = createEmbedder({ model: 'm', baseURL: fake.url, batchSize: 2, maxRetries: 0 });
    const texts = ['one apple', 'two pears', 'three plums', 'four figs', 'five limes'];
    const vectors = await embedder.embed(texts);
    expect(fake.embeddingRequests.map((r) => r.input)).toEqual([texts.slice(0, 2), texts.slice(2, 4), texts.slice(4)]);
    expect(vectors.map((v) => Array.from(v))).toEqual(texts.map((text) => Array.from(hashedEmbedding(text))));
    for (const vector of vectors) expect(vector.reduce((sum, x) => sum + x * x, 0)).toBeCloseTo(1);
  });

  it('retries a rate-limited request, then fails with a typed error once retries run out', async () => {
    fake.failEmbeddings(1, 429);
    const retrying = createEmbedder({ model: 'm', baseURL: fake.url, maxRetries: 1 });
    expect(await retrying.embed(['hello'])).toHaveLength(1);
    expect(fake.embeddingRequests).toHaveLength(2);

    fake.failEmbeddings(2, 503);
    await expect(retrying.embed(['hello'])).rejects.toBeInstanceOf(LlmError);
  });
});
