/**
 * Builds the Hono app from injected dependencies. Only `server/main.ts` wires real ones;
 * tests build their own app in-process with a fresh database.
 */
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { createAgentService } from './agents/agent-service.ts';
import type { Clock } from './clock.ts';
import { DomainError } from './errors.ts';
import { composeAuth, type AuthOptions } from './compose-auth.ts';
import { createApiKeysRoutes } from './http/api-keys-routes.ts';
import { createAuthRoutes } from './http/auth-routes.ts';
import { authenticator } from './http/authenticator.ts';
import { bodyLimit } from './http/body-limit.ts';
import { fairAdmission } from './http/fair-admission.ts';
import { withAccessRules } from './http/openapi-access.ts';
import { createSessionCookie } from './http/session-cookie.ts';
import { createUsersRoutes } from './http/users-routes.ts';
import { createAgentsRoutes } from './http/agents-routes.ts';
import { DOCS_CSS, DOCS_PAGE_CSP, renderDocsPage } from './http/docs-page.ts';
import { handleError } from './http/error-handler.ts';
import { createDemoRoutes } from './http/demo-routes.ts';
import { createConsoleRoutes } from './http/console-routes.ts';
import { createAgentTemplatesRoutes } from './http/agent-templates-routes.ts';
import { readAgentTemplates } from './demo/agent-templates.ts';
import { createWidgetConfigRoutes } from './http/widget-config-routes.ts';
import { createWidgetRoutes } from './http/widget-routes.ts';
import { jsonGuard } from './http/json-guard.ts';
import { refuseWhileDraining, type Drain } from './http/drain.ts';
import { createHealthRoutes } from './http/health-routes.ts';
import { createSchemaRoutes } from './http/schema-routes.ts';
import { createRateLimiter, createSharedRateLimiter, type RateLimit } from './http/rate-limiter.ts';
import { createRateLimitBucketsRepo } from './storage/rate-limit-buckets-repo.ts';
import { createClientIp } from './http/client-ip.ts';
import { createTextChatAccess } from './http/text-chat-access.ts';
import { createTextChatRoutes } from './http/text-chat-routes.ts';
import { createVisitorSecretRoutes } from './http/visitor-secret-routes.ts';
import { createStreamSlots, type StreamLimits } from './http/stream-slots.ts';
import { widgetCors } from './http/widget-cors.ts';
import { composeServices, type Services } from './compose-services.ts';
import { addScrapeFigures } from './compose-metrics.ts';
import { createMetricsRoutes } from './http/metrics-routes.ts';
import type { ParleyMetrics } from './metrics/parley-metrics.ts';
import { createAgentTestFoldersRoutes } from './http/agent-test-folders-routes.ts';
import { createAgentTestRunsRoutes } from './http/agent-test-runs-routes.ts';
import { createReplaysRoutes } from './http/replays-routes.ts';
import { createAgentTestsRoutes } from './http/agent-tests-routes.ts';
import { createTestSessionsRoutes } from './http/test-sessions-routes.ts';
import { createCallControlRoutes } from './http/call-control-routes.ts';
import { createInboxRoutes } from './http/inbox-routes.ts';
import { createSavedRepliesRoutes } from './http/saved-replies-routes.ts';
import { createSavedRepliesService } from './inbox/saved-replies-service.ts';
import { createCallDebugRoutes } from './http/call-debug-routes.ts';
import { createShareLinksRoutes } from './http/share-links-routes.ts';
import { createKnowledgeBasesRoutes } from './http/knowledge-bases-routes.ts';
import { createShareLinksService } from './calls/share-links-service.ts';
import { createCallsRoutes } from './http/calls-routes.ts';
import { createErasureRoutes } from './http/erasure-routes.ts';
import { createAuditLogRoutes } from './http/audit-log-routes.ts';
import { createErasureService } from './calls/erasure-service.ts';
import { createSessionsApiRoutes } from './http/sessions-api-routes.ts';
import { createWebhooksRoutes } from './http/webhooks-routes.ts';
import { createWorkspaceSettingsRoutes } from './http/workspace-settings-routes.ts';
import { notFoundOrMethodNotAllowed } from './http/method-not-allowed.ts';
import { createRouter } from './http/openapi-helpers.ts';
import { requestLogger } from './http/request-logger.ts';
import { traceRequests } from './http/trace-requests.ts';
import { responseHeaders } from './http/response-headers.ts';
import type { LlmClient } from './llm/types.ts';
import type { DatabaseHandle } from './storage/database.ts';
import type { Repositories } from './storage/repositories.ts';
import { repositoryPath } from './repository-root.ts';

