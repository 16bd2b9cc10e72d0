/**
 * What the log never shows, whatever a future log call passes it: passwords, tokens,
 * keys, session cookies and CSRF tokens, at the top level or one level down (a request
 * body, a headers object). The request logger already logs route patterns, not URLs,
 * and no headers or bodies; this is the net under that rule.
 */
import type { LoggerOptions } from 'pino';

const SECRET_FIELDS = ['password', 'token', 'key', 'api_key', 'csrf_token', 'session_token', 'set_password_url', 'secret', 'authorization', 'cookie', '"x-api-key"', '"x-csrf-token"', '"set-cookie"'];

export const LOG_REDACTION: NonNullable<LoggerOptions['redact']> = {
  paths: SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.headers.${field}`]),
  censor: '[redacted]',
};
