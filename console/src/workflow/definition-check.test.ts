import { describe, expect, it } from 'vitest';
import { checkDefinition, nodeLine, nodeOfMessage, nodeOfPath } from './definition-check.ts';

const text = (value: unknown) => JSON.stringify(value, null, 2);

describe('checking the definition as it is typed', () => {
  it('points at the line of a JSON syntax error', () => {
    const { definition, problems } = checkDefinition('{\n  "start": "a",\n  "nodes": {\n    "a": { "type": "end", }\n  }\n}');
    expect(definition).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^Not valid JSON: /);
    expect(problems[0]?.line).toBe(4);
  });

  it('names the node and its line for a schema problem', () => {
    const source = text({ start: 'a', nodes: { a: { type: 'say', text: 'Hi', next: 'b' }, b: { type: 'say', text: 'Yo' } } });
    const { definition, problems } = checkDefinition(source);
    expect(definition).toBeNull();
    expect(problems).toEqual([{ node: 'b', message: 'nodes.b.next: Invalid input: expected string, received undefined', line: 9 }]);
  });

  it('names the node and its line for a graph problem, keeping the definition to draw', () => {
    const source = text({ start: 'a', nodes: { a: { type: 'say', text: 'Hi', next: 'gone' } } });
    const { definition, problems } = checkDefinition(source);
    expect(definition?.start).toBe('a');
    expect(problems).toEqual([{ node: 'a', message: 'Node "a": next target "gone" does not exist', line: 4 }]);
  });

  it('finds the node a server answer names, by message or by path', () => {
    expect(nodeOfMessage('Node "lookup": unknown tool "x"')).toBe('lookup');
    expect(nodeOfMessage('start node "x" does not exist')).toBeNull();
    expect(nodeOfPath('body.nodes.greet.next')).toBe('greet');
    expect(nodeLine('{\n "nodes": {\n  "next": {},\n  "a": { "next": "b" }\n }\n}', 'next')).toBe(3);
  });
});
