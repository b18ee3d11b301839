import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  CheckCircleOutlined,
  EditOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { roleLabel, type Role } from '../../app/labels';
import { useLocale, useT } from '../../app/locale';
import { useSession } from '../../app/session';
import type { MessageKey } from '../../i18n';
import { showError } from '../../app/request';
import { fetchHealth, fetchHome, fetchPeopleTotal, fetchUnitCount, type Health, type HomeSummary } from './service';
import { keep } from '../../app/features';
import { ROLE_DUTIES } from './duties';
import { Todo } from './Todo';

const ROLE_ICON: Record<Role, React.ReactNode> = {
  correspondent: <EditOutlined />,
  unit_approver: <FileDoneOutlined />,
  editor: <FileSearchOutlined />,
  leader: <TrophyOutlined />,
  admin: <SettingOutlined />,
  auditor: <AuditOutlined />,
  deployment_auditor: <AuditOutlined />,
};

function greetingKey(hour: number): MessageKey {
  if (hour < 11) return 'home.morning';
  if (hour < 13) return 'home.noon';
  if (hour < 18) return 'home.afternoon';
  return 'home.evening';
}

export default function HomePage() {
  const t = useT();
  const { locale } = useLocale();
  const { me, access } = useSession();
  const [health, setHealth] = useState<Health | null>(null);
  const [units, setUnits] = useState<number | null>(null);
  const [people, setPeople] = useState<number | null>(null);
  const [summary, setSummary] = useState<HomeSummary | null>(null);

  useEffect(() => {
    fetchHealth().then(setHealth, () => setHealth(null));
    fetchHome().then(setSummary, (e: unknown) => showError(e));
    if (access.canReadUnits) fetchUnitCount().then(setUnits, () => undefined);
    if (access.canReadPeople) fetchPeopleTotal().then(setPeople, () => undefined);
  }, [access.canReadUnits, access.canReadPeople]);

  // One card per role held, listing the units it is held on.
  const byRole = useMemo(() => {
    const m = new Map<Role, string[]>();
    for (const r of me?.roles ?? []) m.set(r.role, [...(m.get(r.role) ?? []), r.unitName]);
    return [...m.entries()];
  }, [me]);

  if (!me) return null;
  const now = dayjs();

  type Shortcut = { to: string; icon: React.ReactNode; label: string; text: string; id: string };
  const shortcuts: Shortcut[] = [];
  if (access.canManageUnits) shortcuts.push({ to: '/units', icon: <ApartmentOutlined />, label: t('menu.units'), text: t('home.go.units'), id: 'units' });
  if (access.canManagePeople) shortcuts.push({ to: '/people', icon: <TeamOutlined />, label: t('menu.people'), text: t('home.go.people'), id: 'people' });
  if (access.canReadAudit) shortcuts.push({ to: '/audit', icon: <AuditOutlined />, label: t('menu.audit'), text: t('home.go.audit'), id: 'audit' });
  shortcuts.push({ to: '/security', icon: <SafetyCertificateOutlined />, label: t('user.security'), text: t('home.go.security'), id: 'security' });

  return (
    <div data-testid="home-page">
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: '20px 24px' } }}>
        <Row gutter={24} align="middle">
          <Col flex="auto">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="home-greeting">
              {t(greetingKey(now.hour()), { name: me.name })}
            </Typography.Title>
            <div style={{ color: '#8c8c8c', marginTop: 6 }}>
              {now.format(t('home.dateFormat'))} · {me.unitName} · <span className="xb-mono">{me.login}</span>
            </div>
            <Space size={[6, 6]} wrap style={{ marginTop: 12 }} data-testid="home-roles">
              {me.roles.length === 0 ? <Tag>{t('home.noRoles')}</Tag> : null}
              {me.roles.map((r) => (
                <Tag key={`${r.role}@${r.unitId}`} color="red" variant="outlined">
                  {roleLabel(r.role, locale)} · {r.unitName}
                </Tag>
              ))}
            </Space>
          </Col>
          {units !== null ? (
            <Col>
              <Statistic title={t('home.statUnits')} value={units} />
            </Col>
          ) : null}
          {people !== null ? (
            <Col>
              <Statistic title={t('home.statPeople')} value={people} />
            </Col>
          ) : null}
        </Row>
      </Card>

      {!me.totpEnabled ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('home.totpHint')}
          action={
            <Link to="/security" data-testid="home-totp-link">
              {t('home.totpHintAction')}
            </Link>
          }
        />
      ) : null}

      {summary ? <Todo s={summary} /> : null}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('home.whatYouCanDo')} styles={{ body: { padding: 16 } }}>
            {byRole.length === 0 ? <Typography.Text type="secondary">{t('home.noRolesText')}</Typography.Text> : null}
            <Row gutter={[12, 12]}>
              {byRole.map(([role, unitNames]) => (
                <Col xs={24} md={12} key={role}>
                  <Card size="small" className="xb-role-card" data-testid={`home-role-${role}`}>
                    <Space align="start">
                      <span style={{ fontSize: 20, color: '#c0392b' }}>{ROLE_ICON[role]}</span>
                      <div>
                        <div style={{ fontWeight: 600 }}>{roleLabel(role, locale)}</div>
                        <div style={{ color: '#8c8c8c', fontSize: 12, marginBottom: 6 }}>{t('home.scope', { units: unitNames.join(t('common.listSep')) })}</div>
                        <ul style={{ paddingLeft: 18, margin: 0, lineHeight: 1.8 }}>
                          {keep(ROLE_DUTIES[role]).map((k) => (
                            <li key={k}>{t(k)}</li>
                          ))}
                        </ul>
                      </div>
                    </Space>
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('home.shortcuts')} styles={{ body: { padding: 8 } }} style={{ marginBottom: 16 }}>
            {shortcuts.map((s) => (
              <Link key={s.to} to={s.to} className="xb-stat-link" data-testid={`home-go-${s.id}`}>
                <div style={{ display: 'flex', gap: 12, padding: '10px 12px', borderRadius: 4, alignItems: 'center' }}>
                  <span style={{ fontSize: 18, color: '#c0392b' }}>{s.icon}</span>
                  <div>
                    <div style={{ color: '#262626', fontWeight: 500 }}>{s.label}</div>
                    <div style={{ color: '#8c8c8c', fontSize: 12 }}>{s.text}</div>
                  </div>
                </div>
              </Link>
            ))}
          </Card>
          <Card title={t('home.system')} size="small">
            <Space orientation="vertical" size={4}>
              <span>
                {t('home.systemStatus')}
                {t('common.colon')}
                {health?.status === 'ok' ? (
                  <Tag color="success" icon={<CheckCircleOutlined />}>
                    {t('home.systemOk')}
                  </Tag>
                ) : (
                  <Tag color="warning">{t('home.systemUnknown')}</Tag>
                )}
              </span>
              {health ? (
                <span style={{ color: '#8c8c8c', fontSize: 12 }}>
                  {t('home.database')}
                  {t('common.colon')}
                  {health.database}
                </span>
              ) : null}
              <span style={{ color: '#8c8c8c', fontSize: 12 }}>{t('home.noSecrets')}</span>
            </Space>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
