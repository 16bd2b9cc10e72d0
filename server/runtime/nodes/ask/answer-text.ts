/**
 * How an answer's text is compared with what the author wrote (choice labels, synonyms,
 * yes/no words): without case, without accents on Latin and Greek letters, word by word.
 * Every helper here is linear in the text's length.
 */

/** Quotes and punctuation around an answer; a leading ¿ or ¡ too, as Spanish writes them. */
const LEADING_NOISE = new Set(' "\'“”‘’.,!?¿¡:;()-');
const TRAILING_NOISE = new Set(' "\'“”‘’.,!?:;()-');

/**
 * Lowercase, drop surrounding punctuation and squeeze spaces: how people type choices.
 * Trimmed by hand: the regex `[…]+$` re-scanned every inner run of punctuation from each
 * of its characters, n² steps on "a.....a".
 */
export function normaliseAnswer(text: string): string {
  const squeezed = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
  let start = 0;
  let end = squeezed.length;
  while (start < end && LEADING_NOISE.has(squeezed[start] ?? '')) start++;
  while (end > start && TRAILING_NOISE.has(squeezed[end - 1] ?? '')) end--;
  return squeezed.slice(start, end);
}

/**
 * Accents are dropped from Latin and Greek letters only: people type "cafe" for "café"
 * and "καλημερα" for "καλημέρα", while in Devanagari or Thai the marks are letters'
 * vowels and in Cyrillic "й" is not "и".
 */
const FOLDABLE_MARKS = /([\p{Script=Latin}\p{Script=Greek}])\p{Mn}+/gu;

/**
 * Lowercase and drop Latin and Greek accents (NFKD, so full-width "ＦＬＯＯＤ" folds too).
 * @example foldText('Crème BRÛLÉE') // 'creme brulee'
 */
export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(FOLDABLE_MARKS, '$1').normalize('NFC');
}

/**
 * Scripts written without spaces between words: each character is a word of its own, so a
 * name matches anywhere inside a Chinese, Japanese or Thai answer.
 */
const UNSPACED = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}';
/** A word: one unspaced character, or a run of other letters and digits, each with its combining marks. */
const WORD = new RegExp(`[${UNSPACED}]\\p{M}*|(?:(?![${UNSPACED}])[\\p{L}\\p{N}]\\p{M}*)+`, 'gu');

/** One word of a text: folded for comparison, with where it stands in the text. */
export interface Word {
  folded: string;
  start: number;
  end: number;
}

/**
 * The words of a text, in order: runs of letters and digits (any script), folded.
 * Punctuation, spaces and symbols separate words and are not part of any.
 * @example wordsOf("A flood — in the KITCHEN!").map((w) => w.folded) // ['a', 'flood', 'in', 'the', 'kitchen']
 */
export function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    words.push({ folded: foldText(match[0]), start, end: start + match[0].length });
  }
  return words;
}
