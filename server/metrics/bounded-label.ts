/**
 * Label values that come from tenants or remote servers (tool names, model names) are
 * kept to a bounded set: the first `max` distinct values keep their name, later ones are
 * counted as `other`, so a tenant cannot grow the metrics without limit.
 *
 * @example
 * const tool = boundedLabel(100);
 * histogram.observe({ tool: tool('lookup_order') }, 0.12);
 */
export function boundedLabel(max: number, maxLength = 64): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    const name = value.slice(0, maxLength);
    if (seen.has(name)) return name;
    if (seen.size >= max) return 'other';
    seen.add(name);
    return name;
  };
}
