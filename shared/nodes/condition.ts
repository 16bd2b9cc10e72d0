/** Branch conditions: comparisons on variables combined with `all` / `any`; there is no `eval`. */
import { z } from 'zod';
import { variablePath } from './fields.ts';

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

/** Conditions combine with `all` / `any`. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    comparisonSchema,
  ]),
  // The id makes OpenAPI generation emit a $ref instead of recursing forever.
).meta({ id: 'Condition' });
