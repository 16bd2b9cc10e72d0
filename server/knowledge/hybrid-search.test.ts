import { describe, expect, it } from 'vitest';
import type { PassageHit } from '../storage/knowledge-search-repo.ts';
import { createHybridSearch, fuseRankings, RRF_K } from './hybrid-search.ts';

const hit = (id: number, ranking: 'fullText' | 'vector', rank: number): PassageHit => ({
  passageId: id,
  knowledgeBaseId: 1,
  documentId: 'doc_1',
  title: 'T',
  url: null,
  headingPath: [],
  text: `passage ${id}`,
  hash: `h${id}`,
  score: 0,
  [ranking]: { rank, score: 1 / rank },
});

describe('reciprocal rank fusion', () => {
  it('sums 1 / (60 + rank) over the rankings that hold a passage and keeps both component ranks', () => {
    const fused = fuseRankings([hit(1, 'fullText', 1), hit(2, 'fullText', 2)], [hit(2, 'vector', 1), hit(3, 'vector', 2)], 10);
    expect(fused.map((h) => h.passageId)).toEqual([2, 1, 3]);
    expect(fused[0]).toMatchObject({ score: 1 / (RRF_K + 2) + 1 / (RRF_K + 1), fullText: { rank: 2 }, vector: { rank: 1 } });
    expect(fused[1]).toMatchObject({ score: 1 / (RRF_K + 1), fullText: { rank: 1 }, vector: undefined });
    expect(fused[2]).toMatchObject({ score: 1 / (RRF_K + 2), fullText: undefined, vector: { rank: 2 } });
  });

  it('breaks a tie towards the full-text side and cuts at the limit', () => {
    const fused = fuseRankings([hit(1, 'fullText', 1)], [hit(2, 'vector', 1)], 1);
    expect(fused.map((h) => h.passageId)).toEqual([1]);
  });

  it('embeds the query once and asks each ranking deep enough to fuse', async () => {
    const embedded: string[][] = [];
    const limits: number[] = [];
    const search = createHybridSearch({
      embedder: { model: 'm', embed: async (texts) => (embedded.push([...texts]), texts.map(() => Float32Array.of(1, 0))) },
      fullText: async (_scope, _query, limit) => (limits.push(limit), [hit(1, 'fullText', 1)]),
      nearest: async (scope, _vector, limit) => (limits.push(limit), expect(scope.model).toBe('m'), [hit(1, 'vector', 1)]),
    });
    const hits = await search({ baseIds: [1], language: 'en' }, 'refund', 5);
    expect(embedded).toEqual([['refund']]);
    expect(limits).toEqual([50, 50]);
    expect(hits).toHaveLength(1);
  });
});
