/** The review history: who submitted, passed, returned or rejected which version, and who holds it now. */
import { Card, Tag, Timeline } from 'antd';
import { CloseCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { HolderCell } from '../submissions/components';
import { stepLabel } from '../submissions/labels';
import type { HistoryEvent } from '../submissions/service';
import type { PanelProps } from './item';

const EVENT_COLOR: Record<HistoryEvent['type'], string> = { submitted: 'blue', resubmitted: 'blue', passed: 'green', returned: 'orange', rejected: 'red', withdrawn: 'gray', imported: 'purple' };

export function HistoryPanel({ d, now }: PanelProps) {
  const t = useT();
  return (
    <Card size="small" title={t('item.history')} style={{ marginBottom: 16 }}>
      <History events={d.history} d={d} now={now} />
    </Card>
  );
}

function History({ events, d, now }: { events: HistoryEvent[]; d: PanelProps['d']; now: number }) {
  const t = useT();
  const { locale } = useLocale();
  const items = events.map((e, i) => ({
    key: `${e.at}-${i}`,
    color: EVENT_COLOR[e.type],
    icon: e.type === 'rejected' ? <CloseCircleOutlined style={{ color: '#cf1322' }} /> : undefined,
    title: <span style={{ fontSize: 12, color: '#8c8c8c' }}>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</span>,
    content: (
      <div data-testid="history-event" data-type={e.type}>
        <div>
          <b style={{ fontWeight: 500 }}>{e.byName}</b> {t(`item.event.${e.type}`)}
          {e.step ? <Tag style={{ marginLeft: 6 }}>{stepLabel(e.step, e.stepName, locale)}</Tag> : null}
          <span style={{ color: '#bfbfbf', fontSize: 12, marginLeft: 6 }}>{t('sub.versionN', { n: e.version })}</span>
        </div>
        {e.comment ? (
          <div style={{ whiteSpace: 'pre-wrap', background: e.type === 'rejected' ? '#fff2f0' : '#fffbe6', padding: '4px 8px', borderRadius: 4, marginTop: 4, fontSize: 13 }}>{e.comment}</div>
        ) : null}
      </div>
    ),
  }));
  if (d.holder.kind === 'step') {
    items.push({
      key: 'pending',
      color: 'gray',
      icon: undefined,
      title: <span style={{ fontSize: 12, color: '#8c8c8c' }}>{t('item.event.now')}</span>,
      content: (
        <div style={{ color: '#8c8c8c' }}>
          <HolderCell holder={d.holder} heldSince={d.heldSince} now={now} />
        </div>
      ),
    });
  }
  if (!items.length) return <div style={{ color: '#8c8c8c', fontSize: 13 }}>{t('item.noHistory')}</div>;
  return <Timeline items={items} data-testid="history" />;
}
