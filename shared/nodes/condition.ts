/** Branch conditions: comparisons on variables combined with `all` / `any`; there is no `eval`. */
import { z } from 'zod';
import { variablePath } from './fields.ts';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One comparison on a variable. Exactly one operator besides `var`. */
export const comparisonSchema = z
  .object({
    var: variablePath.describe('The variable compared, as a dotted path (policy.active)'),
    eq: scalar.optional().describe('Equal to this value'),
    ne: scalar.optional().describe('Not equal to this value'),
    gt: z.number().optional().describe('A number greater than this'),
    gte: z.number().optional().describe('A number greater than or equal to this'),
    lt: z.number().optional().describe('A number less than this'),
    lte: z.number().optional().describe('A number less than or equal to this'),
    in: z.array(scalar).optional().describe('Equal to one of these values'),
    contains: scalar.optional().describe('A string containing this text (ignoring case), or an array containing this value'),
    exists: z.boolean().optional().describe('true: the variable is set (not null); false: it is not'),
    matches: z.string().optional().describe('A string matching this regular expression (RE2 syntax)'),
  })
  .strict()
  .refine(
    (c) => Object.keys(c).filter((k) => k !== 'var').length === 1,
    'a condition needs exactly one operator: eq, ne, gt, gte, lt, lte, in, contains, exists or matches',
  )
  // The refinement in JSON Schema terms, so an editor flags a second operator too: `var` and one more key.
  .meta({ required: ['var'], minProperties: 2, maxProperties: 2 });

export type Comparison = z.infer<typeof comparisonSchema>;
export type Condition = Comparison | { all: Condition[] } | { any: Condition[] };

/** Conditions combine with `all` / `any`. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1).describe('Holds when every condition holds') }).strict(),
    z.object({ any: z.array(conditionSchema).min(1).describe('Holds when at least one condition holds') }).strict(),
    comparisonSchema,
  ]),
  // The id makes OpenAPI generation emit a $ref instead of recursing forever.
).meta({
  id: 'Condition',
  description: 'A comparison, { "var": "policy.active", "eq": true } (var and one operator), or { "all": [conditions] } or { "any": [conditions] }',
});
