/**
 * The direction of imports (STYLE 1, 12; ARCHITECTURE): http → use cases → sessions →
 * runtime → storage, with nothing below importing from above or from the composition
 * root, and no import cycles. Read with the TypeScript compiler's own import scanner,
 * so type-only imports and re-exports count too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Where a file sits; a higher rank may import a lower or equal one, never a higher. */
const RANKS: [RegExp, number][] = [
  [/^server\/http\//, 5],
  [/^server\/(calls|inbox|testing|webhooks|agents|demo|knowledge)\//, 4],
  [/^server\/sessions\//, 3],
  [/^server\/(runtime|tools)\//, 2],
  [/^server\/(llm|outbound|storage|auth|background|metrics|tracing)\//, 1],
  [/^shared\//, 0],
  [/^server\/(errors|clock|public-url|version)\.ts$/, 0],
];

/** The composition root: it wires everything and nothing else imports it. */
const COMPOSITION_ROOT = /^server\/(main|app|bootstrap|config|compose-[a-z-]+)\.ts$|^server\/cli\//;

type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

function importGraph(dirs: string[] = ['server', 'shared']): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of dirs.flatMap(sourceFiles)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    graph.set(
      file,
      importedFiles.map((i) => i.fileName).filter((name) => name.startsWith('.')).map((name) => relative(root, resolve(root, dirname(file), name))),
    );
  }
  return graph;
}

/**
 * What a client file may import: its own folder, and only types from `shared/` or zod. A
 * value import would put schemas, zod or server code into every consumer's bundle.
 */
function clientImportProblems(sources: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, text] of sources) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      const isImport = ts.isImportDeclaration(statement);
      if (!isImport && !ts.isExportDeclaration(statement)) continue;
      if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const specifier = statement.moduleSpecifier.text;
      const target = specifier.startsWith('.') ? relative(root, resolve(root, dirname(file), specifier)) : specifier;
      if (target.startsWith('client/')) continue;
      const typeOnly = isImport ? statement.importClause?.isTypeOnly === true : statement.isTypeOnly;
      if (!typeOnly || !(target.startsWith('shared/') || target === 'zod')) problems.push(`${file} → ${target}${typeOnly ? '' : ' (a value import)'}`);
    }
  }
  return problems;
}

const rankOf = (file: string): number | undefined => RANKS.find(([pattern]) => pattern.test(file))?.[1];

/** Imports that run against the direction: upward, into the composition root, or from an unranked file below it. */
function upwardImports(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    if (COMPOSITION_ROOT.test(from)) continue;
    const rank = rankOf(from);
    for (const to of targets) {
      const target = rankOf(to);
      if (COMPOSITION_ROOT.test(to) || rank === undefined || (target !== undefined && target > rank)) found.push(`${from} → ${to}`);
    }
  }
  return found;
}

/** Every set of files that import each other in a ring (Tarjan's strongly connected components). */
function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const ring: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = member === file ? undefined : stack.pop()) {
      onStack.delete(member);
      ring.push(member);
    }
    if (ring.length > 1 || graph.get(file)?.includes(file)) cycles.push(ring);
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('the architecture', () => {
  const graph = importGraph();

  it('reads the imports of every module', () => {
    expect(graph.get('server/sessions/turn-runner.ts')).toContain('server/sessions/session-command-deps.ts');
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no import cycles', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('imports only downward: http → use cases → sessions → runtime → storage, and nothing imports the composition root', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('keeps the typed client free of run-time imports: only types from shared/ and zod', () => {
    expect(sourceFiles('client').length).toBeGreaterThan(5);
    expect(clientImportProblems(new Map(sourceFiles('client').map((file) => [file, readFileSync(join(root, file), 'utf8')])))).toEqual([]);
  });

  it('lets only the composition root use the typed client: the server does not call itself over HTTP', () => {
    const users = [...graph].filter(([from, targets]) => !COMPOSITION_ROOT.test(from) && targets.some((to) => to.startsWith('client/')));
    expect(users.map(([from]) => from)).toEqual([]);
  });

  it('would notice a cycle, an upward import and an import of the composition root', () => {
    const bad: ImportGraph = new Map([
      ['server/storage/a.ts', ['server/storage/b.ts']],
      ['server/storage/b.ts', ['server/storage/a.ts', 'server/sessions/turn-runner.ts']],
      ['server/calls/c.ts', ['server/http/d.ts', 'server/compose-sessions.ts']],
    ]);
    expect(importCycles(bad)).toEqual([['server/storage/b.ts', 'server/storage/a.ts']]);
    expect(upwardImports(bad)).toEqual([
      'server/storage/b.ts → server/sessions/turn-runner.ts',
      'server/calls/c.ts → server/http/d.ts',
      'server/calls/c.ts → server/compose-sessions.ts',
    ]);
    const client = new Map([
      ['client/a.ts', "import type { z } from 'zod';\nimport type { runSchema } from '../shared/api/text-chat-api.ts';\nimport { b } from './b.ts';"],
      ['client/b.ts', "import { runSchema } from '../shared/api/text-chat-api.ts';\nimport { z } from 'zod';\nexport type { Clock } from '../server/clock.ts';"],
    ]);
    expect(clientImportProblems(client)).toEqual([
      'client/b.ts → shared/api/text-chat-api.ts (a value import)',
      'client/b.ts → zod (a value import)',
      'client/b.ts → server/clock.ts',
    ]);
  });

  it('keeps the console a client of the API: it imports its own code and shared/, never the server or the widget', () => {
    const consoleGraph = importGraph(['console/src']);
    expect(consoleGraph.get('console/src/agents/agents-page.ts')).toContain('shared/api/agents-api.ts');
    const outside = [...consoleGraph].flatMap(([from, targets]) => targets.filter((to) => !/^(console|shared)\//.test(to)).map((to) => `${from} → ${to}`));
    expect(outside).toEqual([]);
    expect([...graph.values()].flat().filter((to) => to.startsWith('console/'))).toEqual([]);
  });
});
