/**
 * Add `field` to the response's `Vary` once. Any answer that depends on the request's
 * `Origin` must say so, or a cache hands one origin's answer (CORS headers, a 403) to another.
 */
export function addVary(headers: Headers, field: string): void {
  const present = (headers.get('vary') ?? '').split(',').map((f) => f.trim().toLowerCase());
  if (present.includes('*') || present.includes(field.toLowerCase())) return;
  headers.append('vary', field);
}
