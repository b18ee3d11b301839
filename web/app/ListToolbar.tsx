/** The bar above a list: the page's filters on the left, the total and a refresh button on the right. */
import type { CSSProperties, ReactNode } from 'react';
import { Button, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useT } from './locale';

const BAR: CSSProperties = { display: 'flex', gap: 12, alignItems: 'center', padding: '12px 16px', borderBottom: '1px solid #f0f0f0', flexWrap: 'wrap' };
/** Total and refresh stay together on the right, as tall as one row of filters. */
const END: CSSProperties = { display: 'flex', gap: 12, alignItems: 'center', minHeight: 32, marginInlineStart: 'auto', flexShrink: 0, whiteSpace: 'nowrap' };

export function ListToolbar({
  total,
  onRefresh,
  children,
  refreshTestId,
  style,
}: {
  /** The page's own words for the count, e.g. "共 12 人" (left out where the filters need the room; the pagination shows it too). */
  total?: ReactNode;
  onRefresh: () => unknown;
  children?: ReactNode;
  refreshTestId?: string;
  style?: CSSProperties;
}) {
  const t = useT();
  return (
    <div style={{ ...BAR, ...style }} data-testid="list-toolbar">
      {children}
      <div style={END}>
        {total !== undefined ? (
          <Typography.Text type="secondary" data-testid="list-total">
            {total}
          </Typography.Text>
        ) : null}
        <Tooltip title={t('common.refresh')}>
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void onRefresh()} aria-label={t('common.refresh')} data-testid={refreshTestId ?? 'list-refresh'} />
        </Tooltip>
      </div>
    </div>
  );
}
