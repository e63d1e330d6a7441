import fc from 'fast-check';

/**
 * What an attacker, a broken client or a confused browser sends: the catalogue the fuzzer draws
 * from, beside the values the API documents. Grouped by input class; the class names are what the
 * known findings and the report speak of.
 */
export const hostileStrings = {
  nul: ['\u0000', 'a\u0000b', 'moede\u0000', '\u0000\u0000\u0000', `${'x'.repeat(10)}\u0000`],
  loneSurrogates: ['\ud800', '\udfff', 'a\ud83dz', '\udc00\ud800', 'Mette \ud83d'],
  bidi: ['\u202eevil\u202c', 'Mette\u202e gnol\u202c', '\u2066x\u2069', 'abc\u200f', '\u061cdef', '\u202dLRO'],
  formatCharacters: ['\u200b', 'a\ufeffb', '\u200d', 'An\u00adna', '\u2060', '\u180e'],
  emoji: ['😀', '👩🏽‍💻', '🏳️‍🌈', '𝕳𝖊𝖑𝖑𝖔', '🧑‍🤝‍🧑'.repeat(20)],
  combining: [
    'e\u0301',
    'Z\u0334\u0321\u0328\u031ba\u0336l\u0335g\u0337o\u0338',
    '\ufdfa',
    'Ærø'.normalize('NFD'),
    '\u0301',
  ],
  control: ['\u0007', '\u001b[31mred', 'a\r\nb', '\u0085', 'a\u2028b', '\u2029', '\t', '\u007f', '\u009b'],
  traversal: [
    '../',
    '../../etc/passwd',
    '..%2f..%2fetc%2fpasswd',
    '%2e%2e/%2e%2e/',
    '%2e%2e%2f',
    '..\\..\\windows\\win.ini',
    '....//....//',
    '..%252f',
    '%c0%ae%c0%ae/',
    '.%2e/',
    '/%2e%2e/%2e%2e/package.json',
    '%2f%2f',
    'a%2fb',
    'a%5cb',
    ';/..',
    '..;/',
  ],
  sql: [
    "' OR '1'='1",
    "1' OR 1=1 --",
    '1; DROP TABLE "Registration"; --',
    '\' UNION SELECT email, name FROM "Registration" --',
    "%' --",
    "\\'; SELECT pg_sleep(5); --",
    '$1',
    '1::int',
    "'::uuid",
    "00000000-0000-0000-0000-000000000000' OR 1=1 --",
  ],
  markup: [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '{{constructor.constructor("alert(1)")()}}',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal payload, as text.
    '${process.exit(1)}',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  ],
  objectKeys: ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'],
  numbersAsText: ['-1', '0', '1.5', '1e3', '9007199254740993', '0x10', 'Infinity', 'NaN', ' 1', '١', '1_000', '-0'],
  format: ['%s%s%s%n', '%00%01', '\\u0000', '\\x00', 'null', 'undefined', 'true', '[]', '{}', '', ' ', '   '],
  percentEncoding: ['%', '%%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%80', '%FF%FE', '%uD800', '%25%30%30'],
} satisfies Record<string, string[]>;

export type HostileClass = keyof typeof hostileStrings;
export const hostileClasses = Object.keys(hostileStrings) as HostileClass[];

/** Percent-encodings that are not UTF-8 (or not percent-encodings): sent raw, a URL must refuse them. */
export const badPercentEncodings = hostileStrings.percentEncoding;

/** One hostile string, sometimes inside ordinary text, at most `longest` characters. */
function hostile(longest: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...hostileClasses.flatMap((name) => hostileStrings[name])) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...hostileClasses), fc.nat(), fc.string({ maxLength: 8 }))
        .map(([before, name, index, after]) => {
          const list = hostileStrings[name];
          return `${before}${list[index % list.length]}${after}`;
        }),
    },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: hugeString(longest) },
  );
}

/** For bodies: up to past the body limit. */
export const hostileString = hostile(70_000);
/**
 * For URLs and headers: Node refuses a request head over 16 KiB before the app sees it (the raw
 * socket cases send those), so longer ones would only cost time here.
 */
export const hostileInHead = hostile(2_001);

/** Longer than any field allows; the longest are past the body limit (64 KiB) on their own. */
export function hugeString(longest = 70_000): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...[121, 201, 256, 2001, 10_000, 70_000].filter((length) => length <= longest)),
      fc.constantFrom('x', 'æ', '😀', '%', '\u0301'),
    )
    .map(([length, unit]) => unit.repeat(length));
}

