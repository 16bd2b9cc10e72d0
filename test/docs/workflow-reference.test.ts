/**
 * Keeps `docs/workflow.md` true: every JSON example is read as the server reads it (an agent
 * file, or a workflow body), passes the zod schema and the save-time checks, and compiles;
 * and every node type and every field of the published schemas is named in the section
 * that documents it, so a field added to a schema without a word here fails the build.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agentConfigSchema } from '../../shared/agent-schema.ts';
import { publishedJsonSchema } from '../../shared/json-schemas.ts';
import { NODE_TYPES, workflowDocumentSchema } from '../../shared/workflow-schema.ts';
import type { WorkflowDefinition } from '../../shared/workflow-schema.ts';
import { parseAgentFile } from '../../server/agents/agent-file.ts';
import { repositoryPath } from '../../server/repository-root.ts';
import { compileWorkflow } from '../../server/runtime/compile-workflow.ts';
import { converse, createFakeServices } from '../../server/runtime/runtime-fakes.ts';
import { validateWorkflow } from '../../server/runtime/validate-workflow.ts';
import { runtimeConfigOf } from '../../server/sessions/workflow-loader.ts';
import { codeBlocksOf, namesInCode, sectionsOf } from './markdown-sections.ts';
import { describedProperties } from './schema-walk.ts';

const reference = readFileSync(repositoryPath('docs', 'workflow.md'), 'utf8');
const sections = sectionsOf(reference);
const sectionText = (heading: string): string => {
  const found = sections.find((section) => section.heading === heading);
  if (found === undefined) throw new Error(`docs/workflow.md has no section "${heading}"`);
  return found.text;
};

interface Example {
  section: string;
  kind: 'agent' | 'workflow';
  workflow: WorkflowDefinition;
  compile: () => ReturnType<typeof compileWorkflow>;
}

/** An example as the server would take it: an agent file (through `agents import`) or a workflow body (`PUT …/workflow`). */
function readExample(code: string, section: string): Example {
  const json: unknown = JSON.parse(code);
  if (json !== null && typeof json === 'object' && 'name' in json) {
    const { workflow, ...config } = parseAgentFile(code);
    if (workflow === undefined) throw new Error('an agent example without a workflow shows no node');
    validateWorkflow(workflow, new Set(config.tools.map((tool) => tool.name)));
    return { section, kind: 'agent', workflow, compile: () => compileWorkflow(workflow, runtimeConfigOf(agentConfigSchema.parse(config))) };
  }
  const workflow = workflowDocumentSchema.parse(json);
  validateWorkflow(workflow, new Set());
  return { section, kind: 'workflow', workflow, compile: () => compileWorkflow(workflow, runtimeConfigOf(agentConfigSchema.parse({ name: 'Reference' }))) };
}

const jsonBlocks = codeBlocksOf(reference).filter((block) => block.lang === 'json');

describe('the workflow reference', () => {
  it('has JSON examples to check', () => {
    expect(jsonBlocks.length).toBeGreaterThanOrEqual(NODE_TYPES.length);
  });

  it.each(jsonBlocks.map((block, index) => [index + 1, block.section, block] as const))(
    'example %i (in "%s") passes the API schema, the save-time checks and compiles',
    (_index, _section, block) => {
      const example = readExample(block.code, block.section);
      expect(() => example.compile()).not.toThrow();
    },
  );

  it.each(NODE_TYPES.map((type) => [type]))('documents the %s node in a section of its own, with an example using it', (type) => {
    const heading = `\`${type}\``;
    expect(sectionText(heading)).not.toBe('');
    const examples = jsonBlocks.filter((block) => block.section === heading).map((block) => readExample(block.code, block.section));
    expect(examples.some((example) => Object.values(example.workflow.nodes).some((node) => node.type === type))).toBe(true);
  });

  describe('names every field of the published schemas where it belongs', () => {
    const workflowFields = describedProperties(publishedJsonSchema('workflow.json', 'http://localhost:8787/schemas/workflow.json'));
    const agentFields = describedProperties(publishedJsonSchema('agent.json', 'http://localhost:8787/schemas/agent.json')).filter(
      (field) => field.path !== 'workflow' && !field.path.startsWith('workflow.'),
    );

    /** The section a workflow field belongs to: its node kind's, else the workflow's. */
    const homeOf = (path: string): string => {
      const kind = /^nodes\.\*\((\w+)\)/.exec(path)?.[1];
      return kind === undefined ? 'The workflow' : `\`${kind}\``;
    };

    it('finds the fields to check (the walk is not vacuous)', () => {
      const paths = workflowFields.map((field) => field.path);
      expect(paths).toEqual(expect.arrayContaining(['start', 'interrupts[].match', 'nodes.*(ask).expect.pattern', 'nodes.*(ask).choices[].synonyms', 'nodes.*(branch).cases[].if.all']));
      expect(agentFields.map((field) => field.path)).toEqual(expect.arrayContaining(['tools[].server_url', 'widget.theme.accent', 'knowledge[].content']));
    });

    it.each(workflowFields.map((field) => [field.path, field] as const))('workflow field %s', (path, field) => {
      expect(namesInCode(sectionText(homeOf(path)), field.name), `\`${field.name}\` in section ${homeOf(path)}`).toBe(true);
    });

    it.each(agentFields.map((field) => [field.path, field] as const))('agent file field %s', (_path, field) => {
      expect(namesInCode(sectionText('The agent file'), field.name), `\`${field.name}\` in section "The agent file"`).toBe(true);
    });

    it('names every value a field can take (node types, answer types, tool methods)', () => {
      const values = new Set([...workflowFields, ...agentFields].flatMap((field) => field.values));
      expect([...values].filter((value) => !namesInCode(reference, value))).toEqual([]);
      expect(values).toContain('yes_no');
      expect(values).toContain('PATCH');
    });
  });

  it('tells the truth about its complete agent: a flood in the kitchen is a home claim', async () => {
    const block = jsonBlocks.find((candidate) => candidate.section === 'A complete agent');
    if (block === undefined) throw new Error('no complete agent example');
    const machine = readExample(block.code, block.section).compile();
    const services = createFakeServices({ tools: { get_policy: () => ({ id: '123456', active: true, holder: 'Ada Lovelace' }) } });
    const turns = await converse(machine, services, ['12345', '123456', 'a flood in the kitchen']);
    expect(turns.map((turn) => turn.reply.content)).toEqual([
      "Hi! I'm the claims assistant.\n\nWhat is your 6-digit policy number?",
      'Six digits, please, like 123456.',
      'Thanks, Ada Lovelace. What happened?',
      'Your **home** claim on policy 123456 is noted. Goodbye!',
    ]);
    expect(turns.at(-1)).toMatchObject({ state: 'ended', variables: { claim_type: 'home' } });
  });
});
