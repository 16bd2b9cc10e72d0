import type { z } from 'zod';

/** One problem with a request or document: where it is (`body.nodes.lookup.tool`) and what is wrong. */
export interface ProblemDetail {
  path: string;
  message: string;
}

/** A sentence lists this many problems; `details` carries the rest, up to its own bound. */
const PROBLEMS_IN_MESSAGE = 10;
/** A huge invalid array yields an issue per element; the answer stays a bounded size. */
const MAX_DETAILS = 100;

const joinPath = (parts: readonly (string | undefined)[]) => parts.filter(Boolean).join('.');

/**
 * Every issue as a path and a message. An unrecognised key becomes one problem per key, at
 * the key's own path, so a typo (`contents` for `content`) is named rather than hidden
 * behind the "required" problem it also causes.
 */
export function describeZodIssues(error: z.ZodError, target?: string): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ path: joinPath([target, ...base, key]), message: 'unknown field (not accepted here; check its spelling)' });
    } else {
      details.push({ path: joinPath([target, ...base]), message: issue.message });
    }
  }
  return details.slice(0, MAX_DETAILS);
}

/**
 * `body.content: Invalid input; body.contents: unknown field …` — every problem, each naming
 * the field it is about. Shared by the HTTP layer and by domain code that reports a stored
 * document's problems.
 */
export function describeZodError(error: z.ZodError, target?: string): string {
  return describeProblems(describeZodIssues(error, target), error.issues.length);
}

/** The readable sentence for a list of problems; `total` counts problems not in the list. */
export function describeProblems(details: readonly ProblemDetail[], total = details.length): string {
  if (details.length === 0) return 'Invalid request';
  const shown = details.slice(0, PROBLEMS_IN_MESSAGE).map(({ path, message }) => `${path ? `${path}: ` : ''}${message}`);
  const hidden = Math.max(details.length, total) - shown.length;
  const extra = hidden > 0 ? ` (and ${hidden} more problem${hidden > 1 ? 's' : ''})` : '';
  return `${shown.join('; ')}${extra}`;
}
