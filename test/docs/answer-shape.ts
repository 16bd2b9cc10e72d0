/**
 * Does what a command printed match the answer a README example shows for it?
 *
 * An answer is written as a comment after the commands it belongs to (`# → …` in shell,
 * `// → …` in TypeScript; lines after it that start with the comment sign and three
 * spaces continue it). `…` marks what the README leaves out:
 *
 * - An answer starting with `{` or `[` is a JSON shape; the output must be one JSON value.
 *   `…` as an object member allows other members (without it the keys must be exactly
 *   those shown); as an array element, any number of further elements there; as a value,
 *   any value; inside a string, any characters (`"wh_…"`). Values of keys naming an id or
 *   a time (`id`, `…_id`, `…_at`, `timestamp`, `ts`) only need the same JSON type: they
 *   differ on every run. Everything else must be equal.
 * - Any other answer is lines of text, matched in order against the output's non-blank
 *   lines: `…` inside a line matches any characters, a line that is only `…` any number
 *   of lines, and a line ending in a JSON shape (`data: {"index":4,…}`) matches that text
 *   followed by JSON fitting the shape.
 */

export const ELLIPSIS = '…';

/** Stands for a bare `…` once the shape is parsed as JSON. */
const ANY = '\u0000any';
/** The member a bare `…` becomes inside an object. */
const OPEN = '\u0000open';

const VOLATILE_KEY = /^(id|.*_id|.*_at|timestamp|ts)$/;

/** Turn a shape into JSON: a bare `…` becomes a marker string (or marker member in an object). */
function shapeToJson(shape: string): string {
  let out = '';
  let inString = false;
  const stack: ('{' | '[')[] = [];
  let expectKey = false;
  for (let i = 0; i < shape.length; i += 1) {
    const ch = shape.charAt(i);
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += shape.charAt(i + 1);
        i += 1;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      expectKey = false;
      out += ch;
    } else if (ch === '{' || ch === '[') {
      stack.push(ch);
      expectKey = ch === '{';
      out += ch;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      expectKey = false;
      out += ch;
    } else if (ch === ',') {
      expectKey = stack.at(-1) === '{';
      out += ch;
    } else if (ch === ELLIPSIS) {
      out += expectKey ? `${JSON.stringify(OPEN)}:null` : JSON.stringify(ANY);
      expectKey = false;
    } else {
      out += ch;
    }
  }
  return out;
}

function glob(pattern: string): RegExp {
  const parts = pattern.split(ELLIPSIS).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*')}$`);
}

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Where `actual` differs from `shape`, as `path: problem` lines; empty when it matches. */
function compare(shape: unknown, actual: unknown, path: string, key: string | undefined): string[] {
  if (shape === ANY) return [];
  if (key !== undefined && VOLATILE_KEY.test(key) && shape !== null && typeOf(shape) === typeOf(actual) && typeOf(shape) !== 'object' && typeOf(shape) !== 'array') return [];
  if (typeof shape === 'string') {
    if (typeof actual !== 'string') return [`${path}: expected a string like ${JSON.stringify(shape)}, got ${JSON.stringify(actual)}`];
    return glob(shape).test(actual) ? [] : [`${path}: expected ${JSON.stringify(shape)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    const gap = shape.indexOf(ANY);
    const head = gap === -1 ? shape : shape.slice(0, gap);
    const tail = gap === -1 ? [] : shape.slice(gap + 1);
    if (gap === -1 ? actual.length !== shape.length : actual.length < head.length + tail.length) {
      return [`${path}: expected ${gap === -1 ? '' : 'at least '}${head.length + tail.length} elements, got ${actual.length}`];
    }
    return [
      ...head.flatMap((element, i) => compare(element, actual[i], `${path}[${i}]`, undefined)),
      ...tail.flatMap((element, i) => compare(element, actual[actual.length - tail.length + i], `${path}[${actual.length - tail.length + i}]`, undefined)),
    ];
  }
  if (shape !== null && typeof shape === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    const entries = Object.entries(shape).filter(([name]) => name !== OPEN);
    const open = OPEN in shape;
    const problems = entries.flatMap(([name, value]) =>
      name in actual ? compare(value, (actual as Record<string, unknown>)[name], `${path}.${name}`, name) : [`${path}.${name}: missing`],
    );
    if (!open) {
      const extra = Object.keys(actual).filter((name) => !entries.some(([shown]) => shown === name));
      if (extra.length > 0) problems.push(`${path}: members the README does not show (add "…" if that is meant): ${extra.join(', ')}`);
    }
    return problems;
  }
  return Object.is(shape, actual) ? [] : [`${path}: expected ${JSON.stringify(shape)}, got ${JSON.stringify(actual)}`];
}

/** A shape parsed, or undefined when `text` is not one. */
function parseShape(text: string): { shape: unknown } | undefined {
  try {
    return { shape: JSON.parse(shapeToJson(text)) };
  } catch {
    return undefined;
  }
}

/**
 * One line of a text answer against one line of output. A line ending in a JSON shape
 * (`data: {"index":4,…}`, an SSE event) matches the same text followed by JSON fitting it.
 */
function lineFits(pattern: string, line: string): boolean {
  const split = /^([^{[…]*)([{[].*)$/.exec(pattern);
  const prefix = split?.[1] ?? '';
  const parsed = split?.[2] === undefined ? undefined : parseShape(split[2]);
  if (parsed === undefined) return glob(pattern).test(line);
  if (!line.startsWith(prefix)) return false;
  try {
    return compare(parsed.shape, JSON.parse(line.slice(prefix.length)), '$', undefined).length === 0;
  } catch {
    return false;
  }
}

function compareLines(answer: string, output: string): string[] {
  const expected = answer.split('\n');
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  // Backtracking over `…` lines; answers are a few lines long.
  const fits = (e: number, o: number): boolean => {
    if (e === expected.length) return o === lines.length;
    const pattern = expected[e] ?? '';
    if (pattern.trim() === ELLIPSIS) {
      for (let skip = o; skip <= lines.length; skip += 1) if (fits(e + 1, skip)) return true;
      return false;
    }
    return o < lines.length && lineFits(pattern.trim(), (lines[o] ?? '').trim()) && fits(e + 1, o + 1);
  };
  return fits(0, 0) ? [] : [`the output does not fit the answer's lines:\n--- answer\n${answer}\n--- output\n${lines.join('\n')}`];
}

/**
 * The problems found comparing `output` with the README's `answer`; none when it matches.
 * @example answerProblems('{"id":"wh_…","secret":"whsec_…",…}', '{"id":"wh_1","secret":"whsec_x","url":"…"}') // []
 */
export function answerProblems(answer: string, output: string): string[] {
  const shown = answer.trim();
  if (!shown.startsWith('{') && !shown.startsWith('[')) return compareLines(shown, output.trim());
  let shape: unknown;
  try {
    shape = JSON.parse(shapeToJson(shown));
  } catch (error) {
    return [`the README's answer is not a JSON shape (${error instanceof Error ? error.message : String(error)}): ${shown}`];
  }
  let actual: unknown;
  try {
    actual = JSON.parse(output.trim());
  } catch {
    return [`expected one JSON value, got: ${output.trim().slice(0, 2000)}`];
  }
  return compare(shape, actual, '$', undefined);
}
