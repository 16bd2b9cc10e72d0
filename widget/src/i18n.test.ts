import { describe, expect, it } from 'vitest';
import { directionOf, pickLanguage, stringsFor } from './i18n.ts';
import { readableTextOn } from './theme.ts';

describe('pickLanguage', () => {
  it('takes the first supported candidate by primary subtag, else English', () => {
    expect(pickLanguage(undefined, 'de-CH', 'fr')).toBe('de');
    expect(pickLanguage('xx', null, 'NL')).toBe('nl');
    expect(pickLanguage('constructor', '__proto__')).toBe('en');
    expect(pickLanguage()).toBe('en');
  });

  it('has every string in every language, and Arabic reads right to left', () => {
    const keys = Object.keys(stringsFor('en')).sort();
    for (const lang of ['de', 'fr', 'es', 'nl', 'ar']) expect(Object.keys(stringsFor(lang)).sort()).toEqual(keys);
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('de')).toBe('ltr');
  });
});

describe('readableTextOn', () => {
  it('picks white on dark accents and near-black on light ones', () => {
    expect(readableTextOn('#1d4ed8')).toBe('#ffffff');
    expect(readableTextOn('#fde047')).toBe('#111111');
    expect(readableTextOn('#fff')).toBe('#111111');
    expect(readableTextOn('rebeccapurple')).toBeNull();
  });
});
