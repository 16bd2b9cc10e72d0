/**
 * The workflow definition (DESIGN §3): a graph of nodes the server compiles into an
 * XState machine. This schema checks the *shape* of each node; graph rules (dangling
 * targets, unreachable nodes, unknown tools, bad regexes) are checked by the compiler's
 * validator, which can name the node at fault.
 */
import { z } from 'zod';

const nodeId = z.string().min(1).max(64);
const text = z.string().max(4000);

/** A dotted variable path such as `policy.active` or `items.0.name`. */
export const variablePath = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'must be a dotted variable path like policy.active');

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One comparison on a variable. Exactly one operator besides `var`. */
export const comparisonSchema = z
  .object({
    var: variablePath,
    eq: scalar.optional(),
    ne: scalar.optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    in: z.array(scalar).optional(),
    contains: scalar.optional(),
    exists: z.boolean().optional(),
    matches: z.string().optional(),
  })
  .strict()
  .refine(
    (c) => Object.keys(c).filter((k) => k !== 'var').length === 1,
    'a condition needs exactly one operator: eq, ne, gt, gte, lt, lte, in, contains, exists or matches',
  );

export type Comparison = z.infer<typeof comparisonSchema>;
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] };

/** Conditions combine with `all` / `any`; there is no `eval`. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    comparisonSchema,
  ]),
  // The id makes OpenAPI generation emit a $ref instead of recursing forever.
).meta({ id: 'Condition' });

/** A quick-reply choice: a plain label, or a label with a stored value and synonyms. */
export const choiceSchema = z.union([
  z.string().min(1).max(200),
  z
    .object({
      label: z.string().min(1).max(200),
      value: z.string().max(200).optional(),
      synonyms: z.array(z.string().min(1).max(200)).max(50).optional(),
    })
    .strict(),
]);
export type Choice = z.infer<typeof choiceSchema>;

export const expectSchema = z
  .object({
    pattern: z.string().max(500).optional(),
    type: z.enum(['number', 'email', 'phone', 'date', 'yes_no']).optional(),
    /** LLM extraction: a description of the value to pull out of the answer. */
    llm: z.string().max(1000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict();

const sayNode = z
  .object({ type: z.literal('say'), text, next: nodeId })
  .strict();

const askNode = z
  .object({
    type: z.literal('ask'),
    text,
    save_as: variablePath,
    choices: z.array(choiceSchema).min(1).max(20).optional(),
    expect: expectSchema.optional(),
    retry_text: text.optional(),
    max_retries: z.number().int().min(0).max(10).default(2),
    next: nodeId,
    on_fail: nodeId.optional(),
  })
  .strict();

const llmNode = z
  .object({
    type: z.literal('llm'),
    prompt: z.string().max(20000),
    tools: z.array(z.string().min(1)).max(32).default([]),
    exits: z
      .array(z.object({ when: z.string().min(1).max(500), to: nodeId, name: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/).optional() }).strict())
      .max(16)
      .default([]),
    max_turns: z.number().int().min(1).max(200).default(20),
    /** Where to go once `max_turns` user turns have passed; defaults to the first exit. */
    on_max_turns: nodeId.optional(),
    /** What the node answers when no LLM is configured or it fails. */
    fallback: text.optional(),
    on_error: nodeId.optional(),
  })
  .strict();

const toolNode = z
  .object({
    type: z.literal('tool'),
    tool: z.string().min(1),
    args: z.record(z.string(), z.unknown()).default({}),
    save_as: variablePath.optional(),
    text: text.optional(),
    next: nodeId,
    on_error: nodeId.optional(),
  })
  .strict();

const branchNode = z
  .object({
    type: z.literal('branch'),
    cases: z.array(z.object({ if: conditionSchema, to: nodeId }).strict()).min(1).max(50),
    else: nodeId,
  })
  .strict();

const transferNode = z
  .object({
    type: z.literal('transfer'),
    text: text.optional(),
    /** `human`, or another agent's id (`agent_…` or its integer id as a string). */
    destination: z.string().min(1).max(64),
  })
  .strict();

const endNode = z.object({ type: z.literal('end'), text: text.optional() }).strict();

export const NODE_TYPES = ['say', 'ask', 'llm', 'tool', 'branch', 'transfer', 'end'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const workflowNodeSchema = z.discriminatedUnion('type', [
  sayNode,
  askNode,
  llmNode,
  toolNode,
  branchNode,
  transferNode,
  endNode,
]);

export const interruptSchema = z
  .object({ match: z.array(z.string().min(1).max(100)).min(1).max(50), to: nodeId })
  .strict();

export const workflowDefinitionSchema = z
  .object({
    start: nodeId,
    nodes: z.record(nodeId, workflowNodeSchema).refine((n) => Object.keys(n).length > 0, 'a workflow needs at least one node'),
    interrupts: z.array(interruptSchema).max(20).default([]),
  })
  .strict();

export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
export type SayNode = z.infer<typeof sayNode>;
export type AskNode = z.infer<typeof askNode>;
export type LlmNode = z.infer<typeof llmNode>;
export type ToolNode = z.infer<typeof toolNode>;
export type BranchNode = z.infer<typeof branchNode>;
export type TransferNode = z.infer<typeof transferNode>;
export type EndNode = z.infer<typeof endNode>;
