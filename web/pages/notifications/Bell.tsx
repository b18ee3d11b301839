/**
 * The bell in the header: the unread count (shared with the menu's badges), a panel with the latest
 * notifications; clicking one opens the item and marks it read.
 */
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button, Empty, Popover, Spin } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useLocale, useT } from '../../app/locale';
import { showError } from '../../app/request';
import { refreshCounts, useCounts } from '../../app/counts';
import { useSession } from '../../app/session';
import { fetchNotifications, linkOf, markRead, type Notification } from './service';
import { notificationText } from './text';

export function NotificationItem({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const text = notificationText(n, t, locale);
  return (
    <div
      role="button"
      tabIndex={0}
      onClick={() => onOpen(n)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen(n);
      }}
      data-testid="notification"
      data-read={n.readAt ? '1' : '0'}
      style={{ padding: '8px 12px', cursor: 'pointer', borderBottom: '1px solid #f5f5f5', background: n.readAt ? undefined : '#fffbf0', display: 'flex', gap: 8 }}
    >
      <span style={{ width: 6, height: 6, borderRadius: 3, marginTop: 8, flex: 'none', background: n.readAt ? 'transparent' : '#c0392b' }} />
      <div style={{ minWidth: 0, flex: 1 }}>
        <div style={{ fontSize: 13, color: '#262626', lineHeight: 1.5 }}>{text.title}</div>
        {text.detail ? <div style={{ fontSize: 12, color: '#8c8c8c', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{text.detail}</div> : null}
        <div style={{ fontSize: 12, color: '#bfbfbf' }}>
          {n.data.serial ? <span className="xb-mono">{n.data.serial} · </span> : null}
          {dayjs(n.createdAt).format('MM-DD HH:mm')}
        </div>
      </div>
    </div>
  );
}

export function NotificationBell() {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  // The unread count is the menu's (app/counts.tsx: refreshed on navigation, focus and every minute).
  const { unread } = useCounts();
  const [items, setItems] = useState<Notification[] | null>(null);

  const refresh = useCallback(async () => {
    try {
      setItems((await fetchNotifications(false)).items.slice(0, 12));
    } catch {
      // the bell stays quiet; pages show their own errors
    }
  }, []);

  const openItem = async (n: Notification) => {
    setOpen(false);
    if (!n.readAt) {
      setItems((xs) => xs?.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x)) ?? null);
      markRead([n.id]).then(refreshCounts, (e: unknown) => showError(e));
    }
    const to = linkOf(n);
    if (to) navigate(to);
  };

  const readAll = async () => {
    try {
      await markRead('all');
      refreshCounts();
      setItems((xs) => xs?.map((x) => ({ ...x, readAt: x.readAt ?? new Date().toISOString() })) ?? null);
    } catch (e) {
      showError(e);
    }
  };

  const panel = (
    <div style={{ width: 340 }} data-testid="notification-panel">
      <div style={{ display: 'flex', alignItems: 'center', padding: '8px 12px', borderBottom: '1px solid #f0f0f0' }}>
        <b style={{ fontWeight: 600 }}>{t('notif.title')}</b>
        <div style={{ flex: 1 }} />
        <Button type="link" size="small" disabled={!unread} onClick={() => void readAll()} data-testid="notifications-read-all">
          {t('notif.readAll')}
        </Button>
      </div>
      <div style={{ maxHeight: 420, overflow: 'auto' }}>
        {items === null ? (
          <div style={{ padding: 24, textAlign: 'center' }}>
            <Spin size="small" />
          </div>
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} style={{ margin: '20px 0' }} />
        ) : (
          items.map((n) => <NotificationItem key={n.id} n={n} onOpen={(x) => void openItem(x)} />)
        )}
      </div>
      <div style={{ textAlign: 'center', padding: 6, borderTop: '1px solid #f0f0f0' }}>
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('notif.all')}
        </Button>
      </div>
    </div>
  );

  return (
    <Popover
      content={panel}
      trigger="click"
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) void refresh();
      }}
      placement="bottomRight"
      arrow={false}
      styles={{ container: { padding: 0 } }}
    >
      <button type="button" className="xb-header-action" aria-label={t('notif.title')} data-testid="notification-bell">
        <Badge count={unread} size="small" offset={[2, -2]} data-testid="notification-count">
          <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
        </Badge>
      </button>
    </Popover>
  );
}

/** The bell, for signed-in sessions that may use the app (not while a password change is due). */
export function HeaderNotifications() {
  const { me, access } = useSession();
  if (!me || access.restricted) return null;
  return <NotificationBell />;
}
