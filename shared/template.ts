/**
 * `{{dotted.path}}` template rendering (DESIGN §3). Unknown keys render as the empty
 * string; objects render as JSON so a tool result can be quoted in a prompt.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;

/**
 * Read a dotted path (`policy.holder.name`, `items.0`) out of a variables object.
 * @example getPath({ a: { b: 1 } }, 'a.b') // 1
 */
export function getPath(variables: unknown, path: string): unknown {
  let current: unknown = variables;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Return a copy of `variables` with `value` stored at a dotted path, creating objects
 * along the way. The input is not changed.
 */
export function setPath(variables: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return variables;
  if (rest.length === 0) return { ...variables, [head]: value };
  const child = variables[head];
  const childObject = child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  return { ...variables, [head]: setPath(childObject, rest.join('.'), value) };
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export interface RenderOptions {
  /**
   * Applied to each variable's text, never to the template's own: text the visitor reads
   * as the agent's escapes its variables for markdown (`escapeMarkdown`), while tool
   * arguments, prompts and comparisons take them raw.
   */
  escape?: (value: string) => string;
}

/**
 * Render `{{var}}` placeholders in a string.
 * @example renderTemplate('Hi {{user.name}}!', { user: { name: 'Ada' } }) // 'Hi Ada!'
 * @example renderTemplate('**Hi** {{name}}', { name: '*Ada*' }, { escape: escapeMarkdown }) // '**Hi** \\*Ada\\*'
 */
export function renderTemplate(template: string, variables: unknown, options: RenderOptions = {}): string {
  const escape = options.escape ?? ((value: string) => value);
  return template.replace(PLACEHOLDER, (_match, path: string) => escape(stringify(getPath(variables, path))));
}

/**
 * Render every string inside a JSON-like value (tool arguments, test configs). A string
 * that is exactly one placeholder keeps the variable's type, so `"{{count}}"` stays a number.
 */
export function renderDeep(value: unknown, variables: unknown): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}$/.exec(value);
    if (whole?.[1]) {
      const found = getPath(variables, whole[1]);
      return found === undefined ? '' : found;
    }
    return renderTemplate(value, variables);
  }
  if (Array.isArray(value)) return value.map((item) => renderDeep(item, variables));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderDeep(item, variables)]));
  }
  return value;
}
