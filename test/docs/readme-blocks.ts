/**
 * The fenced blocks of a Markdown file, each with what the README says to do with it.
 *
 * A block's language decides: `sh`/`bash` blocks are run with bash and `ts` blocks with
 * tsx; `json`, `jsonc`, `yaml`, `html`, `text` and unlabelled blocks are shown, not run;
 * any other language must say what it is with a marker. Markers are HTML comments (not
 * rendered) on the lines right before the fence, one per line:
 *
 *   <!-- example: skip (why) -->          not run: `npm start`, `npm test`, an install
 *   <!-- example: env (why) -->           `export NAME=…` lines the reader fills in; the
 *                                         test sets each of those variables itself
 *   <!-- example: server NAME=VALUE … --> run against a server started with these too
 *   <!-- example: llm -->                 run against a server with an LLM (the fake one)
 *   <!-- example: from PATH -->           the block is a verbatim excerpt of that file
 */

export type BlockKind = 'run' | 'shown' | 'skip' | 'env' | 'from';

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  kind: BlockKind;
  /** Why it is skipped, or what an env block is for. */
  reason?: string;
  /** `server` markers: variables the server must be started with. */
  serverEnv: Record<string, string>;
  /** An `llm` marker: the server needs an LLM. */
  needsLlm: boolean;
  /** A `from` marker: the file (relative to the repository) the block is taken from. */
  from?: string;
}

const RUN_LANGS = new Set(['sh', 'bash', 'ts']);
const SHOWN_LANGS = new Set(['', 'json', 'jsonc', 'yaml', 'html', 'text']);
const MARKER = /^<!--\s*example:\s*(\S+)\s*(.*?)\s*-->$/;
const FENCE = /^ {0,3}(```|~~~)\s*([\w-]*)\s*$/;

/** A mistake in the README's use of the conventions, naming the line. */
export class ReadmeConventionError extends Error {}

function parseMarkers(lines: string[], fenceIndex: number): string[] {
  const markers: string[] = [];
  for (let i = fenceIndex - 1; i >= 0; i -= 1) {
    const text = (lines[i] ?? '').trim();
    if (text === '' && markers.length === 0) continue;
    if (!MARKER.test(text)) break;
    markers.unshift(text);
  }
  return markers;
}

function reasonOf(rest: string, line: number, kind: string): string {
  const match = /^\((.+)\)$/.exec(rest);
  if (!match?.[1]) throw new ReadmeConventionError(`README line ${line}: "example: ${kind}" needs a reason in parentheses`);
  return match[1];
}

function describeBlock(line: number, lang: string, code: string, markers: string[]): ReadmeBlock {
  const block: ReadmeBlock = { line, lang, code, kind: RUN_LANGS.has(lang) ? 'run' : 'shown', serverEnv: {}, needsLlm: false };
  for (const marker of markers) {
    const [, kind = '', rest = ''] = MARKER.exec(marker) ?? [];
    if (kind === 'skip' || kind === 'env') {
      block.kind = kind;
      block.reason = reasonOf(rest, line, kind);
    } else if (kind === 'server') {
      for (const pair of rest.split(/\s+/).filter(Boolean)) {
        const [name, ...value] = pair.split('=');
        if (!name || value.length === 0) throw new ReadmeConventionError(`README line ${line}: "example: server" takes NAME=VALUE pairs, got "${pair}"`);
        block.serverEnv[name] = value.join('=');
      }
    } else if (kind === 'llm') {
      block.needsLlm = true;
    } else if (kind === 'from') {
      if (rest === '') throw new ReadmeConventionError(`README line ${line}: "example: from" names a file`);
      block.kind = 'from';
      block.from = rest;
    } else {
      throw new ReadmeConventionError(`README line ${line}: unknown marker "example: ${kind}" (skip, env, server, llm or from)`);
    }
  }
  if (block.kind === 'shown' && !SHOWN_LANGS.has(lang)) {
    throw new ReadmeConventionError(`README line ${line}: a \`${lang}\` block is neither run nor shown; mark it (example: skip (why), or example: from PATH)`);
  }
  if (block.kind === 'env' && !code.split('\n').every((text) => /^\s*(export\s+[A-Za-z_][A-Za-z0-9_]*=.*|#.*|)$/.test(text))) {
    throw new ReadmeConventionError(`README line ${line}: an env block holds only "export NAME=…" lines`);
  }
  return block;
}

/** Every fenced block of `markdown`, in order. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[1] ?? '```';
    const end = lines.findIndex((text, j) => j > i && text.trim() === fence);
    if (end === -1) throw new ReadmeConventionError(`README line ${i + 1}: a code block that never closes`);
    blocks.push(describeBlock(i + 1, open[2] ?? '', lines.slice(i + 1, end).join('\n'), parseMarkers(lines, i)));
    i = end;
  }
  return blocks;
}

/** The variables an env block asks the reader to set. */
export function envNames(block: ReadmeBlock): string[] {
  return [...block.code.matchAll(/^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1] ?? '');
}

/** One part of a run block: the code, and the answer the README shows for what it printed (if any). */
export interface ExampleStep {
  code: string;
  answer?: string;
}

/**
 * Split a run block at its answers (`# → …` in shell, `// → …` in TypeScript, continued by
 * lines of the comment sign and three spaces).
 */
export function exampleSteps(block: ReadmeBlock): ExampleStep[] {
  const sign = block.lang === 'ts' ? '//' : '#';
  const answerStart = new RegExp(`^\\s*${sign} → ?(.*)$`);
  const continuation = new RegExp(`^\\s*${sign} {3}(.*)$`);
  const steps: ExampleStep[] = [];
  let code: string[] = [];
  let answer: string[] | undefined;
  const flush = () => {
    if (answer !== undefined) steps.push({ code: code.join('\n'), answer: answer.join('\n') });
    else if (code.some((text) => text.trim() !== '')) steps.push({ code: code.join('\n') });
    code = [];
    answer = undefined;
  };
  for (const text of block.code.split('\n')) {
    const start = answerStart.exec(text);
    const more = continuation.exec(text);
    if (start) {
      if (answer !== undefined) flush();
      answer = [start[1] ?? ''];
    } else if (answer !== undefined && more) {
      answer.push(more[1] ?? '');
    } else {
      if (answer !== undefined) flush();
      code.push(text);
    }
  }
  flush();
  return steps;
}

/** Shell variables a block assigns (`NAME=…`, `export NAME=…`), to carry into later blocks. */
export function assignedNames(code: string): string[] {
  return [...new Set([...code.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1] ?? ''))];
}
