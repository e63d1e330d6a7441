import { describe, expect, it } from 'vitest';
import { normalizeEmail, personNameSchema } from './members';
import {
  registrationAlreadyRegisteredSchema,
  registrationCreatedNewSchema,
  registrationCreatedSchema,
  registrationCreateSchema,
  registrationUpdateSchema,
} from './registrations';

const valid = {
  name: 'Mette Tew',
  email: 'mette@koege.dk',
  libraryId: '8f0c8a55-8b44-4b8f-9a47-2f1f2b1e0c11',
  consent: true,
};

function failingFields(input: unknown): string[] {
  const result = registrationCreateSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.')).sort();
}

describe('registrationCreateSchema', () => {
  it('accepts a complete registration and trims what people type', () => {
    const parsed = registrationCreateSchema.parse({
      ...valid,
      name: '  Mette Tew ',
      email: ' mette@koege.dk ',
      comment: '  ',
    });
    expect(parsed).toMatchObject({ name: 'Mette Tew', email: 'mette@koege.dk', locale: 'da' });
    expect(parsed.comment).toBeUndefined();
  });

  it('takes a free-text library instead of one from the list', () => {
    const { libraryId: _, ...withoutId } = valid;
    expect(registrationCreateSchema.safeParse({ ...withoutId, libraryName: 'Biblioteket i Ishøj' }).success).toBe(true);
    expect(failingFields(withoutId)).toEqual(['libraryId']);
  });

  it('takes a library from the list or a typed one, not both', () => {
    const result = registrationCreateSchema.safeParse({ ...valid, libraryName: 'Biblioteket i Ishøj' });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['libraryName', 'library_choose_one'],
    ]);
    // An empty typed name is no name: the one from the list stands alone.
    expect(registrationCreateSchema.safeParse({ ...valid, libraryName: '  ' }).success).toBe(true);
  });

  it('refuses control characters in one-line fields, and all but line breaks and tabs in the others', () => {
    const messages = (input: Record<string, unknown>) =>
      registrationCreateSchema
        .safeParse({ ...valid, ...input })
        .error?.issues.map((issue) => [issue.path.join('.'), issue.message])
        .sort();
    expect(
      messages({
        name: 'Mette\nBcc: x@example.com',
        jobTitle: 'Le\rder',
        libraryId: undefined,
        libraryName: 'Køge\u0085',
      }),
    ).toEqual([
      ['jobTitle', 'control_characters'],
      ['libraryName', 'control_characters'],
      ['name', 'control_characters'],
    ]);
    expect(messages({ comment: 'Kommer med tog.\r\n\tAnkomst 9.30', dietaryNeeds: 'Vegetar\nIngen nødder' })).toBe(
      undefined,
    );
    expect(messages({ comment: 'Hej\u0007', accessibilityNeeds: 'Kørestol\u001b[31m' })).toEqual([
      ['accessibilityNeeds', 'control_characters'],
      ['comment', 'control_characters'],
    ]);
  });

  it('names every failing field', () => {
    expect(failingFields({ name: '', email: 'not-an-email', consent: false, libraryId: 'x' })).toEqual([
      'consent',
      'email',
      'libraryId',
      'name',
    ]);
  });
});

describe('personNameSchema', () => {
  it('is one trimmed line', () => {
    expect(personNameSchema.parse('  Mette Tew \n')).toBe('Mette Tew');
    for (const name of ['Mette\nTew', 'Mette\u0000', 'Mette\u2028Tew', 'Mette\tTew']) {
      expect(personNameSchema.safeParse(name).error?.issues.map((issue) => issue.message)).toEqual([
        'control_characters',
      ]);
    }
  });
});

describe('normalizeEmail', () => {
  it('makes addresses that differ only in case or spaces the same', () => {
    expect(normalizeEmail('  Mette.Tew@Koege.DK ')).toBe('mette.tew@koege.dk');
  });
});

