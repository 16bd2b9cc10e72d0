/**
 * Grounded answers (issue #17): what an `llm` node searches its knowledge bases for, how
 * the passages found are numbered in the prompt, and which of them the answer's
 * `sources` name — the ones it cites as [n], or all it was given when it cites none.
 */
import type { LlmNode } from '../../../../shared/workflow-schema.ts';
import type { AgentRuntimeConfig, KnowledgeBaseRef, KnowledgeHit, SourceRecord } from '../../types.ts';
import type { HistoryMessage } from '../../workflow-context.ts';
import { ENGLISH_STOP_WORDS } from '../../../storage/english-stop-words.ts';
import { queryTerms } from '../../../storage/text-search-config.ts';

/** Passages put in a prompt. */
export const KNOWLEDGE_PASSAGES = 5;
/** At most this many user messages are searched with: the latest ones carry what "it" and "that" refer to. */
const QUERY_MESSAGES = 3;
/**
 * The latest message alone is searched when it has this many words besides stop words;
 * a shorter one ("and how long does that take?") is read with the ones before it.
 */
const QUERY_WORDS = 4;
const QUERY_CHARS = 1000;
const PASSAGE_CHARS = 1500;
const QUOTE_CHARS = 500;

/** The bases a node searches: the agent's, narrowed by the node's `knowledge_base_ids`. */
export function basesOf(node: LlmNode, agent: AgentRuntimeConfig): KnowledgeBaseRef[] {
  const narrowed = node.knowledge_base_ids;
  return narrowed === undefined ? agent.knowledgeBases : agent.knowledgeBases.filter((base) => narrowed.includes(base.publicId));
}

const meaningfulWords = (text: string): number => queryTerms(text).filter((term) => !ENGLISH_STOP_WORDS.has(term)).length;

/**
 * What to search for: the latest user message, with the ones before it while it says too
 * little on its own (latest last). Searching every recent message would mix earlier topics
 * into each answer's passages, and a full-text search costs about the sum of its words'
 * matches: at 100k passages three messages' words made a retrieval turn ~70 ms (bench/README.md).
 * @example knowledgeQuery([{ role: 'user', content: 'My window broke' }]) // 'My window broke'
 */
export function knowledgeQuery(history: readonly HistoryMessage[]): string {
  const said: string[] = [];
  for (let i = history.length - 1; i >= 0 && said.length < QUERY_MESSAGES; i--) {
    const message = history[i];
    if (message?.role !== 'user') continue;
    said.unshift(message.content);
    if (meaningfulWords(said.join('\n')) >= QUERY_WORDS) break;
  }
  const query = said.join('\n');
  // The newest words matter most: a long history is cut from its start.
  return query.length > QUERY_CHARS ? query.slice(-QUERY_CHARS) : query;
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The prompt section listing the passages as [1]…[k], with the instruction to cite them. */
export function groundingSection(hits: readonly KnowledgeHit[]): string {
  const passages = hits.map((hit, i) => {
    const where = [hit.title, ...hit.headingPath].join(' › ');
    return `[${i + 1}] ${where}\n${clip(hit.text, PASSAGE_CHARS)}`;
  });
  return [
    '## Knowledge base',
    'Answer from these passages when they answer the question, and cite each passage you use by its number in square brackets, like [1]. If they do not answer it, say you do not know rather than guess.',
    ...passages,
  ].join('\n\n');
}

/** The numbers an answer cites as [n], each once, within 1…count. */
function citedNumbers(texts: readonly string[], count: number): Set<number> {
  const cited = new Set<number>();
  for (const match of texts.join('\n').matchAll(/\[(\d{1,2})\]/g)) {
    const index = Number(match[1]);
    if (index >= 1 && index <= count) cited.add(index);
  }
  return cited;
}

/**
 * The sources of an answer: the passages it cites, or all it was given when it cites none.
 * @example sourcesOf(['Covered up to 500 EUR [2].'], hits, bases) // [{ index: 2, … }]
 */
export function sourcesOf(texts: readonly string[], hits: readonly KnowledgeHit[], bases: readonly KnowledgeBaseRef[]): SourceRecord[] {
  const cited = citedNumbers(texts, hits.length);
  const publicIds = new Map(bases.map((base) => [base.id, base.publicId]));
  return hits.flatMap((hit, i) => {
    const index = i + 1;
    if (cited.size > 0 && !cited.has(index)) return [];
    return [{ index, title: hit.title, url: hit.url, quote: clip(hit.text, QUOTE_CHARS), document_id: hit.documentId, knowledge_base_id: publicIds.get(hit.knowledgeBaseId) ?? '' }];
  });
}
