/**
 * `"$schema"` at the root of a document (an agent file, a workflow, an API body) names the
 * JSON Schema an editor checks it against (`/schemas/agent.json`, `/schemas/workflow.json`).
 * It is accepted and dropped: it describes the document, it is not part of it, and it is
 * never stored or echoed back.
 */
import { z } from 'zod';

/** The optional `$schema` field, to extend a root object schema with. */
export const schemaKey = {
  $schema: z.string().max(2000).optional().describe('The JSON Schema this document follows, for editors (e.g. http://localhost:8787/schemas/agent.json); accepted and ignored'),
};

/**
 * The document without its `$schema`: a root schema's `.transform`.
 * @example workflowDefinitionSchema.extend(schemaKey).strict().transform(dropSchemaKey)
 */
export function dropSchemaKey<T extends { $schema?: string | undefined }>(document: T): Omit<T, '$schema'> {
  const { $schema: _ignored, ...rest } = document;
  return rest;
}
