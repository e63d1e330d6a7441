import { describe, expect, it } from 'vitest';
import { hasOnlyAllowedCharacters, isUuid, lookupSchema, optionalText, textSchema } from './common';

describe('isUuid', () => {
  it('tells an id from a slug, in either case', () => {
    expect(isUuid('8f0c8a55-8b44-4b8f-9a47-2f1f2b1e0c11')).toBe(true);
    expect(isUuid('8F0C8A55-8B44-4B8F-9A47-2F1F2B1E0C11')).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
    for (const value of [
      'brugerinddragelse-i-praksis',
      '8f0c8a55-8b44-4b8f-9a47-2f1f2b1e0c1',
      ' 8f0c8a55-8b44-4b8f-9a47-2f1f2b1e0c11',
      '',
    ]) {
      expect(isUuid(value)).toBe(false);
    }
  });
});

describe('control characters in text fields', () => {
  // C0 controls, DEL, C1 controls (NEL), and the Unicode line and paragraph separators.
  const lineBreaking = [
    '\n',
    '\r',
    '\t',
    '\u0000',
    '\u0007',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u009b',
    '\u2028',
    '\u2029',
  ];

  it('allows none of them inside a one-line field', () => {
    for (const character of lineBreaking) {
      expect(hasOnlyAllowedCharacters(`Mette${character}Tew`, 'single')).toBe(false);
    }
    expect(hasOnlyAllowedCharacters('Mette Tew – Køge Bibliotekerne (æøå, 😀)', 'single')).toBe(true);
  });

  it('allows line breaks and tabs in a multi-line field, and no other control character', () => {
    expect(hasOnlyAllowedCharacters('Vegetar.\r\n\tIngen nødder.\nTak', 'multi')).toBe(true);
    for (const character of ['\u0000', '\u0007', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085']) {
      expect(hasOnlyAllowedCharacters(`Vegetar${character}`, 'multi')).toBe(false);
    }
  });

  it('answers with the control_characters message, after trimming what surrounds the text', () => {
    const single = textSchema(120, 'single');
    expect(single.parse('  \nBibliotekar\t ')).toBe('Bibliotekar');
    const result = single.safeParse('Biblio\u0000tekar');
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['control_characters']);
    expect(optionalText(500, 'multi').parse('Linje 1\nLinje 2')).toBe('Linje 1\nLinje 2');
    expect(optionalText(500, 'multi').safeParse('Linje 1\u0007').error?.issues[0]?.message).toBe('control_characters');
  });
});

describe('lookupSchema', () => {
  it('takes an id or slug as sent, and refuses a NUL byte or another control character', () => {
    const lookup = lookupSchema(120);
    expect(lookup.parse('design-thinking-i-praksis')).toBe('design-thinking-i-praksis');
    expect(lookup.parse(' as-sent ')).toBe(' as-sent ');
    for (const value of ['\u0000', 'moede\u0000', 'mo\nede']) {
      expect(lookup.safeParse(value).error?.issues.map((issue) => issue.message)).toEqual(['control_characters']);
    }
    expect(lookup.safeParse('').success).toBe(false);
  });
});

describe('invisible format characters in text fields', () => {
  // Bidi embeddings, overrides and isolates (Trojan Source), marks, zero-width characters, BOM, soft hyphen.
  const bidi = [
    '\u202a',
    '\u202b',
    '\u202c',
    '\u202d',
    '\u202e',
    '\u2066',
    '\u2067',
    '\u2068',
    '\u2069',
    '\u200e',
    '\u200f',
    '\u061c',
  ];
  const otherInvisible = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];
  const messages = (schema: ReturnType<typeof textSchema>, value: string) =>
    schema.safeParse(value).error?.issues.map((issue) => issue.message);

  it('refuses every one of them in a one-line field, with their own message', () => {
    for (const character of [...bidi, ...otherInvisible]) {
      expect(messages(textSchema(120, 'single'), `Mette${character}Tew`), escape(character)).toEqual([
        'invisible_characters',
      ]);
      expect(messages(lookupSchema(120), `moede${character}`), escape(character)).toEqual(['invisible_characters']);
    }
  });

  it('refuses bidi controls in a multi-line field, which Danish and English text never needs', () => {
    for (const character of bidi) {
      expect(messages(textSchema(500, 'multi'), `Vegetar\n${character}Ingen nødder`), escape(character)).toEqual([
        'invisible_characters',
      ]);
    }
    expect(textSchema(500, 'multi').parse('Glutenfri\u00ad kost\u200b')).toBe('Glutenfri\u00ad kost\u200b');
  });

  it('keeps emoji that are joined into one (👩‍💻), and says control_characters when there are both', () => {
    expect(textSchema(120, 'single').parse('Mette 👩‍💻 ❤️ 🇩🇰')).toBe('Mette 👩‍💻 ❤️ 🇩🇰');
    expect(messages(textSchema(120, 'single'), 'Mette\u0000\u202e')).toEqual(['control_characters']);
  });
});
