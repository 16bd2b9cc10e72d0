import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainCorpusEmbedding, type CorpusEmbedding } from './corpus-embedding.ts';

const corpusDir = new URL('./corpus/', import.meta.url).pathname;
const entriesOf = (files: readonly string[]) => files.flatMap((file) => readFileSync(corpusDir + file, 'utf8').split(/\n(?=## )/));
const allFiles = readdirSync(corpusDir).filter((file) => file.endsWith('.md')).sort();
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
const length = (a: Float32Array) => Math.sqrt(cosine(a, a));
// Fewer dimensions and one power iteration than the bench's, so the file stays quick; the
// behaviour asserted does not depend on them.
const quick = { dimensions: 64, subwordDimensions: 64, powerIterations: 1 };

describe('the corpus embedding', () => {
  let embedding: CorpusEmbedding;
  beforeAll(() => {
    embedding = trainCorpusEmbedding(entriesOf(allFiles), quick);
  }, 120_000); // about 2 s of CPU, several times that on a loaded machine


  it('learns from the same corpus the same vectors and model name, every time', () => {
    const few = entriesOf(allFiles.slice(0, 3));
    const [first, second] = [trainCorpusEmbedding(few, quick), trainCorpusEmbedding(few, quick)];
    expect(second.model).toBe(first.model);
    const text = 'a program that crashed the machine';
    expect(Array.from(second.embedText(text))).toEqual(Array.from(first.embedText(text)));
    expect(trainCorpusEmbedding(entriesOf(allFiles.slice(0, 4)), quick).model).not.toBe(first.model);
  }, 120_000);

  it('gives every text with a word a vector of length 1, rare words included', async () => {
    const vectors = await embedding.embed(['wizard', 'a problem that vanishes when someone watches', 'zyzzogeton qwertyfluff']);
    for (const vector of vectors) expect(length(vector)).toBeCloseTo(1, 5);
    expect(vectors.map((v) => v.length)).toEqual([128, 128, 128]);
    // Words the corpus has too rarely still match themselves, by spelling.
    const [rare, again] = await embedding.embed(['zyzzogeton', 'zyzzogeton']);
    expect(cosine(rare ?? new Float32Array(), again ?? new Float32Array())).toBeCloseTo(1, 5);
  });

  it('puts synonyms the corpus names closer than unrelated words', () => {
    // "kahuna: Synonym for wizard, guru"; "kluge" and "kludge" are one word spelt two ways.
    const [wizard, guru, ethernet, kluge, kludge, newsgroup] = ['wizard', 'guru', 'ethernet', 'kluge', 'kludge', 'newsgroup'].map((w) => embedding.embedText(w));
    expect(cosine(wizard!, guru!)).toBeGreaterThan(cosine(wizard!, ethernet!));
    expect(cosine(kluge!, kludge!)).toBeGreaterThan(cosine(kluge!, newsgroup!));
  });

  it('has nothing to say about a text of stop words only', () => {
    expect(length(embedding.embedText('what is the'))).toBe(0);
  });
});
