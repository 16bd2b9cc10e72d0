/**
 * Lenient calendar-date parsing for `ask` answers typed by people: ISO dates, numeric
 * dates and English month names, normalised to `YYYY-MM-DD`. Relative dates ("next
 * Friday") need a clock and context: workflows use `expect.llm` for those.
 */

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const WEEKDAYS = /^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|rsday|urday)?$/;

function format(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March: a round trip rejects impossible dates.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  if (year < 1000 || year > 9999) return undefined;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthOf(token: string): number | undefined {
  if (token.length < 3) return undefined;
  const index = MONTHS.findIndex((month) => month.startsWith(token));
  return index === -1 ? undefined : index + 1;
}

function parseWithMonthName(text: string): string | undefined {
  const tokens = text
    .toLowerCase()
    .replace(/[,.]/g, ' ')
    // Only the last digit is matched: `(\d+)(st|nd|rd|th)` re-scanned a long run of digits from each one (n²).
    .replace(/(\d)(?:st|nd|rd|th)\b/g, '$1')
    .split(/\s+/)
    .filter((token) => token !== '' && token !== 'of' && token !== 'the' && !WEEKDAYS.test(token));
  if (tokens.length !== 3) return undefined;
  const [first = '', second = '', third = ''] = tokens;
  if (!/^\d{4}$/.test(third)) return undefined;
  const year = Number(third);
  const monthFirst = monthOf(first);
  if (monthFirst !== undefined && /^\d{1,2}$/.test(second)) return format(year, monthFirst, Number(second));
  const monthSecond = monthOf(second);
  if (monthSecond !== undefined && /^\d{1,2}$/.test(first)) return format(year, monthSecond, Number(first));
  return undefined;
}

/**
 * Parse a date answer into `YYYY-MM-DD`, or `undefined`. Numeric dates are read day
 * first (`24/12/2026`) unless only the month-first reading is possible (`12/24/2026`).
 * @example parseDate('December 24th, 2026') // '2026-12-24'
 */
export function parseDate(text: string): string | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(trimmed);
  if (iso) return format(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(trimmed);
  if (numeric) {
    const a = Number(numeric[1]);
    const b = Number(numeric[2]);
    const year = Number(numeric[3]);
    return a <= 12 && b > 12 ? format(year, a, b) : format(year, b, a);
  }
  return parseWithMonthName(trimmed);
}
