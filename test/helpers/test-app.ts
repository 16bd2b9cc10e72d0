/**
 * Builds a whole Parley app in-process on a fresh database, for `app.request()` tests.
 */
import pino, { type Logger } from 'pino';
import { createApp, type AppDeps, type ParleyApp } from '../../server/app.ts';
import { bootstrapWorkspace } from '../../server/bootstrap.ts';
import { systemClock, type Clock } from '../../server/clock.ts';
import type { AuthOptions } from '../../server/compose-auth.ts';
import { composeServices } from '../../server/compose-services.ts';
import type { ModelPrice } from '../../server/llm/pricing.ts';
import type { ToolOptions } from '../../server/tools/compose-tools.ts';
import type { WebhookOptions } from '../../server/webhooks/compose-webhooks.ts';
import { createEmbedder } from '../../server/llm/create-embedder.ts';
import { createLlmClient } from '../../server/llm/create-llm-client.ts';
import type { LlmClient } from '../../server/llm/types.ts';
import { openDatabase, type DatabaseHandle } from '../../server/storage/database.ts';
import { createRepositories, type Repositories } from '../../server/storage/repositories.ts';
import { dropSchema, type TestDatabase } from './test-databases.ts';

export interface TestApp {
  app: ParleyApp;
  /** Where its database is, for a second instance (`sameDatabaseAs`). */
  location: { url: string; schema?: string };
  database: DatabaseHandle;
  repos: Repositories;
  /** The admin key of workspace 1. */
  key: string;
  workspaceId: number;
  /** `app.request` with the key and JSON body filled in. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  llm?: LlmClient;
  /** Base URL of a fake LLM: builds a real client pointed at it. */
  llmUrl?: string;
  clock?: Clock;
  /** PARLEY_EMBEDDING_MODEL: embeddings from the fake LLM at `llmUrl` (required with it). */
  embeddingModel?: string;
  /** PARLEY_JUDGE_MODEL for agent tests. */
  judgeModel?: string;
  /** Start the agent test run queue and the replay worker (default true), as the server does. */
  startTestRuns?: boolean;
  /**
   * Webhook settings. Private (local) targets are allowed here by default, so receivers
   * can listen on 127.0.0.1; the delivery worker is not started — call
   * `app.calls.webhooks.worker.runDue()`.
   */
  webhooks?: Partial<WebhookOptions>;
  /**
   * Tool settings. Private (local) targets are allowed here by default — the explicit
   * opt-in a server gets from PARLEY_ALLOW_PRIVATE_TOOLS=1 — so tool servers can listen
   * on 127.0.0.1. Pass `{ allowPrivate: false }` to test as a server runs by default.
   */
  tools?: Partial<ToolOptions>;
  /** Model prices (USD per million tokens) over the built-in table. */
  prices?: Record<string, ModelPrice>;
  /** Serve the widget bundle from here (browser tests build their own). */
  widgetDir?: string;
  /** Serve the console from here (browser tests build their own). */
  consoleDir?: string;
  /**
   * The server's public URL; `app.request('/path')` sends `http://localhost/path`, so that
   * is the default. A server on a real port passes a function reading its address.
   */
  publicUrl?: () => string;
  /** Public (widget) rate limits, and how many proxies' X-Forwarded-For entries to believe. */
  rateLimits?: AppDeps['rateLimits'];
  trustProxyHops?: number;
  /** Console sign-in settings (a cheap password hasher, session lifetimes, throttle limits). */
  auth?: AuthOptions;
  /** Graceful shutdown's drain and the background workers readiness requires (the server passes both). */
  drain?: AppDeps['drain'];
  workers?: AppDeps['workers'];
  /** Metrics on: measured by the services, served at `/metrics` with `metricsToken`. */
  metrics?: AppDeps['metrics'];
  metricsToken?: string;
  /** Where the app logs (default: nowhere). */
  logger?: Logger;
  /**
   * A second app instance — its own connection, services and in-memory state — on the
   * database of a first one, as a second server process would be. Closing it leaves the
   * database to the first.
   */
  sameDatabaseAs?: TestApp;
}

export async function createTestApp(target: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const shared = options.sameDatabaseAs;
  const fresh = shared?.location ?? target.fresh();
  const database = await openDatabase(fresh.schema ? { url: fresh.url, schema: fresh.schema } : { url: fresh.url });
  const clock = options.clock ?? systemClock;
  const repos = createRepositories(database.db, clock);
  const llm =
    options.llm ??
    createLlmClient(options.llmUrl ? { baseURL: options.llmUrl, apiKey: 'test', model: 'fake-model', maxRetries: 0, timeoutMs: 5000 } : { model: 'fake-model' });
  if (options.embeddingModel && !options.llmUrl) throw new Error('embeddingModel needs llmUrl: the fake LLM answers /embeddings');
  const embedder = options.embeddingModel ? createEmbedder({ model: options.embeddingModel, baseURL: options.llmUrl, apiKey: 'test', maxRetries: 0, timeoutMs: 5000 }) : undefined;
  const boot = shared ? { workspaceId: shared.workspaceId, generatedKey: shared.key } : await bootstrapWorkspace(repos, undefined);
  const key = boot.generatedKey;
  if (!key) throw new Error('bootstrap did not generate a key on a fresh database');
  const logger = options.logger ?? pino({ level: 'silent' });
  const services = composeServices({
    repos,
    llm,
    clock,
    logger,
    judgeModel: options.judgeModel,
    embedder,
    prices: options.prices,
    webhooks: { allowPrivate: true, ...options.webhooks },
    tools: { allowPrivate: true, ...options.tools },
    metrics: options.metrics,
  });
  const app = createApp({
    database,
    repos,
    llm,
    logger,
    clock,
    version: 'test',
    services,
    publicUrl: options.publicUrl ?? (() => 'http://localhost'),
    ...(options.widgetDir ? { widgetDir: options.widgetDir } : {}),
    ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.trustProxyHops !== undefined ? { trustProxyHops: options.trustProxyHops } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.drain ? { drain: options.drain } : {}),
    ...(options.workers ? { workers: options.workers } : {}),
    ...(options.metrics ? { metrics: options.metrics, metricsToken: options.metricsToken } : {}),
  });
  if (options.startTestRuns ?? true) {
    await app.testing.queue.start();
    app.testing.replayWorker.start();
  }
  app.knowledge.queue.start();

  return {
    app,
    location: fresh,
    database,
    repos,
    key,
    workspaceId: boot.workspaceId,
    call(method, path, body, headers = {}) {
      return Promise.resolve(
        app.request(path, {
          method,
          headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      );
    },
    async close() {
      await app.testing.queue.stop();
      await app.testing.replayWorker.stop();
      await app.knowledge.queue.stop();
      await database.close();
      if (fresh.schema && !shared) await dropSchema(fresh.url, fresh.schema);
    },
  };
}
