/**
 * The top-k left singular subspace of a sparse matrix by randomized subspace iteration
 * (Halko, Martinsson & Tropp 2011, algorithm 4.4): Y = M·Ω for a seeded random ±1 matrix Ω,
 * then `powerIterations` rounds of Y ← M·(Mᵀ·Y), orthonormalizing between products so the
 * columns do not all collapse onto the first singular vector. Its rows are the matrix's rows
 * in that subspace up to a rotation, which cosine similarity does not see — so no small SVD
 * is needed after it. Dense blocks are row-major: row r, column j at r·k + j.
 */

/** A sparse matrix in compressed rows: row r's entries are `offsets[r]` to `offsets[r + 1]`. */
export interface SparseRows {
  rows: number;
  columns: number;
  offsets: Uint32Array;
  indices: Uint32Array;
  values: Float64Array;
}

/**
 * @example
 * const wordVectors = topSubspace(ppmi, 256, 3, seededRandom(17)); // ppmi.rows × 256, orthonormal columns
 */
export function topSubspace(matrix: SparseRows, k: number, powerIterations: number, random: () => number): Float64Array {
  const omega = Float64Array.from({ length: matrix.columns * k }, () => (random() < 0.5 ? -1 : 1));
  let y = orthonormalize(multiply(matrix, omega, k), matrix.rows, k);
  for (let i = 0; i < powerIterations; i += 1) {
    const z = orthonormalize(multiplyTransposed(matrix, y, k), matrix.columns, k);
    y = orthonormalize(multiply(matrix, z, k), matrix.rows, k);
  }
  return y;
}

/** M·X for X of M.columns × k. */
function multiply(m: SparseRows, x: Float64Array, k: number): Float64Array {
  const out = new Float64Array(m.rows * k);
  for (let r = 0; r < m.rows; r += 1) {
    for (let e = m.offsets[r] ?? 0; e < (m.offsets[r + 1] ?? 0); e += 1) {
      const value = m.values[e] ?? 0;
      const from = (m.indices[e] ?? 0) * k;
      for (let j = 0; j < k; j += 1) out[r * k + j] = (out[r * k + j] ?? 0) + value * (x[from + j] ?? 0);
    }
  }
  return out;
}

/** Mᵀ·X for X of M.rows × k. */
function multiplyTransposed(m: SparseRows, x: Float64Array, k: number): Float64Array {
  const out = new Float64Array(m.columns * k);
  for (let r = 0; r < m.rows; r += 1) {
    for (let e = m.offsets[r] ?? 0; e < (m.offsets[r + 1] ?? 0); e += 1) {
      const value = m.values[e] ?? 0;
      const to = (m.indices[e] ?? 0) * k;
      for (let j = 0; j < k; j += 1) out[to + j] = (out[to + j] ?? 0) + value * (x[r * k + j] ?? 0);
    }
  }
  return out;
}

/**
 * Orthonormal columns spanning X's (n × k), by Cholesky QR done twice ("CholeskyQR2",
 * Fukaya et al. 2014): row-major friendly, unlike Gram–Schmidt's column sweeps, and the
 * second pass repairs what the first lost to conditioning. A column with nothing left of its
 * own (rank deficiency) comes out as zeros rather than noise.
 */
function orthonormalize(x: Float64Array, n: number, k: number): Float64Array {
  return choleskyQrPass(choleskyQrPass(x, n, k), n, k);
}

function choleskyQrPass(x: Float64Array, n: number, k: number): Float64Array {
  const gram = new Float64Array(k * k);
  for (let r = 0; r < n; r += 1) {
    const base = r * k;
    for (let a = 0; a < k; a += 1) {
      const xa = x[base + a] ?? 0;
      if (xa === 0) continue;
      for (let b = a; b < k; b += 1) gram[a * k + b] = (gram[a * k + b] ?? 0) + xa * (x[base + b] ?? 0);
    }
  }
  // R upper-triangular with RᵀR = Gram, kept transposed (rt[b·k + a] = R[a][b]) so the
  // solve below reads it along rows; a pivot this small beside the largest diagonal is zero.
  let largest = 0;
  for (let a = 0; a < k; a += 1) largest = Math.max(largest, gram[a * k + a] ?? 0);
  const rt = new Float64Array(k * k);
  for (let a = 0; a < k; a += 1) {
    let pivot = gram[a * k + a] ?? 0;
    for (let c = 0; c < a; c += 1) pivot -= (rt[a * k + c] ?? 0) ** 2;
    if (pivot <= largest * 1e-12) continue;
    const diagonal = Math.sqrt(pivot);
    rt[a * k + a] = diagonal;
    for (let b = a + 1; b < k; b += 1) {
      let value = gram[a * k + b] ?? 0;
      for (let c = 0; c < a; c += 1) value -= (rt[a * k + c] ?? 0) * (rt[b * k + c] ?? 0);
      rt[b * k + a] = value / diagonal;
    }
  }
  // Each row q of Q solves qR = x (forward substitution); zero pivots give zero columns.
  const q = new Float64Array(n * k);
  for (let row = 0; row < n; row += 1) {
    const base = row * k;
    for (let b = 0; b < k; b += 1) {
      const diagonal = rt[b * k + b] ?? 0;
      if (diagonal === 0) continue;
      let value = x[base + b] ?? 0;
      for (let c = 0; c < b; c += 1) value -= (q[base + c] ?? 0) * (rt[b * k + c] ?? 0);
      q[base + b] = value / diagonal;
    }
  }
  return q;
}