export interface AppDeps {
  database: DatabaseHandle;
  repos: Repositories;
  llm: LlmClient;
  logger: Logger;
  clock: Clock;
  version: string;
  /**
   * The origin browsers reach this server at (`PARLEY_PUBLIC_URL`): the widget's "own
   * origin" and the base of links the API hands out — never the request's `Host` header,
   * which a DNS-rebinding page controls. Read per request because with PORT=0 it names a
   * port known only once the server listens.
   */
  publicUrl: () => string;
  /** Calls, session runtime and agent testing (`composeServices`); built with defaults when not given. */
  services?: Services;
  /** Where the built widget bundle is (default `widget/dist`). */
  widgetDir?: string;
  /** The demo site's pages and assets (default `demo/site`). */
  siteDir?: string;
  /** Where the built console is (default `console/dist`). */
  consoleDir?: string;
  /** Public (widget) rate limits. */
  rateLimits?: { perIp: RateLimit; perSession: RateLimit };
  /** Open `/events` streams per session and per client address (default 5 and 20). */
  streamLimits?: StreamLimits;
  /** The background workers `/health/ready` requires running (the server's four; none by default). */
  workers?: () => Record<string, { readonly running: boolean }>;
  /** Graceful shutdown: refuses new requests while draining, ends `/events` streams (see `createDrain`). */
  drain?: Pick<Drain, 'draining' | 'signal'>;
  /** Reverse proxies in front whose `X-Forwarded-For` entries are believed (`PARLEY_TRUST_PROXY`; default 0). */
  trustProxyHops?: number;
  /** Console sign-in: password hashing, session lifetimes, sign-in throttling (defaults when not given). */
  auth?: AuthOptions;
  /**
   * Metrics on: what the services measure, served at `/metrics` on this app only with
   * `metricsToken` (PARLEY_METRICS_TOKEN); without a token they are served on
   * PARLEY_METRICS_PORT alone (server/main.ts). Pass the same object to `composeServices`.
   */
  metrics?: ParleyMetrics;
  metricsToken?: string | undefined;
  /**
   * Tracing on (OTEL_EXPORTER_OTLP_ENDPOINT, server/tracing/start-tracing.ts): a server span
   * per request. Pass the same tracer to `composeServices` and `createRepositories`.
   */
  tracer?: Tracer | undefined;
}

const DEFAULT_RATE_LIMITS = {
  perIp: { capacity: 120, perMinute: 120 },
  perSession: { capacity: 20, perMinute: 30 },
};

const MAX_BODY_BYTES = 1024 * 1024;
/** Documents uploaded to a knowledge base (a PDF is easily over 1 MB); their extracted text is bounded on its own. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const UPLOAD_PATH = /^\/v1\/knowledge-bases\/[^/]+\/documents(\/[^/]+)?$/;

/** The demo site features the first workspace's agents whose widget is on (the demo agents). */
async function listDemoAgents(repos: Repositories) {
  const workspace = await repos.workspaces.first();
  if (!workspace) return [];
  const agents = await repos.agents.list(workspace.id, { limit: 50 });
  return agents.filter((a) => a.config.widget.enabled).reverse().map((a) => ({ publicId: a.publicId, name: a.config.name }));
}

