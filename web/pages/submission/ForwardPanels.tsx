/**
 * Forwarding on the item page (server/submissions/forwarding.ts): on an accepted item, where it was
 * forwarded and the status there (ForwardsPanel); on an item a lower office forwarded here, where it
 * came from, with the original's versions and review history, read-only (OriginPanel).
 */
import { Alert, Card, Collapse, Descriptions, Tag, Timeline } from 'antd';
import { ApartmentOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { StatusTag } from '../submissions/components';
import { stepLabel } from '../submissions/labels';
import type { PanelProps } from './item';

const day = (at: string | Date | null) => (at ? dayjs(at).format('YYYY-MM-DD') : '');

export function ForwardsPanel({ d }: PanelProps) {
  const t = useT();
  if (!d.forwards.length) return null;
  return (
    <Card size="small" title={<><SendOutlined /> {t('forward.panel')}</>} style={{ marginBottom: 16 }} data-testid="forwards-panel">
      {d.forwards.map((f) => (
        <div key={f.upperOrgId} data-testid="forward" data-status={f.status} style={{ marginBottom: 6 }}>
          <div>
            {t('forward.line', { date: day(f.forwardedAt), by: f.forwardedByName, office: f.upperName })}
            {f.level ? t('forward.level', { level: f.level }) : ''}
          </div>
          <div style={{ marginTop: 4 }}>
            <span style={{ color: '#8c8c8c', marginRight: 6 }}>{t('forward.statusThere')}</span>
            <StatusTag status={f.status} testId="forward-status" />
            {f.acceptedAt ? <span style={{ marginLeft: 8, color: '#389e0d' }}>{t('forward.acceptedAt', { date: day(f.acceptedAt) })}</span> : null}
          </div>
        </div>
      ))}
    </Card>
  );
}

export function OriginPanel({ d }: PanelProps) {
  const t = useT();
  const { locale } = useLocale();
  const o = d.origin;
  if (!o) return null;
  const last = o.versions[o.versions.length - 1];
  return (
    <Card
      size="small"
      title={<><ApartmentOutlined /> {t('origin.title')}{o.level ? <Tag style={{ marginLeft: 8 }}>{o.level}</Tag> : null}</>}
      style={{ marginBottom: 16, borderColor: '#91caff' }}
      data-testid="origin-panel"
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('origin.fromLabel')}>
          <span data-testid="origin-from">{o.orgName} · {o.unitName}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('origin.authors')}>
          <span data-testid="origin-authors">{o.authors.join('、') || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('origin.serial')}>
          <span className="xb-mono">{o.serial ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('origin.acceptedAt')}>{day(o.acceptedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('forward.panel')}>{t('origin.forwarded', { date: day(o.forwardedAt), by: o.forwardedByName })}</Descriptions.Item>
      </Descriptions>
      <Alert type="info" showIcon style={{ margin: '8px 0' }} title={t('origin.readOnly')} description={d.actions.includes('pass') || d.actions.includes('reject') ? t('origin.noReturn') : undefined} />
      <Collapse
        size="small"
        items={[
          {
            key: 'versions',
            label: t('origin.versions'),
            children: o.versions.map((v) => (
              <div key={v.version} style={{ marginBottom: 10 }} data-testid="origin-version">
                <div style={{ color: '#8c8c8c', fontSize: 12 }}>
                  {t('sub.versionN', { n: v.version })} · {dayjs(v.submittedAt).format('YYYY-MM-DD HH:mm')}
                  {v === last ? <Tag color="green" style={{ marginLeft: 6 }}>{t('sub.status.adopted')}</Tag> : null}
                </div>
                <div style={{ fontWeight: 500 }}>{v.title}</div>
                <div style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>{v.body}</div>
                {v.situationNote ? <div style={{ whiteSpace: 'pre-wrap', fontSize: 13, color: '#595959' }}>{v.situationNote}</div> : null}
              </div>
            )),
          },
          {
            key: 'history',
            label: t('origin.history'),
            children: (
              <Timeline
                data-testid="origin-history"
                items={o.history.map((e, i) => ({
                  key: `${e.at}-${i}`,
                  title: <span style={{ fontSize: 12, color: '#8c8c8c' }}>{dayjs(e.at).format('YYYY-MM-DD HH:mm')}</span>,
                  content: (
                    <div data-testid="origin-event" data-type={e.type}>
                      <b style={{ fontWeight: 500 }}>{e.byName}</b> {t(`item.event.${e.type}`)}
                      {e.stepName ? <Tag style={{ marginLeft: 6 }}>{stepLabel(null, e.stepName, locale)}</Tag> : null}
                      {e.comment ? <div style={{ whiteSpace: 'pre-wrap', background: '#fffbe6', padding: '4px 8px', borderRadius: 4, marginTop: 4, fontSize: 13 }}>{e.comment}</div> : null}
                    </div>
                  ),
                }))}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
