import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { answerRank, readEvaluationQuestions, scoreRetrieval, type EvaluationQuestion } from './retrieval-metrics.ts';

const corpusDir = new URL('./corpus/', import.meta.url).pathname;
const question: EvaluationQuestion = { id: 'q', question: 'What is a trit?', answer: { document: 'jargon-t.md', heading: 'trit', quote: 'One base-3 digit' } };

describe('the evaluation sets', () => {
  const paraphrases = new URL('./paraphrase-questions.json', import.meta.url).pathname;
  it.each([
    ['questions.json', readEvaluationQuestions(), 100],
    ['paraphrase-questions.json', readEvaluationQuestions(paraphrases), 60],
  ])('%s has enough questions, each quote found under its heading in its document', (_name, questions, least) => {
    expect(questions.length).toBeGreaterThanOrEqual(least);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    const documents = new Set(readdirSync(corpusDir));
    for (const q of questions) {
      expect(documents.has(q.answer.document), q.id).toBe(true);
      const text = readFileSync(corpusDir + q.answer.document, 'utf8');
      const start = text.indexOf(`\n## ${q.answer.heading}\n`);
      expect(start, `${q.id}: heading ${q.answer.heading}`).toBeGreaterThan(-1);
      const next = text.indexOf('\n## ', start + 4);
      expect(text.slice(start, next === -1 ? undefined : next).includes(q.answer.quote), `${q.id}: quote`).toBe(true);
    }
  });
});

describe('retrieval metrics', () => {
  it('ranks the first passage of the named document that holds the quote, whitespace collapsed', () => {
    const results = [
      { document: 'jargon-b.md', text: 'One base-3 digit' },
      { document: 'jargon-t.md', text: 'A bit' },
      { document: 'jargon-t.md', text: 'trit\n\nOne   base-3\ndigit; the amount of information' },
    ];
    expect(answerRank(question, results)).toBe(3);
    expect(answerRank(question, results.slice(0, 2))).toBeUndefined();
  });

  it('computes recall@k and MRR over the questions', async () => {
    const other = { ...question, id: 'r', answer: { ...question.answer, quote: 'never returned' } };
    const score = await scoreRetrieval([question, other], async () => [{ document: 'x', text: '' }, { document: 'jargon-t.md', text: 'One base-3 digit' }], [1, 5]);
    expect(score.recallAt).toEqual({ 1: 0, 5: 0.5 });
    expect(score.mrr).toBe(0.25);
    expect(score.missed).toEqual(['r']);
  });
});
