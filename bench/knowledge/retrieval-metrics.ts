/**
 * Scores a search function against the evaluation set (`questions.json`): recall@k (the
 * share of questions whose answering passage is among the first k results) and MRR (the
 * mean of 1 / rank of the first answering passage, 0 when it is not returned).
 *
 * A passage answers a question when it comes from the named document and contains the
 * question's quote, compared with whitespace collapsed — so the score does not depend on
 * where ingestion cut the text.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const evaluationQuestionSchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.object({ document: z.string(), heading: z.string(), quote: z.string() }),
});
export type EvaluationQuestion = z.infer<typeof evaluationQuestionSchema>;

/** One ranked result as the metrics need it: which document it came from, and its text. */
export interface RankedPassage {
  document: string;
  text: string;
}

export interface RetrievalScore {
  questions: number;
  recallAt: Record<number, number>;
  mrr: number;
  /** Ids of the questions whose passage was not in the results at all. */
  missed: string[];
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function readEvaluationQuestions(path = new URL('./questions.json', import.meta.url).pathname): EvaluationQuestion[] {
  return z.array(evaluationQuestionSchema).parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** The 1-based rank of the first passage answering `question`, or undefined. */
export function answerRank(question: EvaluationQuestion, results: readonly RankedPassage[]): number | undefined {
  const quote = collapse(question.answer.quote);
  const index = results.findIndex((r) => r.document === question.answer.document && collapse(r.text).includes(quote));
  return index === -1 ? undefined : index + 1;
}

export async function scoreRetrieval(
  questions: readonly EvaluationQuestion[],
  search: (question: string) => Promise<readonly RankedPassage[]>,
  ks: readonly number[] = [1, 5, 10],
): Promise<RetrievalScore> {
  const ranks: (number | undefined)[] = [];
  for (const question of questions) ranks.push(answerRank(question, await search(question.question)));
  const recallAt: Record<number, number> = {};
  for (const k of ks) recallAt[k] = ranks.filter((r) => r !== undefined && r <= k).length / questions.length;
  const mrr = ranks.reduce<number>((sum, r) => sum + (r === undefined ? 0 : 1 / r), 0) / questions.length;
  return { questions: questions.length, recallAt, mrr, missed: questions.filter((_, i) => ranks[i] === undefined).map((q) => q.id) };
}
