import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { restrictedPath, type AccessKey } from './access';
import { PageLoading } from './PageLoading';
import { signInPath, useSession } from './session';

// The 403 page is split off: the first load (sign-in) does not carry antd's Result.
const Forbidden = lazy(() => import('./Forbidden'));

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
  if (!access[flag]) {
    return (
      <Suspense fallback={<PageLoading />}>
        <Forbidden />
      </Suspense>
    );
  }
  return <>{children}</>;
}
