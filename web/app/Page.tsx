import type { ReactNode } from 'react';

/** A page's title row (title, optional subtitle and actions) above its content. */
export function Page({ title, sub, extra, children, testId }: { title: ReactNode; sub?: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <div className="xb-page-head">
        <h1 className="xb-page-title">{title}</h1>
        {sub ? <span className="xb-page-sub">{sub}</span> : null}
        <div style={{ flex: 1 }} />
        {extra}
      </div>
      {children}
    </div>
  );
}
