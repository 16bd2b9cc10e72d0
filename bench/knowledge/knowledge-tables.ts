/** The knowledge bench's figures as the Markdown tables bench/README.md quotes. */
import type { IngestionFigures, LatencyRow, QualityFigures } from '../knowledge.bench.ts';
import { fmt } from '../lib/stats.ts';
import type { RetrievalScore } from './retrieval-metrics.ts';

export function knowledgeQualityTable(figures: QualityFigures): string[] {
  const line = (set: string, name: string, s: RetrievalScore) => `| ${set} | ${name} | ${s.questions} | ${fmt(s.recallAt[1] ?? Number.NaN, 3)} | ${fmt(s.recallAt[5] ?? Number.NaN, 3)} | ${fmt(s.recallAt[10] ?? Number.NaN, 3)} | ${fmt(s.mrr, 3)} | ${s.missed.length} |`;
  const ingest = (name: string, f: IngestionFigures) => `| ${name} | ${f.passages} | ${fmt(f.seconds, 2)} s | ${fmt(f.passages / f.seconds, 0)} |`;
  return [
    '| set | ranking | questions | recall@1 | recall@5 | recall@10 | MRR | not in top 10 |',
    '|---|---|---|---|---|---|---|---|',
    ...figures.sets.flatMap((set) => set.rankings.map((r) => line(set.name, r.name, r.score))),
    '',
    `Corpus embedding learnt in ${fmt(figures.training.seconds, 1)} s (${figures.training.vocabulary} words with a vector).`,
    '',
    '| ingestion of the corpus | passages | time | passages/s |',
    '|---|---|---|---|',
    ...figures.ingestion.map((i) => ingest(i.name, i.figures)),
  ];
}

export function knowledgeLatencyTable(rows: readonly LatencyRow[]): string[] {
  return [
    '| passages | search | p50 ms | p99 ms | floor p50 ms | floor p99 ms |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.passages} | ${r.mode} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.floorP50)} | ${fmt(r.floorP99)} |`),
    '',
    ...rows.flatMap((r) => (r.recallAt10 ?? []).map((x) => `- exact vs quantised recall@10 at ${r.passages} passages, ${x.candidates} candidates rescored: ${fmt(x.recall, 3)}`)),
  ];
}
