/** A JSON-object attribute (`context`: the session's `initial_context`; `visitor`: a signed visitor claim). */
export function parseContext(value: string | undefined): Record<string, unknown> | null | 'invalid' {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { ...parsed };
  } catch {
    // Malformed JSON is reported like any other value that is not an object.
  }
  return 'invalid';
}
