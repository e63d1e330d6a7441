import type { ChangeEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Form fields with the accessible wiring done once: a visible label, hint and error text tied to
 * the control with aria-describedby, aria-invalid when it failed. Validation is the form's job.
 */
type BaseProps = {
  id: string;
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** Marks the label "(optional)"; required fields are the norm and carry no mark. */
  optional?: boolean;
};

export function hintId(id: string) {
  return `${id}-hint`;
}

export function errorId(id: string) {
  return `${id}-error`;
}

export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? hintId(id) : null, error ? errorId(id) : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function FieldLabel({ id, label, optional }: { id: string; label: string; optional?: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <label htmlFor={id} className="field__label">
      {label}
      {optional ? <span className="field__optional"> {t('form.optional')}</span> : null}
    </label>
  );
}

export function FieldHint({ id, hint }: { id: string; hint: ReactNode }) {
  if (!hint) return null;
  return (
    <p id={hintId(id)} className="field__hint">
      {hint}
    </p>
  );
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={errorId(id)} className="field__error">
      <span className="visually-hidden">{t('form.errorPrefix')} </span>
      {error}
    </p>
  );
}

/**
 * The accessible state of a control: required unless optional, invalid when it failed, described
 * by its hint and error text.
 */
export function controlAria(
  id: string,
  { hint, error, optional }: { hint?: unknown; error?: unknown; optional?: boolean },
) {
  return {
    'aria-required': optional ? undefined : true,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
  } as const;
}

/** A labelled field around one control: label, hint and error, in the order a screen reader meets them. */
export function Field({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: Omit<BaseProps, 'name'> & { children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <FieldLabel id={id} label={label} optional={optional} />
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      {children}
    </div>
  );
}

type TextFieldProps = BaseProps & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'number' | 'datetime-local';
  autoComplete?: string;
  spellCheck?: boolean;
  inputMode?: 'numeric' | 'text';
};

export function TextField({
  id,
  name,
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  type = 'text',
  autoComplete,
  spellCheck,
  inputMode,
}: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={id}
        name={name}
        type={type}
        className="field__input"
        value={value}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        inputMode={inputMode}
        {...controlAria(id, { hint, error, optional })}
      />
    </Field>
  );
}

type TextAreaFieldProps = BaseProps & { value: string; onChange: (value: string) => void; rows?: number };

export function TextAreaField({
  id,
  name,
  label,
  hint,
  error,
  optional,
  value,
  onChange,
  rows = 3,
}: TextAreaFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={id}
        name={name}
        className="field__input field__textarea"
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...controlAria(id, { hint, error, optional })}
      />
    </Field>
  );
}

/** A choice from a list: `[value, label]` pairs, in order. */
export function SelectField({
  id,
  label,
  hint,
  error,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  options: ReadonlyArray<readonly [value: string, label: string]>;
  onChange: (value: string) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        className="field__input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A checkbox with its label after it, and a hint below when it needs one. */
export function CheckboxField({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const box = (
    <div className="checkbox">
      <input
        id={id}
        type="checkbox"
        className="checkbox__input"
        checked={checked}
        aria-describedby={hint ? hintId(id) : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id} className="checkbox__label">
        {label}
      </label>
    </div>
  );
  if (!hint) return box;
  return (
    <div className="field">
      {box}
      <FieldHint id={id} hint={hint} />
    </div>
  );
}

/**
 * A form's submit button with the status line beside it, which a screen reader hears ("Saving …",
 * "Saved"); other buttons of the form go before it.
 */
export function SubmitActions({
  label,
  status,
  disabled,
  children,
}: {
  label: string;
  status: string;
  disabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      {children}
      <button type="submit" className="button" disabled={disabled}>
        {label}
      </button>
      <p className="form-actions__status" role="status">
        {status}
      </p>
    </div>
  );
}