describe('registrationUpdateSchema', () => {
  it('leaves absent fields out, and turns empty text into null so a field can be cleared', () => {
    expect(registrationUpdateSchema.parse({ comment: '  ', dietaryNeeds: ' Vegetar ', libraryId: '' })).toEqual({
      comment: null,
      dietaryNeeds: 'Vegetar',
      libraryId: null,
    });
  });

  it('refuses control characters as the registration form does; clearing still works', () => {
    const result = registrationUpdateSchema.safeParse({
      libraryName: 'Ishøj\nBibliotek',
      jobTitle: 'Leder\u0000',
      comment: 'Linje 1\nLinje 2\u0007',
    });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]).sort()).toEqual([
      ['comment', 'control_characters'],
      ['jobTitle', 'control_characters'],
      ['libraryName', 'control_characters'],
    ]);
    expect(registrationUpdateSchema.parse({ comment: 'Linje 1\n\tLinje 2', jobTitle: null })).toEqual({
      comment: 'Linje 1\n\tLinje 2',
      jobTitle: null,
    });
  });

  it('takes a library from the list or a typed one, not both, as the registration form does', () => {
    const result = registrationUpdateSchema.safeParse({ libraryId: valid.libraryId, libraryName: 'Ishøj Bibliotek' });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['libraryName', 'library_choose_one'],
    ]);
    // Choosing one and clearing the other is how the edit form switches between them.
    expect(registrationUpdateSchema.parse({ libraryId: valid.libraryId, libraryName: '' })).toEqual({
      libraryId: valid.libraryId,
      libraryName: null,
    });
    expect(registrationUpdateSchema.parse({ libraryId: null, libraryName: 'Ishøj Bibliotek' })).toEqual({
      libraryId: null,
      libraryName: 'Ishøj Bibliotek',
    });
  });

  it('names each field that cannot be changed', () => {
    const result = registrationUpdateSchema.safeParse({ name: 'Ny', email: 'ny@x.dk', comment: 'ok' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]).sort()).toEqual([
      ['email', 'not_editable'],
      ['name', 'not_editable'],
    ]);
  });
});

describe('registrationCreatedSchema', () => {
  it('carries an id for a new registration and nothing for an address already registered', () => {
    const id = '8f0c8a55-8b44-4b8f-9a47-2f1f2b1e0c11';
    expect(
      registrationCreatedSchema.safeParse({ id, status: 'waitlisted', waitlistPosition: 3, confirmBy: null }).success,
    ).toBe(true);
    expect(
      registrationCreatedSchema.safeParse({
        id: null,
        status: 'already_registered',
        waitlistPosition: null,
        confirmBy: null,
      }).success,
    ).toBe(true);
    expect(
      registrationCreatedSchema.safeParse({ id, status: 'already_registered', waitlistPosition: null, confirmBy: null })
        .success,
    ).toBe(false);
    expect(
      registrationCreatedSchema.safeParse({ id: null, status: 'confirmed', waitlistPosition: null, confirmBy: null })
        .success,
    ).toBe(false);
  });

  it('has a schema for each answer: 201 a seat (no position) or a waitlist place, 202 nothing at all', () => {
    const id = '8f0c8a55-8b44-4b8f-9a47-2f1f2b1e0c11';
    const created = (value: unknown) => registrationCreatedNewSchema.safeParse(value).success;
    expect(created({ id, status: 'confirmed', waitlistPosition: null, confirmBy: null })).toBe(true);
    expect(created({ id, status: 'waitlisted', waitlistPosition: 1, confirmBy: null })).toBe(true);
    expect(created({ id, status: 'confirmed', waitlistPosition: 2, confirmBy: null })).toBe(false);
    expect(created({ id, status: 'waitlisted', waitlistPosition: null, confirmBy: null })).toBe(false);
    expect(created({ id: null, status: 'already_registered', waitlistPosition: null, confirmBy: null })).toBe(false);
    const already = { id: null, status: 'already_registered', waitlistPosition: null, confirmBy: null };
    expect(registrationAlreadyRegisteredSchema.safeParse(already).success).toBe(true);
    expect(
      registrationAlreadyRegisteredSchema.safeParse({
        id,
        status: 'confirmed',
        waitlistPosition: null,
        confirmBy: null,
      }).success,
    ).toBe(false);
    // A held place says until when; the 202 never does (it tells nothing about the registration).
    expect(created({ id, status: 'confirmed', waitlistPosition: null, confirmBy: '2026-06-01T10:30:00.000Z' })).toBe(
      true,
    );
    expect(created({ id, status: 'confirmed', waitlistPosition: null, confirmBy: 'soon' })).toBe(false);
    expect(
      registrationAlreadyRegisteredSchema.safeParse({ ...already, confirmBy: '2026-06-01T10:30:00.000Z' }).success,
    ).toBe(false);
    // What the web client parses takes either.
    expect(registrationCreatedSchema.parse(already)).toEqual(already);
  });
});
