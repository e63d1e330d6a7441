import { useTranslation } from 'react-i18next';
import { TextAreaField, TextField } from '@/components/form-fields';
import { type LibraryChoice, LibraryField, libraryFieldIds } from './library-field';

/** What a registrant tells us beyond who they are, in the order the forms show it. */
export const registrationDetailsFields = [
  'library',
  'libraryName',
  'jobTitle',
  'dietaryNeeds',
  'accessibilityNeeds',
  'comment',
] as const;
export type RegistrationDetailsField = (typeof registrationDetailsFields)[number];

export type RegistrationDetails = {
  library: LibraryChoice;
  libraryName: string;
  jobTitle: string;
  dietaryNeeds: string;
  accessibilityNeeds: string;
  comment: string;
};

export function registrationDetailsIds(idPrefix: string): Record<RegistrationDetailsField, string> {
  const library = libraryFieldIds(idPrefix);
  return {
    library: library.choice,
    libraryName: library.otherName,
    jobTitle: `${idPrefix}-job-title`,
    dietaryNeeds: `${idPrefix}-dietary-needs`,
    accessibilityNeeds: `${idPrefix}-accessibility-needs`,
    comment: `${idPrefix}-comment`,
  };
}

type Props = {
  idPrefix: string;
  values: RegistrationDetails;
  messages: Partial<Record<RegistrationDetailsField, string>>;
  /** The change handler for a field, as the form's state hook hands it out. */
  set: <K extends RegistrationDetailsField>(field: K) => (value: RegistrationDetails[K]) => void;
};

/** Library, job title, needs and comment: the same fields when registering and when changing a registration. */
export function RegistrationDetailsFields({ idPrefix, values, messages, set }: Props) {
  const { t } = useTranslation();
  const ids = registrationDetailsIds(idPrefix);
  return (
    <>
      <LibraryField
        idPrefix={idPrefix}
        choice={values.library}
        otherName={values.libraryName}
        onChoice={set('library')}
        onOtherName={set('libraryName')}
        choiceError={messages.library}
        otherNameError={messages.libraryName}
      />
      <TextField
        id={ids.jobTitle}
        name="jobTitle"
        label={t('registration.jobTitle')}
        hint={t('registration.jobTitleHint')}
        optional
        value={values.jobTitle}
        onChange={set('jobTitle')}
        error={messages.jobTitle}
        autoComplete="organization-title"
      />
      <TextAreaField
        id={ids.dietaryNeeds}
        name="dietaryNeeds"
        label={t('registration.dietaryNeeds')}
        hint={t('registration.dietaryNeedsHint')}
        optional
        rows={2}
        value={values.dietaryNeeds}
        onChange={set('dietaryNeeds')}
        error={messages.dietaryNeeds}
      />
      <TextAreaField
        id={ids.accessibilityNeeds}
        name="accessibilityNeeds"
        label={t('registration.accessibilityNeeds')}
        hint={t('registration.accessibilityNeedsHint')}
        optional
        rows={2}
        value={values.accessibilityNeeds}
        onChange={set('accessibilityNeeds')}
        error={messages.accessibilityNeeds}
      />
      <TextAreaField
        id={ids.comment}
        name="comment"
        label={t('registration.comment')}
        hint={t('registration.commentHint')}
        optional
        value={values.comment}
        onChange={set('comment')}
        error={messages.comment}
      />
    </>
  );
}
