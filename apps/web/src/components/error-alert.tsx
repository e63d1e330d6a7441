import type { Ref } from 'react';

type Props = {
  message: string;
  title?: string | undefined;
  testId?: string | undefined;
  ref?: Ref<HTMLDivElement>;
};

/**
 * A request that failed. It is announced as it appears, and focusable, so whoever shows it can move
 * the keyboard there.
 */
export function ErrorAlert({ message, title, testId, ref }: Props) {
  return (
    <div ref={ref} className="notice notice--error" role="alert" tabIndex={-1} data-testid={testId}>
      {title ? <p className="notice__title">{title}</p> : null}
      <p>{message}</p>
    </div>
  );
}
