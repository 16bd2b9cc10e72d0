/**
 * Knowledge bases wired: the repositories, the ingestion queue (started by the caller,
 * like the test-run queue) and the service the routes and the runtime use.
 */
import type { Logger } from 'pino';
import { createHybridSearch } from './knowledge/hybrid-search.ts';
import { createIngestionQueue } from './knowledge/ingestion-queue.ts';
import { createKnowledgeService } from './knowledge/knowledge-service.ts';
import type { Embedder } from './llm/create-embedder.ts';
import type { Repositories } from './storage/repositories.ts';

export interface KnowledgeOptions {
  repos: Pick<Repositories, 'knowledgeBases' | 'knowledgeIngestion' | 'knowledgeSearch'>;
  logger: Logger;
  /** PARLEY_KNOWLEDGE_LEASE_MS. */
  leaseMs?: number | undefined;
  /** PARLEY_EMBEDDING_MODEL set: passages are embedded and searches are hybrid. Unset, nothing is embedded. */
  embedder?: Embedder | undefined;
}

export function composeKnowledge(options: KnowledgeOptions) {
  const { repos, embedder } = options;
  const queue = createIngestionQueue({ store: repos.knowledgeIngestion, logger: options.logger, embedder, ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}) });
  const search = embedder ? createHybridSearch({ fullText: repos.knowledgeSearch.fullText, nearest: repos.knowledgeSearch.nearest, embedder }) : repos.knowledgeSearch.fullText;
  const service = createKnowledgeService({ bases: repos.knowledgeBases, search, wake: () => queue.wake(), mode: embedder ? 'hybrid' : 'full_text' });
  return { queue, service, search };
}

export type Knowledge = ReturnType<typeof composeKnowledge>;
