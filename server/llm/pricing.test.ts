import { describe, expect, it } from 'vitest';
import { createPricing, parsePriceOverrides } from './pricing.ts';

describe('the per-model price table', () => {
  it('prices prompt and completion tokens per million, rounded to a millionth of a dollar', () => {
    const pricing = createPricing();
    expect(pricing.cost('gpt-4o-mini', 1_000_000, 1_000_000)).toBe(0.75);
    expect(pricing.cost('gpt-4o', 1, 1)).toBe(0.000013);
  });

  it('takes overrides and new models, and prices unknown models at 0', () => {
    const pricing = createPricing({ 'gpt-4o': { input: 1, output: 1 }, llama: { input: 0.2, output: 0.2 } });
    expect(pricing.cost('gpt-4o', 500_000, 500_000)).toBe(1);
    expect(pricing.cost('llama', 1_000_000, 0)).toBe(0.2);
    expect(pricing.cost('mystery', 1_000_000, 1_000_000)).toBe(0);
  });

  it('reads PARLEY_MODEL_PRICES as JSON and says what is wrong with it', () => {
    expect(parsePriceOverrides(undefined)).toEqual({});
    expect(parsePriceOverrides('{"m":{"input":1,"output":2}}')).toEqual({ m: { input: 1, output: 2 } });
    expect(() => parsePriceOverrides('{"m":')).toThrow(/JSON object/);
    expect(() => parsePriceOverrides('{"m":{"input":-1,"output":2}}')).toThrow(/PARLEY_MODEL_PRICES/);
  });
});
