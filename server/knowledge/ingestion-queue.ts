/**
 * Ingests queued documents one at a time per process: claim one with a lease (renewed
 * while it is worked on), cut it into passages, embed them when an embedder is given, and
 * record them. The queue is the documents table, so a restart or a second process finishes
 * what another left (its lease runs out). A document that cannot be ingested ends `failed`
 * with the reason. Enqueuers call `wake()`; `pollMs` picks up other processes' documents.
 */
import type { Logger } from 'pino';
import { createLeasedWorker, type LeasedJobs, type LeasedWorker } from '../background/leased-worker.ts';
import type { Timers } from '../background/timers.ts';
import type { IngestionJob, PassageToStore } from '../storage/knowledge-ingestion-repo.ts';
import { splitPassages } from './split-passages.ts';

export const DEFAULT_INGESTION_LEASE_MS = 60_000;

/** The narrow port of the queue's storage. */
export interface IngestionStore extends LeasedJobs<IngestionJob> {
  complete(job: IngestionJob, passages: readonly PassageToStore[]): Promise<boolean>;
  fail(job: IngestionJob, reason: string): Promise<void>;
}

/** Embeds passage texts (with their context) in order; absent without an embedding model. */
export interface PassageEmbedder {
  readonly model: string;
  embed(texts: readonly string[], signal: AbortSignal): Promise<Float32Array[]>;
}

export interface IngestionQueueDeps {
  store: IngestionStore;
  logger: Logger;
  embedder?: PassageEmbedder | undefined;
  leaseMs?: number;
  timers?: Timers;
}

export type IngestionQueue = LeasedWorker;

/** What an embedding sees of a passage: where it sits, then its text. */
export function passageContext(title: string, headingPath: readonly string[], text: string): string {
  return [[title, ...headingPath].join(' › '), text].join('\n');
}

export function createIngestionQueue(deps: IngestionQueueDeps): IngestionQueue {
  async function ingest(job: IngestionJob, signal: AbortSignal): Promise<void> {
    const split = splitPassages(job.content);
    if (split.length === 0) return deps.store.fail(job, 'The document holds no text to search.');
    let passages: PassageToStore[] = split;
    const { embedder } = deps;
    if (embedder) {
      // The endpoint's SDK already retried with backoff; what still fails is reported on the
      // document (replacing it queues it again) rather than retried by lease for ever.
      try {
        const vectors = await embedder.embed(split.map((p) => passageContext(job.title, p.headingPath, p.text)), signal);
        passages = split.map((p, i) => {
          const vector = vectors[i];
          return vector ? { ...p, embedding: { model: embedder.model, vector } } : p;
        });
      } catch (error) {
        if (signal.aborted) return; // Stopping: the lease runs out and another pass takes it again.
        return deps.store.fail(job, `Embedding the passages failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await deps.store.complete(job, passages);
  }

  return createLeasedWorker({
    name: 'ingesting knowledge documents',
    jobs: deps.store,
    idOf: (job) => job.documentId,
    async work(job, signal) {
      try {
        await ingest(job, signal);
      } catch (error) {
        deps.logger.error({ err: error, document_id: job.documentId }, 'ingesting a document failed');
        await deps.store.fail(job, `Ingestion failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    leaseMs: deps.leaseMs ?? DEFAULT_INGESTION_LEASE_MS,
    logger: deps.logger,
    timers: deps.timers,
  });
}
