/**
 * Text a conversation shows may carry U+0000 from sources no request boundary checks — a
 * tenant's tool answer rendered into a say node, an LLM's reply — and Postgres `text`
 * cannot hold it (the commit fails, the turn answers 500), while SQLite can. Both stores
 * keep the same thing: U+FFFD, the character for "something unreadable was here".
 * @example storableText('a\u0000b') // 'a\uFFFDb'
 */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}
