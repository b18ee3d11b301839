/** Near-duplicate and identical-file flags: the earlier items this one resembles (three shown, the rest on demand). */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useT } from '../../app/locale';
import type { PanelProps, SubmissionDetail } from './item';

type Flag = SubmissionDetail['duplicates'][number];
type Line = Flag & { key: string; reasons: { reason: 'text' | 'file'; distance: number | null }[] };

/** One line per earlier item, even when it was flagged for its text and for a file. */
export function duplicateLines(flags: readonly Flag[]): Line[] {
  const m = new Map<string, Line>();
  flags.forEach((x, i) => {
    const key = x.earlierId ?? `hidden-${i}`;
    const e = m.get(key) ?? { ...x, key, reasons: [] };
    e.reasons.push({ reason: x.reason, distance: x.distance });
    m.set(key, e);
  });
  return [...m.values()];
}

export function DuplicatesPanel({ d }: PanelProps) {
  const t = useT();
  const [allDups, setAllDups] = useState(false);
  const dups = useMemo(() => duplicateLines(d.duplicates), [d.duplicates]);
  if (!dups.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<CopyOutlined />}
      style={{ marginBottom: 12 }}
      title={t('sub.dup.title', { n: dups.length })}
      data-testid="duplicates"
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {(allDups ? dups : dups.slice(0, 3)).map((x) => (
            <li key={x.key} data-testid="duplicate">
              {x.visible ? (
                <Link to={`/submission/${x.earlierId}`}>
                  <span className="xb-mono">{x.serial}</span> {x.title}
                </Link>
              ) : (
                <span data-testid="duplicate-hidden">{t('item.dup.hidden')}</span>
              )}
              <span style={{ color: '#8c8c8c' }}>
                {' '}
                · {x.unitName} · {x.reasons.map((r) => (r.reason === 'file' ? t('sub.dup.file') : t('sub.dup.text', { d: r.distance ?? 0 }))).join('、')}
              </span>
            </li>
          ))}
          {dups.length > 3 ? (
            <li style={{ listStyle: 'none' }}>
              <a onClick={() => setAllDups((x) => !x)} data-testid="duplicates-toggle">
                {allDups ? t('item.dup.fewer') : t('item.dup.all', { n: dups.length })}
              </a>
            </li>
          ) : null}
        </ul>
      }
    />
  );
}
