import { Link } from 'react-router-dom';
import { Button, Result } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useT } from './locale';

/** The 403 page of a page behind an access flag (loaded only when shown: antd's Result is large). */
export default function Forbidden() {
  const t = useT();
  return (
    <Result
      icon={<StopOutlined style={{ color: '#c0392b' }} />}
      title={t('error.forbiddenTitle')}
      subTitle={t('error.forbiddenPage')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
