/**
 * The one place a regular expression written by a tenant is compiled: an `ask` node's
 * `expect.pattern`, a branch's `matches`, an agent test's `regex` parameter check.
 *
 * They run on RE2JS, a linear-time engine (RE2 semantics): matching takes time
 * proportional to the pattern's size times the input's length, never exponential, so
 * `^(a+)+$` against "aaaa…!" answers at once instead of freezing the server (ReDoS).
 *
 * Syntax is RE2's (https://github.com/google/re2/wiki/Syntax), and the JavaScript
 * spellings people paste from elsewhere are read as JavaScript reads them: `\uXXXX`,
 * `\u{…}`, `(?<name>…)`, `\cX`, `[^]`. A pattern means what the same string means as a
 * JavaScript `RegExp` without flags: case-sensitive, `.` stops at a newline, `^`/`$`
 * are the ends of the whole text, and the pattern is found anywhere unless anchored;
 * `\d`, `\w` and `\b` are ASCII in both. The differences: `\s` is ASCII whitespace
 * (`[\t\n\f\r ]`); `\p{L}`, `\pN`, `\p{Greek}` are Unicode classes (a flagless
 * JavaScript RegExp reads them as the letters `p{L}`); inline flags `(?i)`, `(?s)`,
 * `(?m)` turn on case-insensitivity, dot-matches-newline and multi-line anchors.
 *
 * Backreferences, lookahead and lookbehind cannot run in linear time and are refused
 * with a message saying so; so is a pattern whose compiled program is too large
 * (a linear engine is still linear in the pattern's size).
 */
import { RE2JS, RE2JSException } from 're2js';

/** A compiled tenant pattern. */
export interface TenantRegex {
  /** The pattern as the tenant wrote it. */
  readonly source: string;
  /** Whether the pattern matches anywhere in `text`, like `RegExp.prototype.test`. */
  test(text: string): boolean;
}

export type TenantRegexResult = { ok: true; regex: TenantRegex } | { ok: false; problem: string };

/** Longest pattern accepted, in characters. */
export const MAX_TENANT_PATTERN_LENGTH = 1000;
/**
 * Largest compiled program accepted, in RE2 instructions. Matching costs about this many
 * steps per input character at worst; `^.{1,400}$` needs ~800, everyday patterns < 30.
 */
export const MAX_TENANT_PROGRAM_SIZE = 1000;

/**
 * Most work one match may take: program size × text length. Linear is not free — a
 * 4,000-instruction pattern held the event loop for 0.6 s on an 8,000-character message,
 * and every tenant shares that loop. At the engine's worst (~20–30 ns a step here) this
 * bounds one match to about 30–50 ms. A text longer than the pattern's share is not matched
 * (fails closed): a 10-instruction pattern reads up to 120,000 characters, the largest
 * pattern 1,200.
 */
export const MAX_TENANT_MATCH_COST = 1_200_000;

/** Compiled patterns, by source: a turn tests the same few patterns again and again. */
const COMPILED_CACHE_SIZE = 256;

const WHY = 'patterns run on a linear-time engine (RE2 syntax)';

/**
 * The constructs RE2 lacks, named plainly: RE2's own errors for them ("invalid escape
 * sequence", "invalid named capture") would not tell an author what to change, and
 * JavaScript's `\k<name>` would otherwise be read as the letters `k<name>`.
 */
function unsupportedConstruct(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && next >= '1' && next <= '9') return `backreferences such as \\${next} are not supported: ${WHY}`;
      if (!inClass && next === 'k' && pattern[i + 2] === '<') return `named backreferences (\\k<name>) are not supported: ${WHY}`;
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (pattern.startsWith('(?=', i) || pattern.startsWith('(?!', i)) {
      return `lookahead (?= or (?! is not supported: ${WHY}`;
    } else if (pattern.startsWith('(?<=', i) || pattern.startsWith('(?<!', i)) {
      return `lookbehind (?<= or (?<! is not supported: ${WHY}`;
    }
  }
  return undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof RE2JSException)) throw error;
  // RE2 quotes the rest of the pattern from the fault on: a long one would drown the message.
  return error.message.replace(/^error parsing regexp: /, '').replace(/`([^`]{40})[^`]+`/, '`$1…`');
}

/**
 * Compile a tenant's pattern for the linear-time engine.
 * @example
 * const compiled = compileTenantRegex('^\\d{6}$');
 * if (compiled.ok) compiled.regex.test('123456'); // true
 * compileTenantRegex('(a)\\1'); // { ok: false, problem: 'backreferences such as \\1 are not supported: …' }
 */
export function compileTenantRegex(pattern: string): TenantRegexResult {
  if (pattern.length > MAX_TENANT_PATTERN_LENGTH) {
    return { ok: false, problem: `the pattern is longer than ${MAX_TENANT_PATTERN_LENGTH} characters` };
  }
  const unsupported = unsupportedConstruct(pattern);
  if (unsupported !== undefined) return { ok: false, problem: unsupported };
  let engine: RE2JS;
  try {
    engine = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (error) {
    return { ok: false, problem: describe(error) };
  }
  if (engine.programSize() > MAX_TENANT_PROGRAM_SIZE) {
    return { ok: false, problem: `the pattern is too large (${engine.programSize()} instructions compiled, at most ${MAX_TENANT_PROGRAM_SIZE}): use smaller repeat counts` };
  }
  const size = engine.programSize();
  return { ok: true, regex: { source: pattern, test: (text) => size * text.length <= MAX_TENANT_MATCH_COST && engine.test(text) } };
}

/**
 * `compileTenantRegex`, remembered for the most recent patterns. Compiling costs ~0.3 ms,
 * and the engine keeps what it learns about a pattern between matches. The memo holds
 * only immutable compiled patterns, so sharing it across workspaces leaks nothing.
 */
function compileCached(cache: Map<string, TenantRegexResult>, pattern: string): TenantRegexResult {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const compiled = compileTenantRegex(pattern);
  if (cache.size >= COMPILED_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, compiled);
  return compiled;
}
const compiledPatterns = new Map<string, TenantRegexResult>();

/**
 * Why a pattern cannot be used, or `undefined` when it can: for validators.
 * @example tenantRegexProblem('(?=a)') // 'lookahead (?= or (?! is not supported: …'
 */
export function tenantRegexProblem(pattern: string): string | undefined {
  const compiled = compileTenantRegex(pattern);
  return compiled.ok ? undefined : compiled.problem;
}

/**
 * Test a stored pattern against a text, failing closed: a pattern saved before the
 * engine refused it (a lookahead accepted by an older version), or a text longer than
 * the pattern's share of MAX_TENANT_MATCH_COST, matches nothing rather than breaking the
 * conversation or stalling the server.
 * @example matchesTenantRegex('^\\d{6}$', '123456') // true
 */
export function matchesTenantRegex(pattern: string, text: string): boolean {
  const compiled = compileCached(compiledPatterns, pattern);
  return compiled.ok && compiled.regex.test(text);
}
