import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { RequireAccess, RequireAuth, SignedOutOnly } from './guards';
import { PageLoading } from './PageLoading';
import { SessionProvider } from './session';

// Pages (and the signed-in frame with antd's theme and feedback, Shell.tsx) are split so that the
// first load (sign-in, no antd) stays small: web/bundle-budget.test.ts holds it to 150 KB gzip.
const AppLayout = lazy(() => import('./Shell'));
const SignIn = lazy(() => import('../pages/sign-in'));
const ChangePassword = lazy(() => import('../pages/change-password'));
const Security = lazy(() => import('../pages/totp'));
const Home = lazy(() => import('../pages/home'));
const Units = lazy(() => import('../pages/units'));
const People = lazy(() => import('../pages/people'));
const Audit = lazy(() => import('../pages/audit'));
const NotFound = lazy(() => import('../pages/not-found'));
const MySubmissions = lazy(() => import('../pages/submissions'));
const AllSubmissions = lazy(() => import('../pages/submissions/all'));
const NewSubmission = lazy(() => import('../pages/submissions/new'));
const EditSubmission = lazy(() => import('../pages/submissions/edit'));
const SubmissionItem = lazy(() => import('../pages/submission'));
const ReviewQueue = lazy(() => import('../pages/review'));
const Notifications = lazy(() => import('../pages/notifications'));
const ReviewChains = lazy(() => import('../pages/review-chains'));
const Jobs = lazy(() => import('../pages/jobs'));
const Outlets = lazy(() => import('../pages/outlets'));
const Ledgers = lazy(() => import('../pages/ledgers'));
const Briefings = lazy(() => import('../pages/briefings'));
const BriefingIssue = lazy(() => import('../pages/briefings/issue'));
const BriefingSeries = lazy(() => import('../pages/briefings/series'));
const Archive = lazy(() => import('../pages/archive'));
const Rankings = lazy(() => import('../pages/rankings'));
const Rubrics = lazy(() => import('../pages/rubrics'));
const RubricEdit = lazy(() => import('../pages/rubrics/edit'));
const LedgerEntries = lazy(() => import('../pages/ledger-entries'));

function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/sign-in"
        element={
          <SignedOutOnly>
            <Suspense fallback={<PageLoading />}>
              <SignIn />
            </Suspense>
          </SignedOutOnly>
        }
      />
      <Route
        element={
          <RequireAuth>
            <Suspense fallback={<PageLoading />}>
              <AppLayout />
            </Suspense>
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        <Route path="change-password" element={<ChangePassword />} />
        <Route path="security" element={<Security />} />
        <Route
          path="units"
          element={
            <RequireAccess flag="canManageUnits">
              <Units />
            </RequireAccess>
          }
        />
        <Route
          path="people"
          element={
            <RequireAccess flag="canManagePeople">
              <People />
            </RequireAccess>
          }
        />
        <Route
          path="audit"
          element={
            <RequireAccess flag="canReadAudit">
              <Audit />
            </RequireAccess>
          }
        />
        <Route path="submissions" element={<RequireAccess flag="canCreateSubmission"><MySubmissions /></RequireAccess>} />
        <Route path="submissions/new" element={<RequireAccess flag="canCreateSubmission"><NewSubmission /></RequireAccess>} />
        <Route path="submissions/new/:kind" element={<RequireAccess flag="canCreateSubmission"><EditSubmission /></RequireAccess>} />
        <Route path="submissions/:id/edit" element={<RequireAccess flag="canCreateSubmission"><EditSubmission /></RequireAccess>} />
        <Route path="submission/:id" element={<RequireAccess flag="canReadSubmissions"><SubmissionItem /></RequireAccess>} />
        <Route path="all-submissions" element={<RequireAccess flag="canBrowseSubmissions"><AllSubmissions /></RequireAccess>} />
        <Route path="review" element={<RequireAccess flag="canReview"><ReviewQueue /></RequireAccess>} />
        <Route path="review-chains" element={<RequireAccess flag="canConfigureReview"><ReviewChains /></RequireAccess>} />
        <Route path="jobs" element={<RequireAccess flag="canSeeJobs"><Jobs /></RequireAccess>} />
        <Route path="outlets" element={<RequireAccess flag="canConfigureReview"><Outlets /></RequireAccess>} />
        <Route path="ledgers" element={<RequireAccess flag="canDecide"><Ledgers /></RequireAccess>} />
        <Route path="briefings" element={<RequireAccess flag="canReadBriefings"><Briefings /></RequireAccess>} />
        <Route path="briefings/:id" element={<RequireAccess flag="canReadBriefings"><BriefingIssue /></RequireAccess>} />
        <Route path="briefing-series" element={<RequireAccess flag="canConfigureBriefings"><BriefingSeries /></RequireAccess>} />
        <Route path="archive" element={<RequireAccess flag="canReadSubmissions"><Archive /></RequireAccess>} />
        <Route path="rankings" element={<RequireAccess flag="canReadRankings"><Rankings /></RequireAccess>} />
        <Route path="rubrics" element={<RequireAccess flag="canEditRubrics"><Rubrics /></RequireAccess>} />
        <Route path="rubrics/:id" element={<RequireAccess flag="canEditRubrics"><RubricEdit /></RequireAccess>} />
        <Route path="ledger-entries" element={<RequireAccess flag="canRecordLedger"><LedgerEntries /></RequireAccess>} />
        <Route path="notifications" element={<Notifications />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <SessionProvider>
      <AppRoutes />
    </SessionProvider>
  );
}
