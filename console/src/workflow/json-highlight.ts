/**
 * JSON split into tokens for the editor's highlighting: keys, strings, numbers, literals
 * and punctuation. A lexer, not a parser: it never fails, so text being typed (broken
 * JSON) still highlights; whatever it does not know is plain text.
 */
export type TokenKind = 'key' | 'string' | 'number' | 'literal' | 'punct' | 'plain';

export interface Token {
  kind: TokenKind;
  text: string;
}

const TOKEN = /("(?:[^"\\\n]|\\.)*"?)(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])|(\s+)|([^\s"{}[\],:\d-]+|.)/gy;

/** @example tokenize('{"a": 1}').map((t) => t.kind) // ['punct', 'key', 'punct', 'plain', 'number', 'punct'] */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const [, string, colon, number, literal, punct, space] = match;
    if (string !== undefined) {
      tokens.push({ kind: colon ? 'key' : 'string', text: string });
      if (colon) tokens.push({ kind: 'punct', text: colon });
    } else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (literal !== undefined) tokens.push({ kind: 'literal', text: literal });
    else if (punct !== undefined) tokens.push({ kind: 'punct', text: punct });
    else if (space !== undefined) tokens.push({ kind: 'plain', text: space });
    else tokens.push({ kind: 'plain', text: match[0] });
    if (match[0] === '') break;
  }
  return tokens;
}
