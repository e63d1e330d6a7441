import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

export type SummaryError = { fieldId: string; message: string };

type Props = { errors: SummaryError[]; ref?: Ref<HTMLDivElement> };

/**
 * The list of what to fix, shown above a form after a failed submit. The form moves focus here,
 * so a screen reader reads it at once; each entry jumps to its field.
 */
export function ErrorSummary({ errors, ref }: Props) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div ref={ref} className="error-summary" tabIndex={-1} data-testid="error-summary">
      <h3 className="error-summary__title">{t('form.errorSummaryTitle')}</h3>
      <ul className="error-summary__list">
        {errors.map((error) => (
          <li key={error.fieldId}>
            <a
              href={`#${error.fieldId}`}
              onClick={(event) => {
                // Jump to the control itself, not just scroll: the field is where the fix is typed.
                const field = document.getElementById(error.fieldId);
                if (!field) return;
                event.preventDefault();
                field.focus();
                field.scrollIntoView?.({ block: 'center' });
              }}
            >
              {error.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
