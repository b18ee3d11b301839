/** What needs the signed-in person now (GET /api/home), one card per thing their roles make theirs. */
import { Link } from 'react-router-dom';
import { Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useLocale, useT } from '../../app/locale';
import { sinceText, stepLabel } from '../submissions/labels';
import type { HomeSummary } from './service';

type Item = NonNullable<HomeSummary['queue']>['oldest'][number];

function ItemLine({ i, now, extra }: { i: Item; now: number; extra?: React.ReactNode }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <List.Item style={{ padding: '6px 0' }}>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Link to={`/submission/${i.id}`} data-testid="home-item">
          {i.serial ? <span className="xb-mono" style={{ color: '#8c8c8c', marginRight: 6 }}>{i.serial}</span> : null}
          {i.title || t('sub.untitled')}
        </Link>
        <div style={{ fontSize: 12, color: '#8c8c8c' }}>
          {i.stepName ? t('home.mine.waitsAt', { step: stepLabel(null, i.stepName, locale), since: sinceText(i.heldSince as unknown as string, now, t) }) : i.unitName}
        </div>
      </div>
      {extra}
    </List.Item>
  );
}

export function Todo({ s }: { s: HomeSummary }) {
  const t = useT();
  const { locale } = useLocale();
  const now = Date.now();
  const cards: React.ReactNode[] = [];
  if (s.mine) {
    const m = s.mine;
    cards.push(
      <Card key="mine" size="small" title={t('home.mine.title')} data-testid="home-mine" extra={<Link to="/submissions">{t('home.mine.all')}</Link>}>
        <Row gutter={16} style={{ marginBottom: 8 }}>
          <Col span={8}><Statistic title={t('home.mine.drafts')} value={m.drafts} /></Col>
          <Col span={8}><Statistic title={t('home.mine.returned')} value={m.returned} styles={{ content: { color: m.returned ? '#d4380d' : undefined } }} /></Col>
          <Col span={8}><Statistic title={t('home.mine.inReview')} value={m.inReview} /></Col>
        </Row>
        {m.items.returned.length + m.items.drafts.length + m.items.inReview.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.mine.none')} />
        ) : (
          <List size="small" data-testid="home-mine-items">
            {m.items.returned.map((i) => <ItemLine key={i.id} i={{ ...i, stepName: null }} now={now} extra={<Tag color="orange">{t('home.mine.returned')}</Tag>} />)}
            {m.items.inReview.map((i) => <ItemLine key={i.id} i={i} now={now} />)}
            {m.items.drafts.map((i) => <ItemLine key={i.id} i={{ ...i, stepName: null }} now={now} extra={<Tag>{t('home.mine.drafts')}</Tag>} />)}
          </List>
        )}
      </Card>,
    );
  }
  if (s.queue) {
    const q = s.queue;
    cards.push(
      <Card key="queue" size="small" title={t('home.queue.title')} data-testid="home-queue" extra={<Link to="/review">{t('home.queue.open')}</Link>}>
        {q.total === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.queue.empty')} />
        ) : (
          <>
            <Typography.Text strong data-testid="home-queue-total">{t('home.queue.total', { n: q.total })}</Typography.Text>
            <ul style={{ paddingLeft: 18, margin: '6px 0 8px' }} data-testid="home-queue-stages">
              {q.stages.map((st) => (
                <li key={st.step}>{t('home.queue.stage', { step: stepLabel(st.step, st.stepName, locale), n: st.count, since: sinceText(st.oldestSince as unknown as string, now, t) })}</li>
              ))}
            </ul>
            <List size="small">{q.oldest.map((i) => <ItemLine key={i.id} i={i} now={now} />)}</List>
          </>
        )}
      </Card>,
    );
  }
  if (s.sensitive) {
    cards.push(
      <Card key="sensitive" size="small" title={t('home.sensitive.title')} data-testid="home-sensitive">
        {s.sensitive.total === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.sensitive.empty')} />
        ) : (
          <>
            <Typography.Text strong>{t('home.sensitive.total', { n: s.sensitive.total })}</Typography.Text>
            <List size="small">{s.sensitive.items.map((i) => <ItemLine key={i.id} i={i} now={now} />)}</List>
          </>
        )}
      </Card>,
    );
  }
  if (s.accounts) {
    cards.push(
      <Card key="accounts" size="small" title={t('home.accounts.title')} data-testid="home-accounts" extra={<Link to="/people">{t('home.accounts.open')}</Link>}>
        {s.accounts.total === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.accounts.empty')} />
        ) : (
          <>
            <Typography.Text strong>{t('home.accounts.total', { n: s.accounts.total })}</Typography.Text>
            <List size="small">
              {s.accounts.items.map((p) => (
                <List.Item key={p.id} style={{ padding: '6px 0' }}>
                  {p.name} <span className="xb-mono" style={{ color: '#8c8c8c' }}>{p.login}</span> · {p.unitName}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Card>,
    );
  }
  if (s.system) {
    const j = s.system.jobs;
    cards.push(
      <Card key="system" size="small" title={t('home.health.title')} data-testid="home-health" extra={<Link to="/jobs">{t('home.health.open')}</Link>}>
        <Space orientation="vertical" size={4}>
          <span>
            {t('home.health.database')}
            {t('common.colon')}
            <Tag color={s.system.database === 'ok' ? 'success' : 'error'}>{s.system.database === 'ok' ? t('home.systemOk') : t('home.systemUnknown')}</Tag>
            <span style={{ color: '#8c8c8c' }}>{s.system.databaseKind}</span>
          </span>
          <span>
            {t('home.health.jobs')}
            {t('common.colon')}
            {t('home.health.jobsLine', { queued: j.queued, running: j.running, failed: j.failed, dead: j.dead })}
          </span>
          {j.dead ? <Typography.Text type="danger">{t('home.health.dead', { n: j.dead })}</Typography.Text> : null}
        </Space>
      </Card>,
    );
  }
  if (s.refusals) {
    const r = s.refusals;
    cards.push(
      <Card key="refusals" size="small" title={t('home.refusals.title')} data-testid="home-refusals" extra={<Link to="/audit">{t('home.refusals.open')}</Link>}>
        {r.total === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.refusals.empty', { days: r.days })} />
        ) : (
          <>
            <Typography.Text strong>{t('home.refusals.total', { n: r.total, days: r.days })}</Typography.Text>
            <List size="small">
              {r.items.map((e) => (
                <List.Item key={e.id} style={{ padding: '6px 0', display: 'block' }}>
                  <span className="xb-mono">{e.actorLogin ?? '—'}</span> · {e.method} {e.route} · <Tag>{e.reason}</Tag>
                  {e.count > 1 ? t('home.refusals.repeated', { n: e.count }) : null}
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>{sinceText(e.at as unknown as string, now, t)}</div>
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Card>,
    );
  }
  if (!cards.length) return null;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="home-todo">
      {cards.map((c, k) => (
        <Col xs={24} lg={12} key={k}>
          {c}
        </Col>
      ))}
    </Row>
  );
}
