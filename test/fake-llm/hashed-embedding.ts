/**
 * A deterministic stand-in for an embedding model, for the fake LLM's `/embeddings` and the
 * knowledge benchmark: the feature-hashed bag of a text's words and of their character
 * 4-grams, scaled to length 1. It knows no meanings — no synonyms, no paraphrase — only
 * spelling: a word's inflections, compounds and misspellings share most of their 4-grams,
 * which is what it adds to a stemmed full-text search. Same text, same vector, everywhere.
 *
 * @example hashedEmbedding('refund a damaged parcel') // Float32Array(512), length 1
 */
export const HASHED_EMBEDDING_DIMENSIONS = 512;

/** Words too common to say anything about a passage. */
const STOP_WORDS = new Set(
  'a an and are as at be but by can do does for from has have how i if in into is it its of on or so that the their then there these this to was what when where which who why will with you your'.split(' '),
);

export function hashedEmbedding(text: string, dimensions = HASHED_EMBEDDING_DIMENSIONS): Float32Array {
  const vector = new Float32Array(dimensions);
  const add = (feature: string, weight: number): void => {
    const hash = fnv1a(feature);
    // The top bit signs the feature, so colliding features cancel on average instead of piling up.
    vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + (hash & 0x80000000 ? -weight : weight);
  };
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (STOP_WORDS.has(word)) continue;
    add(`w:${word}`, 1);
    const padded = `^${word}$`;
    for (let i = 0; i + 4 <= padded.length; i += 1) add(`g:${padded.slice(i, i + 4)}`, 0.5);
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < dimensions; i += 1) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
