/** A page (or the app) loading: a CSS spinner, no antd (it shows before antd is loaded). */
export function PageLoading() {
  return (
    <div className="xb-loading" role="status" aria-busy="true" data-testid="page-loading">
      <span className="xb-spinner" />
    </div>
  );
}
