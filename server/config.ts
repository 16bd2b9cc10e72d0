/**
 * Configuration from the environment (DESIGN §8), parsed once with zod at start.
 */
import { z } from 'zod';
import { emailSchema } from '../shared/api/auth-api.ts';
import { API_KEY_PATTERN } from './auth/api-key.ts';
import { trustProxySchema } from './http/client-ip.ts';
import { parsePriceOverrides } from './llm/pricing.ts';
import { publicUrlSchema } from './public-url.ts';
import { DEFAULT_PG_POOL_SIZE } from './storage/database.ts';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  /** The origin browsers reach this server at; unset means `http://HOST:PORT` (see `defaultPublicUrl`). */
  PARLEY_PUBLIC_URL: optionalText.pipe(publicUrlSchema.optional()),
  DATABASE_URL: z.string().default('sqlite:./data/parley.db'),
  /** Postgres only: connections in this process's pool (bench/README.md, "Postgres: what bounds a turn"). */
  PARLEY_PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(DEFAULT_PG_POOL_SIZE),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(z.url().optional()),
  PARLEY_MODEL: z.string().default('gpt-4o-mini'),
  PARLEY_JUDGE_MODEL: optionalText,
  /** Set: knowledge passages are embedded by this model (same endpoint) and searched by vectors too. */
  PARLEY_EMBEDDING_MODEL: optionalText,
  PARLEY_API_KEY: optionalText.pipe(z.string().regex(API_KEY_PATTERN, 'must be pk_live_ + 32 base62 characters').optional()),
  /** The first admin's e-mail, created (invited) while no admin can sign in to the console. */
  PARLEY_ADMIN_EMAIL: optionalText.pipe(emailSchema.optional()).transform((email) => email ?? 'admin@example.com'),
  PARLEY_LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Idle minutes after which a widget/API session is ended by the sweeper. */
  /** Agent test runs executed at once by this process. */
  PARLEY_TEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How long a running test run's claim lasts without its process renewing it. */
  PARLEY_TEST_RUN_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
  PARLEY_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  /** At SIGTERM/SIGINT: how long turns, streams and test runs in progress get to finish. */
  PARLEY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Public (widget) requests per minute per IP, and messages per minute per session. */
  PARLEY_RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  PARLEY_RATE_LIMIT_SESSION_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Reverse proxies in front whose X-Forwarded-For entries name the client: 0/false, 1/true, or N. */
  PARLEY_TRUST_PROXY: trustProxySchema.default(0),
  PARLEY_ALLOW_PRIVATE_WEBHOOKS: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  PARLEY_ALLOW_PRIVATE_TOOLS: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  /** JSON: model → USD per million tokens `{input, output}`, added to the built-in price table. */
  PARLEY_MODEL_PRICES: optionalText.transform((text, ctx) => {
    try {
      return parsePriceOverrides(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  }),
  /** Bearer token that opens `GET /metrics` on the API's port; unset, it answers 404 there. */
  PARLEY_METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** A separate port serving only `/metrics` (keep it private; the token is asked for too when set). */
  PARLEY_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** OpenTelemetry traces go over OTLP/HTTP here when set (the exporter reads its other OTEL_* variables itself). */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(z.url().optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText.pipe(z.url().optional()),
  /** `true` turns tracing off whatever the endpoint (the OpenTelemetry convention). */
  OTEL_SDK_DISABLED: z.string().optional().transform((v) => v?.trim().toLowerCase() === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

/** Parse the environment; a bad value stops the server with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return result.data;
}
