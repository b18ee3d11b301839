/** All notifications of the signed-in person (the bell shows the latest few). */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Empty, Segmented, Spin } from 'antd';
import { useT } from '../../app/locale';
import { refreshCounts } from '../../app/counts';
import { Page } from '../../app/Page';
import { showError } from '../../app/request';
import { NotificationItem } from './Bell';
import { fetchNotifications, linkOf, markRead, type Notification } from './service';

export default function NotificationsPage() {
  const t = useT();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [data, setData] = useState<{ items: Notification[]; unread: number } | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await fetchNotifications(unreadOnly));
    } catch (e) {
      showError(e);
    }
  }, [unreadOnly]);

  useEffect(() => {
    void load();
  }, [load]);

  const open = async (n: Notification) => {
    if (!n.readAt) await markRead([n.id]).then(refreshCounts, (e: unknown) => showError(e));
    const to = linkOf(n);
    if (to) navigate(to);
    else void load();
  };

  return (
    <Page
      title={t('notif.title')}
      sub={data ? t('notif.unread', { n: data.unread }) : undefined}
      testId="notifications-page"
      extra={
        <Button
          disabled={!data?.unread}
          data-testid="notifications-page-read-all"
          onClick={() =>
            markRead('all').then(
              () => {
                refreshCounts();
                void load();
              },
              (e: unknown) => showError(e),
            )
          }
        >
          {t('notif.readAll')}
        </Button>
      }
    >
      <Card
        styles={{ body: { padding: 0 } }}
        title={
          <Segmented
            data-testid="notifications-filter"
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setUnreadOnly(v === 'unread')}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'unread', label: t('notif.unreadOnly') },
            ]}
          />
        }
      >
        {data === null ? (
          <div style={{ padding: 40, textAlign: 'center' }}>
            <Spin />
          </div>
        ) : data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notif.empty')} style={{ margin: '40px 0' }} />
        ) : (
          data.items.map((n) => <NotificationItem key={n.id} n={n} onOpen={(x) => void open(x)} />)
        )}
      </Card>
    </Page>
  );
}
