import { z } from 'zod';
import { fieldErrorCode } from './errors';
import { locales } from './locales';

export const idSchema = z.uuid();

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a path segment is an id rather than a slug: the one test for "by id or slug" lookups.
 * Looser than `idSchema` (any hex digits in the 8-4-4-4-12 form, either case), as PostgreSQL's
 * uuid type is: a well-formed id that is not RFC 9562 is looked up, and not found, as an id.
 */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase letters, digits and hyphens');

/** Instants cross the wire as ISO 8601 strings in UTC. */
export const instantSchema = z.iso.datetime({ offset: true });

export const localeSchema = z.enum(locales);
export type { Locale } from './locales';

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });
}

/**
 * Whether a text field is one line (a name, a job title: they end up in e-mail subjects, headers
 * and greetings) or may run over several (needs, a comment).
 */
export type TextLines = 'single' | 'multi';

/** The message of a text field holding a control character its kind of field does not allow. */
export const controlCharactersMessage = fieldErrorCode.control_characters;
/** The message of a text field holding an invisible format character (a bidi override, a zero-width space). */
export const invisibleCharactersMessage = fieldErrorCode.invisible_characters;
export type ForbiddenCharacters = typeof controlCharactersMessage | typeof invisibleCharactersMessage;

// Control characters (C0, DEL, C1) and the Unicode line and paragraph separators, which break a line too.
const lineBreaking = /[\p{Cc}\u2028\u2029]/u;
const controlCharacter = /\p{Cc}/u;
const lineBreaksAndTabs = /[\t\n\r]/g;
// Format characters (Cf) draw nothing, yet bidi controls reorder what is around them (a name that
// reads as another, "Trojan Source") and zero-width ones make two equal-looking texts differ.
const formatCharacter = /\p{Cf}/u;
const bidiControl = /\p{Bidi_Control}/u;
// The one format character people do type in a name: the joiner inside an emoji sequence (👩‍💻).
const emojiJoiner = /(?<=\p{Extended_Pictographic}\p{M}*)\u200d(?=\p{Extended_Pictographic})/gu;

/**
 * What a text of this kind must not hold, or undefined. One line (a name, a job title: they end
 * up in e-mail subjects, headers and calendar entries): no control or format character. Several
 * lines: line breaks and tabs, but no other control character and no bidi control, which Danish
 * and English text never needs.
 */
export function forbiddenCharacters(value: string, lines: TextLines): ForbiddenCharacters | undefined {
  if (lines === 'single') {
    if (lineBreaking.test(value)) return controlCharactersMessage;
    return formatCharacter.test(value.replace(emojiJoiner, '')) ? invisibleCharactersMessage : undefined;
  }
  if (controlCharacter.test(value.replace(lineBreaksAndTabs, ''))) return controlCharactersMessage;
  return bidiControl.test(value) ? invisibleCharactersMessage : undefined;
}

/** True when `value` has no character that a field of this kind must not hold. */
export function hasOnlyAllowedCharacters(value: string, lines: TextLines): boolean {
  return forbiddenCharacters(value, lines) === undefined;
}

/** The check every text field runs: the forbidden characters, named by their message. */
function allowedCharacters(lines: TextLines) {
  return (value: string, context: z.RefinementCtx) => {
    const message = forbiddenCharacters(value, lines);
    if (message) context.addIssue({ code: 'custom', message });
  };
}

/** Trimmed text of at most `max` characters, without the characters its kind forbids. */
export function textSchema(max: number, lines: TextLines) {
  return z.string().trim().max(max).superRefine(allowedCharacters(lines));
}

/**
 * A one-line value that looks something up (an id or slug in a path, a filter in a query):
 * as sent, not trimmed, and held to the rules of a one-line text field, so a NUL byte (which
 * PostgreSQL refuses in text) is a 400 naming the field rather than a failed query.
 */
export function lookupSchema(max: number) {
  return z.string().min(1).max(max).superRefine(allowedCharacters('single'));
}

/** For a change (PATCH, PUT): absent stays as it is; null or an empty string clears it. */
export function clearableText(max: number, lines: TextLines) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
    textSchema(max, lines).nullable().optional(),
  );
}

/** `a,b, c` in a query string: the list, each part trimmed, empty parts dropped. */
export function commaSeparated<Item extends z.ZodType<unknown, string>>(item: Item) {
  return z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));
}

/** Trims, and turns an empty string into undefined: how optional free-text form fields arrive. */
export function optionalText(max: number, lines: TextLines) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    textSchema(max, lines).optional(),
  );
}
