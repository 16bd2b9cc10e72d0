/**
 * The JSON Schemas Parley publishes for editors and tools (`GET /schemas/agent.json`,
 * `GET /schemas/workflow.json`), generated from the very zod schemas the API validates
 * with, as an author writes the document: fields with defaults are optional, and a
 * `"$schema"` at the root is allowed.
 */
import { z } from 'zod';
import { createAgentSchema } from './agent-schema.ts';
import { workflowDocumentSchema } from './workflow-schema.ts';

const PUBLISHED = {
  'agent.json': {
    schema: createAgentSchema,
    title: 'Parley agent',
    description: 'An agent file (parley agents import) and the body of POST /v1/agents: configuration and, optionally, its workflow.',
  },
  'workflow.json': {
    schema: workflowDocumentSchema,
    title: 'Parley workflow',
    description: 'A workflow: the body of PUT /v1/agents/{id}/workflow and the `workflow` of an agent file.',
  },
} as const;

export type PublishedSchemaName = keyof typeof PUBLISHED;
export const PUBLISHED_SCHEMA_NAMES = Object.keys(PUBLISHED) as PublishedSchemaName[];

/**
 * A published JSON Schema (draft 2020-12), identified by the URL it is served at.
 * @example publishedJsonSchema('workflow.json', 'http://localhost:8787/schemas/workflow.json').title // 'Parley workflow'
 */
export function publishedJsonSchema(name: PublishedSchemaName, id: string): Record<string, unknown> {
  const { schema, title, description } = PUBLISHED[name];
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  return { $schema, $id: id, title, description, ...rest };
}
