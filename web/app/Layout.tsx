import { Suspense, useMemo } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Badge, Dropdown, Layout, Menu, type MenuProps } from 'antd';
import { PageLoading } from './PageLoading';
import { AuditOutlined, ApartmentOutlined, BellOutlined, HomeOutlined, KeyOutlined, LogoutOutlined, SafetyOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { BarChartOutlined, ControlOutlined, ContainerOutlined } from '@ant-design/icons';
import { FileSearchOutlined, FormOutlined, NodeIndexOutlined, ProfileOutlined, ScheduleOutlined, ReadOutlined, BookOutlined, GlobalOutlined, TableOutlined, SearchOutlined } from '@ant-design/icons';
import { HeaderNotifications } from '../pages/notifications/Bell';
import { visibleMenu } from './access';
import { CountsProvider, useCounts, type Counts } from './counts';
import { useT } from './locale';
import { LocaleSwitch } from './LocaleSwitch';
import { useSession } from './session';

const ICONS: Record<string, React.ReactNode> = {
  home: <HomeOutlined />,
  units: <ApartmentOutlined />,
  people: <TeamOutlined />,
  audit: <AuditOutlined />,
  submissions: <FormOutlined />,
  review: <FileSearchOutlined />,
  'all-submissions': <ProfileOutlined />,
  'review-chains': <NodeIndexOutlined />,
  jobs: <ScheduleOutlined />,
  outlets: <GlobalOutlined />,
  ledgers: <TableOutlined />,
  briefings: <ReadOutlined />,
  'briefing-series': <BookOutlined />,
  archive: <SearchOutlined />,
  rankings: <BarChartOutlined />,
  rubrics: <ControlOutlined />,
  'ledger-entries': <ContainerOutlined />,
  notifications: <BellOutlined />,
};

/** Which count a menu entry carries as its badge. */
const BADGE: Partial<Record<string, keyof Counts>> = { review: 'queue', submissions: 'returned', notifications: 'unread' };

function Brand() {
  const t = useT();
  return (
    <Link to="/" className="xb-brand" data-testid="brand">
      <span className="xb-seal" aria-hidden>
        宣
      </span>
      <span className="xb-brand-name">{t('app.name')}</span>
      <span className="xb-brand-sub">{t('app.tagline')}</span>
    </Link>
  );
}

function UserMenu() {
  const t = useT();
  const { me, signOut, access } = useSession();
  const navigate = useNavigate();
  if (!me) return null;
  const items: MenuProps['items'] = [
    ...(access.restricted
      ? []
      : [
          { key: 'security', icon: <SafetyOutlined />, label: <span data-testid="menu-security">{t('user.security')}</span> },
          { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-password">{t('user.changePassword')}</span> },
          { type: 'divider' as const },
        ]),
    { key: 'sign-out', icon: <LogoutOutlined />, label: <span data-testid="sign-out">{t('user.signOut')}</span>, danger: true },
  ];
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items,
        onClick: ({ key }) => {
          if (key === 'sign-out') void signOut();
          else if (key === 'security') navigate('/security');
          else if (key === 'password') navigate('/change-password');
        },
      }}
    >
      <button type="button" className="xb-header-action" data-testid="user-menu">
        <Avatar size={26} style={{ background: '#fff', color: '#c0392b', fontWeight: 600 }} icon={me.name ? undefined : <UserOutlined />}>
          {me.name.slice(-2)}
        </Avatar>
        <span>{me.name}</span>
        <span className="xb-header-user-unit">{me.unitName}</span>
      </button>
    </Dropdown>
  );
}

export function AppHeader() {
  return (
    <Layout.Header className="xb-header">
      <Brand />
      <div className="xb-header-spacer" />
      <HeaderNotifications />
      <LocaleSwitch light />
      <UserMenu />
    </Layout.Header>
  );
}

/** The frame of every signed-in page: red header, side menu fitted to the person's access, content. */
export default function AppLayout() {
  const { access } = useSession();
  if (access.restricted) {
    // A session that must first change its password / set up TOTP sees only that page.
    return (
      <Layout style={{ minHeight: '100vh' }}>
        <AppHeader />
        <Layout.Content className="xb-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    );
  }
  return (
    <CountsProvider enabled>
      <SignedInFrame />
    </CountsProvider>
  );
}

function SignedInFrame() {
  const t = useT();
  const { access } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const counts = useCounts();
  const entries = useMemo(() => visibleMenu(access), [access]);
  const selected = entries
    .filter((e) => (e.path === '/' ? location.pathname === '/' : location.pathname.startsWith(e.path)))
    .map((e) => e.key);
  const label = (key: string, text: string) => {
    const n = BADGE[key] ? counts[BADGE[key]] : 0;
    return (
      <span data-testid={`nav-${key}`} style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
        {text}
        {n ? <Badge count={n} size="small" overflowCount={99} data-testid={`nav-badge-${key}`} /> : null}
      </span>
    );
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader />
      <Layout>
        <Layout.Sider width={200} className="xb-sider" breakpoint="lg" collapsible collapsedWidth={56} theme="light">
          <Menu
            mode="inline"
            selectedKeys={selected}
            style={{ paddingTop: 8 }}
            onClick={({ key }) => {
              const e = entries.find((x) => x.key === key);
              if (e) navigate(e.path);
            }}
            items={entries.map((e) => ({ key: e.key, icon: ICONS[e.key], label: label(e.key, t(e.label)) }))}
          />
        </Layout.Sider>
        <Layout.Content className="xb-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