/** Arrays nested this deep: a parser or validator that recurses per level falls over long before. */
export function deeplyNested(levels: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array'
    ? `${'['.repeat(levels)}${']'.repeat(levels)}`
    : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** Values of the wrong type for any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, [], {}, [null], { 0: 'a' }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constantFrom(1, 50, 500).map((levels) => JSON.parse(deeplyNested(levels)) as unknown),
);

/** Bodies that are not JSON, or are JSON only in a way a lenient parser would guess at. */
export const malformedJson: string[] = [
  '',
  ' ',
  '{',
  '}',
  '{"name":',
  '{"name":"Mette",}',
  "{'name':'Mette'}",
  '{"name":NaN}',
  '{"name":Infinity}',
  '{"name":undefined}',
  '/* comment */ {}',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  '\ufeff{"consent":true}',
  '\u0000',
  'null',
  'true',
  '0',
  '"string"',
  '[]',
  '1e999999',
  '-',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"name":"a","name":"b","name":{"$gt":""}}',
  '{"email":{"$ne":null},"name":{"$regex":".*"}}',
  '{"\\ud800":"\\udfff"}',
  '{"name":"\\u0000"}',
  '{"name":"\\',
  '["a",',
  deeplyNested(10_000),
  deeplyNested(30_000),
  deeplyNested(10_000, 'object'),
  `{"name":${deeplyNested(10_000)},"email":"a@b.dk","consent":true,"libraryName":"x"}`,
  `{"__proto__":${'{"__proto__":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
  `{"constructor":${'{"constructor":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
];

/** Content types a client may declare, well- or ill-formed. `null`: no Content-Type at all. */
export const contentTypes: Array<string | null> = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-16',
  'application/json; charset=iso-8859-1',
  'application/json; charset=utf-7',
  'application/json; charset="utf-8"; foo=bar',
  'application/json;;',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/problem+json',
  'application/merge-patch+json',
  'application/vnd.api+json',
  'text/json',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'multipart/form-data',
  'application/xml',
  'text/xml',
  'application/octet-stream',
  'application/x-ndjson',
  '*/*',
  '',
  ' ',
  'json',
  'application/',
  '\u00e6/\u00f8',
  null,
];

/** Header values that headers of any kind must survive. */
export const junkHeaderValues: string[] = [
  '',
  ' ',
  '*',
  ',,,',
  'null',
  'x'.repeat(8_000),
  'gzip;q=abc, *;q=-1, br;q=2',
  'identity;q=0, *;q=0',
  'W/"',
  '"unterminated',
  'W/"a", "b", *, W/""',
  Array.from({ length: 500 }, (_, index) => `"etag-${index}"`).join(', '),
  'bytes=0-0,-1,9999999999999999999-',
  '\u00e6\u00f8\u00e5',
  // UTF-8 bytes as a server reads them: Latin-1.
  Buffer.from('😀 \u202e', 'utf8').toString('latin1'),
  "' OR 1=1 --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '() { :; }; echo vulnerable',
];

/** What a manage link's token might be instead of the right one. */
export const junkTokens: string[] = [
  '',
  ' ',
  'null',
  'undefined',
  'x',
  'A'.repeat(43),
  'A'.repeat(200),
  'A'.repeat(201),
  'A'.repeat(5_000),
  '../../etc/passwd',
  "' OR 1=1 --",
  '%00',
  'Bearer abc',
  Buffer.from('tøken-😀', 'utf8').toString('latin1'),
  '\u00ff\u00fe',
];

/** Idempotency-Key headers the draft's printable ASCII rule refuses, or only just allows. */
export const junkIdempotencyKeys: string[] = [
  '',
  ' ',
  'key with spaces',
  'k'.repeat(255),
  'k'.repeat(256),
  'k'.repeat(5_000),
  'æøå',
  Buffer.from('🔑', 'utf8').toString('latin1'),
  '"quoted"',
  '\u007f',
  "' OR 1=1 --",
  '../../',
  '!',
  '~'.repeat(3),
];

/**
 * Percent-encodes for a URL. A lone surrogate cannot be UTF-8: it goes out as the bytes a
 * WTF-8 encoder would write (ED A0 80), which the server must refuse rather than choke on.
 */
export function encodePathValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    let out = '';
    for (const char of value) {
      const code = char.codePointAt(0) ?? 0;
      if (code >= 0xd800 && code <= 0xdfff) {
        out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      } else out += encodeURIComponent(char);
    }
    return out;
  }
}

/** A string as the Latin-1 bytes of its UTF-8: how a real client carries non-ASCII text in a header. */
export function asHeaderValue(value: string): string {
  // Control characters (but tab) cannot be sent in a header value.
  const latin1 = Buffer.from(value, 'utf8').toString('latin1');
  return [...latin1].filter((char) => char === '\t' || (char >= ' ' && char !== '\u007f')).join('');
}
