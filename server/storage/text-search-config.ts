/**
 * The Postgres text-search configuration (its stemmer and stop words) for a base's
 * language: the built-in Snowball ones by BCP 47 primary subtag, `simple` (no stemming)
 * for the rest. SQLite has one stemmer, Porter's (English); other languages are matched by
 * word there.
 */
const CONFIGS: Record<string, string> = {
  ar: 'arabic', ca: 'catalan', da: 'danish', de: 'german', el: 'greek', en: 'english', es: 'spanish', eu: 'basque', fi: 'finnish',
  fr: 'french', ga: 'irish', hi: 'hindi', hu: 'hungarian', hy: 'armenian', id: 'indonesian', it: 'italian', lt: 'lithuanian', ne: 'nepali',
  nl: 'dutch', no: 'norwegian', nb: 'norwegian', nn: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian', sr: 'serbian',
  sv: 'swedish', ta: 'tamil', tr: 'turkish', yi: 'yiddish',
};

/** @example textSearchConfig('fr-CA') // 'french' */
export function textSearchConfig(language: string): string {
  return CONFIGS[language.split('-')[0]?.toLowerCase() ?? ''] ?? 'simple';
}

/** The words of a query, lowercased, once each, at most `max`: safe to put in FTS5 or tsquery syntax. */
export function queryTerms(query: string, max = 32): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, max);
}
