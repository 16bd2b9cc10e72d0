/**
 * True when the client prefers HTML to JSON, as a browser navigating to a link does.
 * @example prefersHtml('application/json, text/html;q=0.5') // false: JSON weighs more
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const weight = (type: string) => {
    for (const part of accept.split(',')) {
      const [name, ...params] = part.trim().split(';');
      if (name?.trim() !== type) continue;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return q ? Number(q.slice(2)) || 0 : 1;
    }
    return 0;
  };
  return weight('text/html') > weight('application/json');
}
