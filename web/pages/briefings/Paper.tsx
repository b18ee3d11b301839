/** An issue as it prints: restricted mark, red masthead, number, issuer and date, red rule, items, closing block. */
import type { ReactNode } from 'react';
import { useT } from '../../app/locale';
import type { Issue } from './service';
import { PART_LABEL } from './labels';

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split('\n').filter((p) => p.trim()).map((p, i) => (
        <p key={i} className={`xb-brf-para${/^[一二三四五六七八九十]+、/.test(p) ? ' xb-brf-h1' : /^（[一二三四五六七八九十]+）/.test(p) ? ' xb-brf-h2' : ''}`}>
          {p}
        </p>
      ))}
    </>
  );
}

const cnDate = (d: string | null) => (d ? `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : '');

export function Paper({ issue, extra }: { issue: Issue; extra?: (itemId: string) => ReactNode }) {
  const t = useT();
  const label = issue.label ?? t('brf.draftLabel');
  return (
    <div className="xb-brf-paper" data-testid="briefing-paper">
      {issue.restricted ? <div className="xb-brf-mark">{issue.series.restrictedMark}</div> : null}
      <div className="xb-brf-masthead" data-testid="paper-masthead">
        {issue.series.mastheadName}
      </div>
      <div className="xb-brf-number" data-testid="paper-number">
        {issue.documentNumber ?? label}
      </div>
      <div className="xb-brf-issuer">
        <span>{issue.series.issuerName}</span>
        <span>{cnDate(issue.issueDate)}</span>
      </div>
      <div className="xb-brf-rule" />
      {issue.editorNote.trim() ? (
        <div className="xb-brf-note">
          <b>编者按：</b>
          {issue.editorNote}
        </div>
      ) : null}
      {issue.items.map((it) => (
        <div key={it.submissionId} data-testid="paper-item">
          <div className="xb-brf-title">{it.title}</div>
          <Paragraphs text={it.body} />
          {it.source ? <div className="xb-brf-source">{it.source}</div> : null}
          {extra?.(it.submissionId)}
        </div>
      ))}
      <div className="xb-brf-closing" data-testid="paper-closing">
        {(['report', 'send', 'issue'] as const).map((p) =>
          issue.distribution[p].length ? (
            <div key={p}>
              <b>{t(PART_LABEL[p]).replace(/\s*\(.*\)/, '')}：</b>
              {issue.distribution[p].map((r) => r.name).join('，')}
            </div>
          ) : null,
        )}
        <div style={{ textAlign: 'right' }}>{t('brf.view.printed', { n: issue.copies })}</div>
      </div>
    </div>
  );
}
