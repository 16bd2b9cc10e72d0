/**
 * A deterministic local embedding that knows some meaning, learnt only from the corpus being
 * searched — for the knowledge benchmark's hybrid runs, where no embedding model can be
 * downloaded. Classic count-based word vectors (Levy, Goldberg & Dagan, TACL 2015):
 *
 * 1. co-occurrence counts of the corpus's words (English stop words dropped) within ±5 words
 *    of each other inside one text;
 * 2. positive pointwise mutual information, with the context distribution smoothed to the
 *    power 0.75 so rare contexts do not dominate;
 * 3. reduced to 256 dimensions by seeded randomized subspace iteration (`top-subspace.ts`),
 *    unweighted by the singular values (their "eigenvalue weighting p = 0"), then centred —
 *    the mean word vector removed, since it is a direction every word shares (Mu & Viswanath,
 *    "All-but-the-top", 2018) and would make every passage look alike.
 *
 * A text's vector is the IDF-weighted mean of its words' unit vectors; a word the corpus has
 * too rarely to have learnt (fewer than 3 times) falls back to its hashed spelling features
 * (`hashedEmbedding`) in 256 further dimensions, so names and rare terms can still match
 * themselves. The result has length 1. Same corpus and text, same vector, everywhere.
 *
 * Every parameter here was fixed before the evaluation sets were scored, from the papers'
 * usual values, and is not tuned on them.
 */
import { createHash } from 'node:crypto';
import { ENGLISH_STOP_WORDS } from '../../server/storage/english-stop-words.ts';
import { hashedEmbedding } from '../../test/fake-llm/hashed-embedding.ts';
import { seededRandom } from '../../test/helpers/seeded-random.ts';
import { topSubspace, type SparseRows } from './top-subspace.ts';

export interface CorpusEmbeddingOptions {
  /** Dimensions learnt from co-occurrence. */
  dimensions: number;
  /** Dimensions of the hashed spelling features of words too rare to have a learnt vector. */
  subwordDimensions: number;
  /** Words on either side that count as co-occurring. */
  window: number;
  /** A word needs this many occurrences in the corpus to get a learnt vector. */
  minCount: number;
  powerIterations: number;
  seed: number;
}

export const CORPUS_EMBEDDING_DEFAULTS: CorpusEmbeddingOptions = { dimensions: 256, subwordDimensions: 256, window: 5, minCount: 3, powerIterations: 3, seed: 17 };

/** Word pairs are keyed `a · V + b` in 32 bits, which bounds the vocabulary. */
const MAX_VOCABULARY = 65_535;
const CONTEXT_SMOOTHING = 0.75;

/** Shaped as the server's embedder port (`{ model, embed(texts) }`), plus a synchronous form. */
export interface CorpusEmbedding {
  /** Names the training corpus too: vectors of two corpora are not comparable. */
  readonly model: string;
  /** Words with a learnt vector. */
  readonly vocabulary: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  embedText(text: string): Float32Array;
}

const wordsOf = (text: string): string[] => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !ENGLISH_STOP_WORDS.has(word));

/**
 * @example
 * const embedder = trainCorpusEmbedding(entries); // entries: the corpus's texts, one per entry
 * const [vector] = await embedder.embed(['a problem that vanishes when someone watches']);
 */
export function trainCorpusEmbedding(texts: readonly string[], overrides: Partial<CorpusEmbeddingOptions> = {}): CorpusEmbedding {
  const options = { ...CORPUS_EMBEDDING_DEFAULTS, ...overrides };
  const tokenised = texts.map(wordsOf);
  const counts = new Map<string, number>();
  for (const words of tokenised) for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  const vocabulary = [...counts]
    .filter(([, count]) => count >= options.minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_VOCABULARY)
    .map(([word]) => word);
  const index = new Map(vocabulary.map((word, i) => [word, i]));
  const sequences = tokenised.map((words) => Uint32Array.from(words.flatMap((word) => index.get(word) ?? [])));

  // Smoothed inverse document frequency over the texts; a word never learnt counts as rarest.
  const documentFrequency = new Float64Array(vocabulary.length);
  for (const sequence of sequences) for (const id of new Set(sequence)) documentFrequency[id] = (documentFrequency[id] ?? 0) + 1;
  const idf = Float64Array.from(documentFrequency, (df) => Math.log((texts.length + 1) / (df + 1)) + 1);
  const unknownIdf = Math.log(texts.length + 1) + 1;

  const random = seededRandom(options.seed);
  const subspace = topSubspace(positivePmi(cooccurrences(sequences, vocabulary.length, options.window)), options.dimensions, options.powerIterations, random);
  const wordVectors = centredUnitRows(subspace, vocabulary.length, options.dimensions);
  const fingerprint = createHash('sha256').update(JSON.stringify([options, texts])).digest('hex').slice(0, 8);

  const embedText = (text: string): Float32Array => {
    const { dimensions, subwordDimensions } = options;
    const sum = new Float64Array(dimensions + subwordDimensions);
    for (const word of wordsOf(text)) {
      const id = index.get(word);
      if (id === undefined) {
        const spelling = hashedEmbedding(word, subwordDimensions);
        for (let j = 0; j < subwordDimensions; j += 1) sum[dimensions + j] = (sum[dimensions + j] ?? 0) + unknownIdf * (spelling[j] ?? 0);
      } else {
        const weight = idf[id] ?? 0;
        for (let j = 0; j < dimensions; j += 1) sum[j] = (sum[j] ?? 0) + weight * (wordVectors[id * dimensions + j] ?? 0);
      }
    }
    return unitFloat32(sum);
  };
  return {
    model: `corpus-ppmi-${options.dimensions}+${options.subwordDimensions}-${fingerprint}`,
    vocabulary: vocabulary.length,
    embedText,
    embed: async (batch) => batch.map(embedText),
  };
}

