/** How dates and figures read in the console. */

/** `2026-05-01 14:03` in the reader's time zone; an em dash for none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A JSON value on a few lines, for property panes. */
export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

/** `1.2 s`, `340 ms`, or an em dash. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** A value as it reads in a check's or a diff's row: strings as they are, the rest as JSON. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '(missing)' : JSON.stringify(value);
}
