/**
 * The definition editor's text, checked as the author types: JSON first, then the shared
 * workflow schema, then the graph rules the console can see (`workflowGraph`). Each
 * problem names its node, when it has one, and the line to mark.
 */
import { describeZodIssues } from '../../../shared/describe-zod-error.ts';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../../../shared/workflow-schema.ts';
import { workflowGraph } from './workflow-graph.ts';

export interface EditorProblem {
  node: string | null;
  message: string;
  /** 1-based line in the text, when one can be pointed at. */
  line: number | null;
}

export interface DefinitionCheck {
  /** The definition, when the text is one the schema accepts (graph problems or not). */
  definition: WorkflowDefinition | null;
  problems: EditorProblem[];
}

/** The line a JSON.parse error points at: V8 says `position N`, or `line L column C`. */
function syntaxErrorLine(text: string, message: string): number | null {
  const line = /line (\d+) column/.exec(message);
  if (line?.[1]) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position?.[1]) return text.slice(0, Number(position[1])).split('\n').length;
  return null;
}

/**
 * The line where node `id` is defined in the text: its key inside `"nodes"`.
 * @example nodeLine('{\n "nodes": {\n  "greet": {}\n }\n}', 'greet') // 3
 */
export function nodeLine(text: string, id: string): number | null {
  const lines = text.split('\n');
  const nodesAt = lines.findIndex((line) => /"nodes"\s*:/.test(line));
  const key = JSON.stringify(id);
  for (let i = Math.max(nodesAt, 0); i < lines.length; i++) {
    const line = lines[i] ?? '';
    const at = line.indexOf(key);
    if (at >= 0 && /^\s*:/.test(line.slice(at + key.length))) return i + 1;
  }
  return null;
}

/** The node a problem's path is about: `nodes.greet.next` → `greet`. */
export function nodeOfPath(path: string): string | null {
  const match = /(?:^|\.)nodes\.([^.]+)/.exec(path);
  return match?.[1] ?? null;
}

/** The node a compiler message names: `Node "lookup": unknown tool "x"` → `lookup`. */
export function nodeOfMessage(message: string): string | null {
  return /^Node "([^"]+)":/.exec(message)?.[1] ?? null;
}

export function checkDefinition(text: string, toolNames?: ReadonlySet<string>): DefinitionCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { definition: null, problems: [{ node: null, message: `Not valid JSON: ${message}`, line: syntaxErrorLine(text, message) }] };
  }
  const parsed = workflowDefinitionSchema.safeParse(json);
  if (!parsed.success) {
    return {
      definition: null,
      problems: describeZodIssues(parsed.error).map(({ path, message }) => {
        const node = nodeOfPath(path);
        return { node, message: `${path || 'definition'}: ${message}`, line: node ? nodeLine(text, node) : null };
      }),
    };
  }
  const { problems } = workflowGraph(parsed.data, toolNames);
  return {
    definition: parsed.data,
    problems: problems.map(({ node, message }) => ({ node, message: node ? `Node "${node}": ${message}` : message, line: node ? nodeLine(text, node) : null })),
  };
}
