import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { Button, Result } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { restrictedPath, type AccessKey } from './access';
import { PageLoading } from './PageLoading';
import { useT } from './locale';
import { signInPath, useSession } from './session';

/** Signed-in pages: signed-out visitors go to sign-in (keeping the page), restricted sessions to their one page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, access, loading } = useSession();
  const location = useLocation();
  if (loading) return <PageLoading />;
  if (!me) return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  const only = restrictedPath(access);
  if (only && location.pathname !== only) return <Navigate to={only} replace />;
  return <>{children}</>;
}

/** The sign-in page is for signed-out visitors only. */
export function SignedOutOnly({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <PageLoading />;
  if (me) {
    const to = new URLSearchParams(location.search).get('redirect');
    return <Navigate to={to && to.startsWith('/') && !to.startsWith('//') ? to : '/'} replace />;
  }
  return <>{children}</>;
}

/** A page behind an access flag; without it, a 403 page (the server refuses the data anyway). */
export function RequireAccess({ flag, children }: { flag: AccessKey; children: ReactNode }) {
  const { access } = useSession();
  const t = useT();
  if (!access[flag]) {
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
  return <>{children}</>;
}
