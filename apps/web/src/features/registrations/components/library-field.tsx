import { fieldErrorCode } from '@bok/shared/errors';
import type { Library } from '@bok/shared/libraries';
import { useTranslation } from 'react-i18next';
import { controlAria, Field, TextField } from '@/components/form-fields';
import type { FieldIssue } from '@/lib/field-issues';
import { useLibraries } from '../api/get-libraries';

/** The select's value: nothing chosen yet, a library's id, or "another library" typed by hand. */
export type LibraryChoice = '' | 'other' | (string & {});
export const otherLibrary = 'other';

type Props = {
  idPrefix: string;
  choice: LibraryChoice;
  otherName: string;
  onChoice: (choice: LibraryChoice) => void;
  onOtherName: (name: string) => void;
  choiceError?: string | undefined;
  otherNameError?: string | undefined;
};

export function libraryFieldIds(idPrefix: string) {
  return { choice: `${idPrefix}-library`, otherName: `${idPrefix}-library-name` };
}

/** A library chosen from the list, as the API wants it; undefined for "other" or none. */
export function chosenLibraryId(choice: LibraryChoice): string | undefined {
  return choice === '' || choice === otherLibrary ? undefined : choice;
}

/**
 * Adds "library_required" when no library is chosen or typed and nothing else already speaks for
 * the library: zod checks this only once every other field passes (create) or cannot tell it from
 * a partial change (update), yet the visitor should hear it now, with the rest.
 */
export function withLibraryRequired(issues: FieldIssue[], choice: LibraryChoice, otherName: string): FieldIssue[] {
  const typed = choice === otherLibrary && otherName.trim() !== '';
  if (chosenLibraryId(choice) !== undefined || typed) return issues;
  if (issues.some((issue) => issue.field === 'libraryId' || issue.field === 'libraryName')) return issues;
  return [...issues, { field: 'libraryId', code: 'custom', message: fieldErrorCode.library_required }];
}

/**
 * The member library. A native <select> rather than a combobox widget: every browser, screen
 * reader and phone handles it, typing letters jumps through it, and "another library" opens a
 * plain text field for libraries the list does not have.
 */
export function LibraryField({
  idPrefix,
  choice,
  otherName,
  onChoice,
  onOtherName,
  choiceError,
  otherNameError,
}: Props) {
  const { t } = useTranslation();
  const libraries = useLibraries();
  const ids = libraryFieldIds(idPrefix);
  const items = libraries.data?.items ?? [];
  const members = items.filter((library) => library.isMember);
  const others = items.filter((library) => !library.isMember);

  // While the list loads, its empty select says so; the hint stays, so the form does not move.
  const hint = libraries.isError ? t('registration.librariesFailed') : t('registration.libraryHint');

  return (
    <>
      <Field id={ids.choice} label={t('registration.library')} hint={hint} error={choiceError}>
        <select
          id={ids.choice}
          name="libraryId"
          className="field__input field__select"
          value={choice}
          onChange={(event) => onChoice(event.target.value)}
          {...controlAria(ids.choice, { hint, error: choiceError })}
          aria-busy={libraries.isPending || undefined}
        >
          <option value="">
            {libraries.isPending ? t('registration.librariesLoading') : t('registration.libraryPlaceholder')}
          </option>
          <LibraryGroup label={t('registration.libraryMembers')} libraries={members} />
          <LibraryGroup label={t('registration.libraryOthers')} libraries={others} />
          <option value={otherLibrary}>{t('registration.libraryOther')}</option>
        </select>
      </Field>
      {choice === otherLibrary ? (
        <TextField
          id={ids.otherName}
          name="libraryName"
          label={t('registration.libraryName')}
          value={otherName}
          onChange={onOtherName}
          error={otherNameError}
          autoComplete="organization"
        />
      ) : null}
    </>
  );
}

function LibraryGroup({ label, libraries }: { label: string; libraries: Library[] }) {
  if (libraries.length === 0) return null;
  return (
    <optgroup label={label}>
      {libraries.map((library) => (
        <option key={library.id} value={library.id}>
          {library.name}
        </option>
      ))}
    </optgroup>
  );
}
