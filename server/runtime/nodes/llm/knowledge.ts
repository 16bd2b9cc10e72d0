/**
 * Picks knowledge-base passages for an `llm` node's prompt. Small knowledge bases go in
 * whole; larger ones are cut into paragraphs ranked by the words they share with the
 * node prompt and the latest user message. No embeddings: it has to work offline.
 */

export interface KnowledgePassage {
  title: string;
  text: string;
}

const PASSAGE_CHARS = 800;

function terms(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []);
}

function passagesOf(doc: { title: string; content: string }): KnowledgePassage[] {
  const passages: KnowledgePassage[] = [];
  let current = '';
  for (const paragraph of doc.content.split(/\n\s*\n/)) {
    const trimmed = paragraph.trim();
    if (trimmed === '') continue;
    if (current !== '' && current.length + trimmed.length > PASSAGE_CHARS) {
      passages.push({ title: doc.title, text: current });
      current = '';
    }
    current = current === '' ? trimmed : `${current}\n\n${trimmed}`;
  }
  if (current !== '') passages.push({ title: doc.title, text: current });
  return passages;
}

/**
 * Choose passages within a character budget.
 * @example selectKnowledge(agent.knowledge, 'refund policy for damaged items', 6000)
 */
export function selectKnowledge(
  docs: readonly { title: string; content: string }[],
  query: string,
  budget: number,
): KnowledgePassage[] {
  const total = docs.reduce((sum, doc) => sum + doc.content.length, 0);
  if (total <= budget) return docs.filter((doc) => doc.content.trim() !== '').map((doc) => ({ title: doc.title, text: doc.content.trim() }));
  const wanted = terms(query);
  const scored = docs
    .flatMap(passagesOf)
    .map((passage, order) => {
      const words = terms(`${passage.title} ${passage.text}`);
      let score = 0;
      for (const word of wanted) if (words.has(word)) score += 1;
      return { passage, order, score };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const chosen: typeof scored = [];
  let used = 0;
  for (const entry of scored) {
    if (used + entry.passage.text.length > budget) continue;
    chosen.push(entry);
    used += entry.passage.text.length;
  }
  // Back in document order, so neighbouring paragraphs still read in sequence.
  return chosen.sort((a, b) => a.order - b.order).map((entry) => entry.passage);
}
