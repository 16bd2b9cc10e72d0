import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.ts';

describe('CSV fields', () => {
  it('leaves plain text and numbers as they are, and empties null', () => {
    expect([csvField('hello'), csvField(12.5), csvField(null), csvField(undefined), csvField(false)]).toEqual(['hello', '12.5', '', '', 'false']);
  });

  it('quotes commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nnext')).toBe('"line\nnext"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
  });

  it('keeps a spreadsheet from running a visitor’s formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-2)).toBe('-2');
  });

  it('ends every record, the header included, in CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y'], [null, 'z']])).toBe('a,b\r\n1,"x,y"\r\n,z\r\n');
  });
});
