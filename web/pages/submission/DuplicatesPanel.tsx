/** Near-duplicate and identical-file flags: the earlier items this one resembles (three shown, the rest on demand). */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useT } from '../../app/locale';
import type { PanelProps, SubmissionDetail } from './item';

export type DuplicateLine = SubmissionDetail['duplicates'][number];

/** The list of earlier items (the server sends one line per earlier item): the item page and the editor show it. */
export function DuplicateList({ lines, max = 3 }: { lines: readonly DuplicateLine[]; max?: number }) {
  const t = useT();
  const [all, setAll] = useState(false);
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }}>
      {(all ? lines : lines.slice(0, max)).map((x, i) => (
        <li key={x.earlierId ?? `hidden-${i}`} data-testid="duplicate">
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
      {lines.length > max ? (
        <li style={{ listStyle: 'none' }}>
          <a onClick={() => setAll((x) => !x)} data-testid="duplicates-toggle">
            {all ? t('item.dup.fewer') : t('item.dup.all', { n: lines.length })}
          </a>
        </li>
      ) : null}
    </ul>
  );
}

export function DuplicatesPanel({ d }: PanelProps) {
  const t = useT();
  const dups = d.duplicates;
  if (!dups.length) return null;
  return (
    <Alert type="warning" showIcon icon={<CopyOutlined />} style={{ marginBottom: 12 }} title={t('sub.dup.title', { n: dups.length })} data-testid="duplicates" description={<DuplicateList lines={dups} />} />
  );
}
