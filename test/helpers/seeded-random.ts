/**
 * mulberry32: a small seeded generator of floats in [0, 1), so every benchmark run and planted test draws the
 * same numbers (synthetic passages, random projections).
 *
 * @example const random = seededRandom(17); random() // the same first number every run
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