/** Symmetric co-occurrence counts within `window` words, as compressed rows (sorted pair keys, counted in runs). */
function cooccurrences(sequences: readonly Uint32Array[], size: number, window: number): SparseRows {
  let pairs = 0;
  for (const sequence of sequences) for (let i = 0; i < sequence.length; i += 1) pairs += 2 * Math.min(window, sequence.length - 1 - i);
  const keys = new Uint32Array(pairs);
  let next = 0;
  for (const sequence of sequences) {
    for (let i = 0; i < sequence.length; i += 1) {
      const a = sequence[i] ?? 0;
      for (let j = i + 1; j <= Math.min(i + window, sequence.length - 1); j += 1) {
        const b = sequence[j] ?? 0;
        keys[next++] = a * size + b;
        keys[next++] = b * size + a;
      }
    }
  }
  keys.sort();
  const offsets = new Uint32Array(size + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let start = 0; start < keys.length; ) {
    const key = keys[start] ?? 0;
    let end = start;
    while (end < keys.length && keys[end] === key) end += 1;
    offsets[Math.floor(key / size) + 1] = (offsets[Math.floor(key / size) + 1] ?? 0) + 1;
    indices.push(key % size);
    values.push(end - start);
    start = end;
  }
  for (let r = 0; r < size; r += 1) offsets[r + 1] = (offsets[r + 1] ?? 0) + (offsets[r] ?? 0);
  return { rows: size, columns: size, offsets, indices: Uint32Array.from(indices), values: Float64Array.from(values) };
}

/** max(0, log P(w, c) / (P(w) · Pα(c))), keeping only the positive entries. */
function positivePmi(counts: SparseRows): SparseRows {
  const rowSums = new Float64Array(counts.rows);
  for (let r = 0; r < counts.rows; r += 1) for (let e = counts.offsets[r] ?? 0; e < (counts.offsets[r + 1] ?? 0); e += 1) rowSums[r] = (rowSums[r] ?? 0) + (counts.values[e] ?? 0);
  const total = rowSums.reduce((sum, value) => sum + value, 0);
  // The counts are symmetric, so a word's row sum is also its count as a context.
  const smoothedTotal = rowSums.reduce((sum, value) => sum + value ** CONTEXT_SMOOTHING, 0);
  const offsets = new Uint32Array(counts.rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < counts.rows; r += 1) {
    for (let e = counts.offsets[r] ?? 0; e < (counts.offsets[r + 1] ?? 0); e += 1) {
      const c = counts.indices[e] ?? 0;
      const pmi = Math.log(((counts.values[e] ?? 0) / total) / (((rowSums[r] ?? 0) / total) * ((rowSums[c] ?? 0) ** CONTEXT_SMOOTHING / smoothedTotal)));
      if (pmi <= 0) continue;
      indices.push(c);
      values.push(pmi);
    }
    offsets[r + 1] = indices.length;
  }
  return { rows: counts.rows, columns: counts.columns, offsets, indices: Uint32Array.from(indices), values: Float64Array.from(values) };
}

/** Rows scaled to length 1, the mean row subtracted, scaled to length 1 again. */
function centredUnitRows(matrix: Float64Array, rows: number, k: number): Float64Array {
  const out = new Float64Array(matrix);
  const scaleRow = (r: number) => {
    let norm = 0;
    for (let j = 0; j < k; j += 1) norm += (out[r * k + j] ?? 0) ** 2;
    if (norm > 0) for (let j = 0; j < k; j += 1) out[r * k + j] = (out[r * k + j] ?? 0) / Math.sqrt(norm);
  };
  for (let r = 0; r < rows; r += 1) scaleRow(r);
  const mean = new Float64Array(k);
  for (let r = 0; r < rows; r += 1) for (let j = 0; j < k; j += 1) mean[j] = (mean[j] ?? 0) + (out[r * k + j] ?? 0) / rows;
  for (let r = 0; r < rows; r += 1) {
    for (let j = 0; j < k; j += 1) out[r * k + j] = (out[r * k + j] ?? 0) - (mean[j] ?? 0);
    scaleRow(r);
  }
  return out;
}

function unitFloat32(values: Float64Array): Float32Array {
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
  return Float32Array.from(values, (value) => (norm > 0 ? value / norm : 0));
}