export function createApp(deps: AppDeps) {
  const { repos } = deps;
  const app = createRouter();
  const { calls, runtime, testing, live, inbox, demoTools, knowledge } = deps.services ?? composeServices({ repos, llm: deps.llm, clock: deps.clock, logger: deps.logger, metrics: deps.metrics, tracer: deps.tracer });
  const agentService = createAgentService({ agents: repos.agents, knowledge: knowledge.service });
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const publicOrigin = () => new URL(deps.publicUrl()).origin;
  const trustedHops = deps.trustProxyHops ?? 0;
  const clientIp = createClientIp({ trustedHops });
  const auth = composeAuth({ repos, clock: deps.clock, publicUrl: deps.publicUrl }, deps.auth);
  const cookie = createSessionCookie({ publicUrl: deps.publicUrl, trustedHops });
  const shareLinks = createShareLinksService({ links: repos.shareLinks, sessions: repos.sessions, agents: repos.agents });

  if (deps.tracer) app.use('*', traceRequests(deps.tracer));
  app.use('*', responseHeaders());
  app.use('*', requestLogger(deps.logger));
  app.use('*', fairAdmission());
  if (deps.drain) app.use('*', refuseWhileDraining(deps.drain));
  const bodyLimits = {
    json: bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new DomainError('payload_too_large', 'Request body is larger than 1 MB'); } }),
    upload: bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: () => { throw new DomainError('payload_too_large', 'An upload is at most 10 MB'); } }),
  };
  app.use('*', (c, next) => (UPLOAD_PATH.test(c.req.path) ? bodyLimits.upload : bodyLimits.json)(c, next));
  app.use('*', jsonGuard());
  app.use('/v1/*', authenticator({ apiKeys: repos.apiKeys, sessions: auth.sessions, cookie, publicOrigin }));

  const drain = deps.drain;
  app.route(
    '/',
    createHealthRoutes({
      db: deps.database.db,
      llmConfigured: deps.llm.configured,
      version: deps.version,
      pendingMigrations: () => deps.database.pendingMigrations(),
      ...(deps.workers ? { workers: deps.workers } : {}),
      ...(drain ? { draining: () => drain.draining } : {}),
    }),
  );
  if (deps.metrics) addScrapeFigures(deps.metrics, deps.database, deps.clock);
  if (deps.metrics && deps.metricsToken) app.route('/', createMetricsRoutes({ metrics: deps.metrics, token: deps.metricsToken }));
  app.route('/', createSchemaRoutes({ publicUrl: deps.publicUrl }));
  app.route('/', createTestSessionsRoutes({ testSessions: testing.testSessions }));
  // Before the agents routes: `/v1/agents/{id}` would take `/v1/agents/tests`; runs and folders before `{test_id}`.
  app.route('/', createAgentTestRunsRoutes({ runs: testing.runs }));
  app.route('/', createReplaysRoutes({ replays: testing.replays }));
  app.route('/', createAgentTestFoldersRoutes({ folders: testing.folders }));
  app.route('/', createAgentTestsRoutes({ tests: testing.tests, sessions: repos.sessions, agents: repos.agents }));
  app.route('/', createAgentsRoutes({ agentService, agents: repos.agents }));
  app.route('/', createVisitorSecretRoutes({ agents: agentService, secrets: repos.visitorSecrets }));
  app.route('/', createAgentTemplatesRoutes({ templates: { list: () => readAgentTemplates() } }));
  // `/v1/calls/summary` before `/v1/calls/{call_id}`: the calls routes register it first.
  app.route('/', createCallsRoutes({ calls: calls.calls, deliveries: repos.webhookDeliveries, debugLinks: repos.debugLinks, publicOrigin }));
  app.route('/', createAuditLogRoutes({ auditLog: repos.auditLog }));
  app.route('/', createErasureRoutes({ erasure: createErasureService({ erasure: repos.erasure }), retention: repos.retention }));
  app.route('/', createCallControlRoutes({ calls: calls.calls, control: live.control, gathers: live.gathers }));
  app.route('/', createInboxRoutes({ calls: calls.calls, inbox, bus: runtime.bus, typing: runtime.events, closing: deps.drain?.signal }));
  app.route('/', createSavedRepliesRoutes({ replies: createSavedRepliesService({ replies: repos.savedReplies }) }));
  app.route('/', createWebhooksRoutes({ webhooks: calls.webhooks.service, log: calls.webhooks.log }));
  app.route('/', createWorkspaceSettingsRoutes({ settings: repos.workspaceSettings }));
  app.route('/', createAuthRoutes({ signIn: auth.signIn, links: auth.links, sessions: auth.sessions, cookie, clientIp }));
  app.route('/', createUsersRoutes({ users: auth.users }));
  app.route('/', createApiKeysRoutes({ apiKeys: repos.apiKeys }));
  app.route('/', createKnowledgeBasesRoutes({ knowledge: knowledge.service }));
  app.route('/', createShareLinksRoutes({ calls: calls.calls, shareLinks, publicOrigin }));
  app.route('/', createCallDebugRoutes({ debugLinks: repos.debugLinks, sessions: repos.sessions, clock: deps.clock }));
  app.route('/', createSessionsApiRoutes({ repos, runtime }));
  app.route('/', demoTools);
  app.route('/', createWidgetRoutes({ widgetDir: deps.widgetDir ?? repositoryPath('widget', 'dist') }));
  app.route('/', createConsoleRoutes({ consoleDir: deps.consoleDir ?? repositoryPath('console', 'dist'), shareLinks }));
  app.route('/', createDemoRoutes({ siteDir: deps.siteDir ?? repositoryPath('demo', 'site'), agents: { list: () => listDemoAgents(repos) } }));
  app.use('/workflow/:id/*', widgetCors({ agents: repos.agents, publicOrigin }));
  const access = createTextChatAccess(repos, { publicOrigin, console: { sessions: auth.sessions, cookie } });
  // On Postgres several processes may serve: their limits spend from the same buckets.
  const buckets = deps.database.dialect === 'postgres' ? createRateLimitBucketsRepo(deps.database.db) : undefined;
  const limiter = (name: string, limit: RateLimit) => (buckets ? createSharedRateLimiter(name, limit, deps.clock, buckets) : createRateLimiter(limit, deps.clock));
  const ipLimiter = limiter('ip', limits.perIp);
  app.route('/', createWidgetConfigRoutes({ access, ipLimiter, clientIp }));
  app.route(
    '/',
    createTextChatRoutes({
      access,
      sessions: runtime.sessions,
      turns: runtime.turns,
      events: runtime.events,
      ipLimiter,
      clientIp,
      sessionLimiter: limiter('session', limits.perSession),
      gathers: live.gathers,
      streams: createStreamSlots(deps.streamLimits),
      closing: deps.drain?.signal,
      visitorSecrets: repos.visitorSecrets,
      clock: deps.clock,
    }),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', description: 'pk_live_… API key' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKeyHeader', { type: 'apiKey', in: 'header', name: 'x-api-key' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'consoleSession', {
    type: 'apiKey',
    in: 'cookie',
    name: 'parley_session',
    description: 'The console session (POST /v1/auth/sign-in); writes also send its csrf_token as x-csrf-token',
  });
  const openApiConfig = {
    openapi: '3.1.0',
    info: { title: 'Parley', version: deps.version, description: 'Self-hosted runtime for conversational agents.' },
  };
  const openApiDocument = () => withAccessRules(app.getOpenAPI31Document(openApiConfig));
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/docs', (c) => c.html(renderDocsPage(openApiDocument()), 200, { 'content-security-policy': DOCS_PAGE_CSP }));
  app.get('/docs.css', (c) => c.body(DOCS_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));

  const unmatched = notFoundOrMethodNotAllowed(app);
  app.notFound((c) => handleError(unmatched(c), c));
  app.onError(handleError);
  return Object.assign(app, { runtime, agentService, testing, auth, calls: { ...calls, ...live }, inbox, knowledge });
}

export type ParleyApp = ReturnType<typeof createApp>;
