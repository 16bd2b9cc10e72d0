/** The `context` attribute: a JSON object sent as the session's `initial_context`. */
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
