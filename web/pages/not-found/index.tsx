import { Link } from 'react-router-dom';
import { Button, Result } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { useT } from '../../app/locale';

export default function NotFoundPage() {
  const t = useT();
  return (
    <Result
      icon={<FileSearchOutlined style={{ color: '#c0392b' }} />}
      title={t('error.notFoundTitle')}
      subTitle={t('error.notFoundPage')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
