/**
 * Knowledge bases wired: the repositories, the ingestion queue (started by the caller,
 * like the test-run queue) and the service the routes and the runtime use.
 */
import type { Logger } from 'pino';
import { createIngestionQueue } from './knowledge/ingestion-queue.ts';
import { createKnowledgeService } from './knowledge/knowledge-service.ts';
import type { Repositories } from './storage/repositories.ts';

export interface KnowledgeOptions {
  repos: Pick<Repositories, 'knowledgeBases' | 'knowledgeIngestion' | 'knowledgeSearch'>;
  logger: Logger;
  /** PARLEY_KNOWLEDGE_LEASE_MS. */
  leaseMs?: number | undefined;
}

export function composeKnowledge(options: KnowledgeOptions) {
  const { repos } = options;
  const queue = createIngestionQueue({ store: repos.knowledgeIngestion, logger: options.logger, ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}) });
  const search = repos.knowledgeSearch.fullText;
  const service = createKnowledgeService({ bases: repos.knowledgeBases, search, wake: () => queue.wake(), mode: 'full_text' });
  return { queue, service, search };
}

export type Knowledge = ReturnType<typeof composeKnowledge>;
