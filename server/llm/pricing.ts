/**
 * What a call's tokens cost: USD per million tokens, per model. The defaults are list
 * prices of common OpenAI models; `PARLEY_MODEL_PRICES` (JSON) adds or overrides models,
 * e.g. `{"llama3":{"input":0,"output":0}}`. A model without a price costs 0, and says so
 * nowhere else — add it to the table to see its cost.
 */
import { z } from 'zod';

export const modelPriceSchema = z.object({
  /** USD per million prompt tokens. */
  input: z.number().min(0),
  /** USD per million completion tokens. */
  output: z.number().min(0),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

export const priceTableSchema = z.record(z.string().min(1), modelPriceSchema);
export type PriceTable = Readonly<Record<string, ModelPrice>>;

export const DEFAULT_PRICES: PriceTable = Object.freeze({
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
});

export interface Pricing {
  /** USD for the tokens, rounded to a millionth of a dollar. */
  cost(model: string, promptTokens: number, completionTokens: number): number;
}

/** Round to 6 decimals, where the sum of rounded costs and the rounded sum agree closely. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * A price lookup over the defaults plus `overrides`.
 * @example createPricing({ 'my-model': { input: 1, output: 2 } }).cost('my-model', 1e6, 0) // 1
 */
export function createPricing(overrides: Record<string, ModelPrice> = {}): Pricing {
  const table: PriceTable = Object.freeze({ ...DEFAULT_PRICES, ...overrides });
  return {
    cost(model, promptTokens, completionTokens) {
      const price = table[model];
      if (!price) return 0;
      return roundUsd((promptTokens * price.input + completionTokens * price.output) / 1e6);
    },
  };
}

/** Parse `PARLEY_MODEL_PRICES`: a JSON object of model → {input, output}. */
export function parsePriceOverrides(text: string | undefined): Record<string, ModelPrice> {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('PARLEY_MODEL_PRICES must be a JSON object like {"model":{"input":0.15,"output":0.6}}');
  }
  const result = priceTableSchema.safeParse(json);
  if (!result.success) throw new Error(`PARLEY_MODEL_PRICES: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}
