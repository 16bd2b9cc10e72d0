/**
 * Hybrid knowledge search: the full-text ranking and the nearest-vector ranking of the
 * same query, fused by reciprocal rank fusion — each passage scores Σ 1 / (k + rank) over
 * the rankings that hold it (Cormack, Clarke & Büttcher, SIGIR 2009; k = 60 as there).
 * RRF needs no calibration between BM25 scores and cosines, which are not comparable. The
 * query is embedded once per search.
 */
import type { PassageHit, SearchScope, VectorScope } from '../storage/knowledge-search-repo.ts';

export const RRF_K = 60;
/** Each ranking is read this deep: a passage second in one and absent from the other still counts. */
export const FUSION_DEPTH = 50;

export interface HybridSearchDeps {
  fullText(scope: SearchScope, query: string, limit: number): Promise<PassageHit[]>;
  nearest(scope: VectorScope, query: Float32Array, limit: number): Promise<PassageHit[]>;
  embedder: { readonly model: string; embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> };
}

/**
 * @example
 * const search = createHybridSearch({ fullText: repo.fullText, nearest: repo.nearest, embedder });
 * const hits = await search({ baseIds: [1], language: 'en' }, 'can I get my money back', 5);
 */
export function createHybridSearch(deps: HybridSearchDeps) {
  return async (scope: SearchScope, query: string, limit: number): Promise<PassageHit[]> => {
    if (scope.baseIds.length === 0) return [];
    const depth = Math.max(limit, FUSION_DEPTH);
    const [vector] = await deps.embedder.embed([query]);
    const [byText, byVector] = await Promise.all([
      deps.fullText(scope, query, depth),
      vector ? deps.nearest({ baseIds: scope.baseIds, model: deps.embedder.model }, vector, depth) : Promise.resolve([]),
    ]);
    return fuseRankings(byText, byVector, limit);
  };
}

/** One list, best fused score first, each hit keeping both of its component ranks. */
export function fuseRankings(byText: readonly PassageHit[], byVector: readonly PassageHit[], limit: number): PassageHit[] {
  const fused = new Map<string, PassageHit>();
  for (const hit of byText) fused.set(hit.hash, { ...hit, score: 1 / (RRF_K + (hit.fullText?.rank ?? Infinity)), vector: undefined });
  for (const hit of byVector) {
    const part = 1 / (RRF_K + (hit.vector?.rank ?? Infinity));
    const known = fused.get(hit.hash);
    fused.set(hit.hash, known ? { ...known, score: known.score + part, vector: hit.vector } : { ...hit, score: part, fullText: undefined });
  }
  // Ties (one rank in each list, swapped) go to the full-text side, then the older passage.
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || (a.fullText?.rank ?? Infinity) - (b.fullText?.rank ?? Infinity) || a.passageId - b.passageId)
    .slice(0, limit);
}
