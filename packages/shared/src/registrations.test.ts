import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './members';
import { registrationCreatedSchema, registrationCreateSchema, registrationUpdateSchema } from './registrations';

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

  it('names every failing field', () => {
    expect(failingFields({ name: '', email: 'not-an-email', consent: false, libraryId: 'x' })).toEqual([
      'consent',
      'email',
      'libraryId',
      'name',
    ]);
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
    expect(registrationCreatedSchema.safeParse({ id, status: 'waitlisted', waitlistPosition: 3 }).success).toBe(true);
    expect(
      registrationCreatedSchema.safeParse({ id: null, status: 'already_registered', waitlistPosition: null }).success,
    ).toBe(true);
    expect(
      registrationCreatedSchema.safeParse({ id, status: 'already_registered', waitlistPosition: null }).success,
    ).toBe(false);
    expect(registrationCreatedSchema.safeParse({ id: null, status: 'confirmed', waitlistPosition: null }).success).toBe(
      false,
    );
  });
});
