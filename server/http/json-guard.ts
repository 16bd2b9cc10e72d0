/**
 * The body-parsing boundary of every route: JSON bodies (the media types Hono's validator
 * parses) are checked against `findJsonProblem` before any route reads them, and a URL
 * carrying `%00` is refused, so no client string with U+0000 reaches storage. Refusals are
 * 400s naming the field; the route's schema still validates the body afterwards.
 */
import { createMiddleware } from 'hono/factory';
import { DomainError } from '../errors.ts';
import type { AppEnv } from './app-env.ts';
import { findJsonProblem, MAX_JSON_DEPTH } from './json-limits.ts';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const NUL_MESSAGE = 'text must not contain the NUL character (U+0000)';

function isJson(contentType: string | undefined): boolean {
  return JSON_MEDIA_TYPE.test((contentType ?? '').split(';')[0]?.trim() ?? '');
}

export function jsonGuard() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (/%00/.test(c.req.url)) throw new DomainError('invalid_text', `URL: ${NUL_MESSAGE}`);
    if (!isJson(c.req.header('content-type'))) return next();
    // Read once: Hono caches the text, and the route's validator parses it again from there.
    const text = await c.req.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // Empty or malformed: the validator answers that with its own 400.
      return next();
    }
    const problem = findJsonProblem(value);
    if (problem?.kind === 'too_deep') throw new DomainError('json_too_deep', `body: JSON is nested more than ${MAX_JSON_DEPTH} levels deep`);
    if (problem?.kind === 'nul') throw new DomainError('invalid_text', `${['body', ...problem.path].join('.')}: ${NUL_MESSAGE}`);
    return next();
  });
}
