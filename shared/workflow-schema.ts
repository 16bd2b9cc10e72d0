/**
 * The workflow definition (DESIGN §3): a graph of nodes the server compiles into an
 * XState machine. Each node kind's schema lives in `shared/nodes/<kind>.ts` and is listed
 * once below; this file checks the *shape* of a workflow. Graph rules (dangling targets,
 * unreachable nodes, unknown tools, bad regexes) are checked by the compiler's validator,
 * which can name the node at fault.
 */
import { z } from 'zod';
import { askNodeSchema } from './nodes/ask.ts';
import { branchNodeSchema } from './nodes/branch.ts';
import { endNodeSchema } from './nodes/end.ts';
import { nodeId } from './nodes/fields.ts';
import { formNodeSchema } from './nodes/form.ts';
import { llmNodeSchema } from './nodes/llm.ts';
import { sayNodeSchema } from './nodes/say.ts';
import { dropSchemaKey, schemaKey } from './schema-key.ts';
import { toolNodeSchema } from './nodes/tool.ts';
import { transferNodeSchema } from './nodes/transfer.ts';

export { variablePath } from './nodes/fields.ts';
export { comparisonSchema, conditionSchema } from './nodes/condition.ts';
export type { Comparison, Condition } from './nodes/condition.ts';
export { answerTypeSchema, choiceSchema, expectSchema } from './nodes/answer-rules.ts';
export type { AnswerType, Choice, Expect } from './nodes/answer-rules.ts';
export type { SayNode } from './nodes/say.ts';
export type { AskNode } from './nodes/ask.ts';
export type { LlmNode } from './nodes/llm.ts';
export type { ToolNode } from './nodes/tool.ts';
export type { BranchNode } from './nodes/branch.ts';
export type { TransferNode } from './nodes/transfer.ts';
export type { EndNode } from './nodes/end.ts';
export type { FormField, FormNode } from './nodes/form.ts';

/** Every node kind's schema: the one list a new kind is added to. */
const NODE_SCHEMAS = [
  sayNodeSchema,
  askNodeSchema,
  formNodeSchema,
  llmNodeSchema,
  toolNodeSchema,
  branchNodeSchema,
  transferNodeSchema,
  endNodeSchema,
] as const;

export const workflowNodeSchema = z.discriminatedUnion('type', NODE_SCHEMAS).describe('A node; its `type` says which kind');

export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type NodeType = WorkflowNode['type'];
export const NODE_TYPES: readonly NodeType[] = NODE_SCHEMAS.map((schema) => schema.shape.type.value);

export const interruptSchema = z
  .object({
    match: z.array(z.string().min(1).max(100)).min(1).max(50).describe('Phrases; a user message containing one of them as whole words triggers the jump'),
    to: nodeId.describe('The node to jump to'),
  })
  .strict();

export const workflowDefinitionSchema = z
  .object({
    start: nodeId.describe('The id of the node the conversation starts at'),
    nodes: z
      .record(nodeId, workflowNodeSchema)
      .refine((n) => Object.keys(n).length > 0, 'a workflow needs at least one node')
      .describe('Every node, by id'),
    interrupts: z.array(interruptSchema).max(20).default([]).describe('Jumps taken from any waiting point when the user says one of the phrases'),
  })
  .strict();

export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;

/**
 * A workflow as a document: the body of `PUT /v1/agents/{id}/workflow` and a workflow file
 * (published as `/schemas/workflow.json`); a `"$schema"` at its root is accepted and dropped.
 */
export const workflowDocumentSchema = workflowDefinitionSchema.extend(schemaKey).strict().transform(dropSchemaKey);
