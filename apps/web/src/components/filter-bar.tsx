import type { ReactNode } from 'react';

/**
 * A row of search and filter fields, announced as a search landmark. A `<div role="search">`, not
 * `<search>`: Safari before 17 (and jsdom) do not know the element.
 */
export function FilterBar({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not known everywhere yet (see above)
    <div role="search" aria-label={label} className={`filter-bar${className ? ` ${className}` : ''}`}>
      {children}
    </div>
  );
}
