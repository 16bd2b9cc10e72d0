/**
 * How a vector is stored: float32, little-endian (the byte order of every platform Node
 * runs on, and what sqlite-vec reads from a BLOB), in a BLOB on SQLite and a bytea on Postgres.
 */
export function vectorBytes(vector: Float32Array): Buffer {
  // A Buffer: better-sqlite3 binds Buffers, not plain Uint8Arrays.
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** The stored bytes back as a vector (copied: a driver's buffer may be unaligned or reused). */
export function bytesVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
