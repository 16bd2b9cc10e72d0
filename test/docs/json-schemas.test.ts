import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAgentSchema } from '../../shared/agent-schema.ts';
import { publishedJsonSchema } from '../../shared/json-schemas.ts';
import { workflowDocumentSchema } from '../../shared/workflow-schema.ts';
import { readAgentFileJson } from '../../server/agents/agent-file.ts';
import { repositoryPath } from '../../server/repository-root.ts';
import { compileJsonSchema } from '../helpers/json-schema-validator.ts';
import { describedProperties } from './schema-walk.ts';

const agentSchema = publishedJsonSchema('agent.json', 'http://localhost:8787/schemas/agent.json');
const workflowSchema = publishedJsonSchema('workflow.json', 'http://localhost:8787/schemas/workflow.json');
const checkAgent = compileJsonSchema(agentSchema);
const checkWorkflow = compileJsonSchema(workflowSchema);

const demoDir = repositoryPath('demo', 'agents');
const demoFiles = readdirSync(demoDir).filter((name) => name.endsWith('.json'));

describe('the demo agent files', () => {
  it('are three', () => {
    expect(demoFiles.length).toBe(3);
  });

  it.each(demoFiles)('%s names the published agent schema and follows it, as the server reads it', (file) => {
    const text = readFileSync(`${demoDir}/${file}`, 'utf8');
    const json = readAgentFileJson(text);
    expect(json).toMatchObject({ $schema: 'http://localhost:8787/schemas/agent.json' });
    expect(checkAgent(json)).toEqual({ valid: true, problems: [] });
    expect(createAgentSchema.safeParse(json).success).toBe(true);
  });
});

describe('the published schemas and the API agree', () => {
  const workflow = { start: 'hi', nodes: { hi: { type: 'say', text: 'Hi', next: 'bye' }, bye: { type: 'end' } } };
  const documents: [string, unknown][] = [
    ['a minimal workflow', workflow],
    ['a workflow naming its schema', { $schema: 'http://localhost:8787/schemas/workflow.json', ...workflow }],
    ['an unknown node type', { start: 'a', nodes: { a: { type: 'wait' } } }],
    ['a misspelt field', { start: 'a', nodes: { a: { type: 'say', txt: 'Hi', next: 'a' } } }],
    ['pattern beside expect, not under it', { start: 'a', nodes: { a: { type: 'ask', text: '?', save_as: 'x', pattern: '^\\d+$', next: 'a' } } }],
    ['pattern under expect', { start: 'a', nodes: { a: { type: 'ask', text: '?', save_as: 'x', expect: { pattern: '^\\d+$' }, next: 'a' } } }],
    ['a branch case without "to"', { start: 'a', nodes: { a: { type: 'branch', cases: [{ if: { var: 'x', eq: 1 } }], else: 'a' } } }],
    ['a condition with two operators', { start: 'a', nodes: { a: { type: 'branch', cases: [{ if: { var: 'x', eq: 1, gt: 0 }, to: 'a' }], else: 'a' } } }],
    ['a condition without var', { start: 'a', nodes: { a: { type: 'branch', cases: [{ if: { eq: 1 }, to: 'a' }], else: 'a' } } }],
    ['an agent body where a workflow belongs', { name: 'x', workflow }],
    ['max_retries past its bound', { start: 'a', nodes: { a: { type: 'ask', text: '?', save_as: 'x', max_retries: 11, next: 'a' } } }],
    ['no nodes at all', { start: 'a', nodes: {} }],
  ];

  it.each(documents)('as a workflow: %s', (_label, document) => {
    // `nodes: {}` is refused by a refinement JSON Schema cannot say; every other verdict is the same.
    const zod = workflowDocumentSchema.safeParse(document).success;
    const json = checkWorkflow(document).valid;
    if (_label === 'no nodes at all') expect([zod, json]).toEqual([false, true]);
    else expect(json).toBe(zod);
  });

  it('agrees on an agent file with a workflow, a tool and every widget setting', () => {
    const agent = {
      $schema: 'http://localhost:8787/schemas/agent.json',
      name: 'Shop',
      tools: [{ name: 'get_order', server_url: 'https://api.example.com/orders', method: 'GET', timeout_ms: 3000 }],
      widget: { enabled: true, allowed_origins: ['https://shop.example'], theme: { accent: '#0b5cad' }, title: 'Shop', welcome_text: 'Hi' },
      workflow,
    };
    expect(checkAgent(agent).valid).toBe(true);
    expect(createAgentSchema.safeParse(agent).success).toBe(true);
    const broken = { ...agent, tools: [{ name: 'get_order', server_url: 'not a url' }] };
    expect([checkAgent(broken).valid, createAgentSchema.safeParse(broken).success]).toEqual([false, false]);
  });
});

describe('editor help', () => {
  it.each([
    ['workflow.json', workflowSchema],
    ['agent.json', agentSchema],
  ])('every field of %s carries a description for the editor to show', (_name, schema) => {
    const undescribed = describedProperties(schema).filter((property) => !property.described).map((property) => property.path);
    expect(undescribed).toEqual([]);
  });
});
