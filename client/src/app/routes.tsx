import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireSession, useSessionUser } from './session';
import { QueuePage } from '../features/queue/QueuePage';
import type { Role } from '../../../shared/roles';
import { Layout } from './Layout';
import { chatWorkers, fareRulesReaders, macroManagers, qaRoles, reportReaders } from './navigation';
import { LiveProvider } from './live';
import {
  CaseWorkspacePage,
  CustomerPage,
  CustomerSearchPage,
  FareRulesPage,
  InboxPage,
  QaAuditPage,
  QaDisputesPage,
  QaFinderPage,
  QaMyReviewsPage,
  QaReplayPage,
  QaScorecardsPage,
  QaWorkListPage,
  DefinitionsPage,
  ReportsPage,
  SkillsPage,
  MacrosPage,
  SupervisorBoard,
} from './screens';

function RoleGate({ roles, children }: { roles: readonly Role[]; children: React.ReactNode }) {
  const user = useSessionUser();
  const { t } = useTranslation();
  if (!roles.includes(user.role)) {
    return (
      <p className="empty" role="alert">
        {t('errors.FORBIDDEN')}
      </p>
    );
  }
  return children;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <p className="empty">{t('common.notFound')}</p>
      <Link to="/queue">{t('nav.queue')}</Link>
    </section>
  );
}

/**
 * The console's screens; the URL holds what is open (case, customer, filters) so reloads lose nothing.
 * Login, the shell and the queue come with the first load; the other screens are lazy (./screens).
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <LiveProvider>
              <Layout />
            </LiveProvider>
          </RequireSession>
        }
      >
        <Route index element={<Navigate to="/queue" replace />} />
        <Route path="/queue" element={<QueuePage />} />
        <Route path="/customers" element={<CustomerSearchPage />} />
        <Route path="/customers/:customerId" element={<CustomerPage />} />
        <Route path="/cases/:caseId" element={<CaseWorkspacePage />} />
        <Route
          path="/inbox"
          element={
            <RoleGate roles={chatWorkers}>
              <InboxPage />
            </RoleGate>
          }
        />
        <Route
          path="/supervisor"
          element={
            <RoleGate roles={['supervisor', 'admin']}>
              <SupervisorBoard />
            </RoleGate>
          }
        />
        <Route
          path="/admin/macros"
          element={
            <RoleGate roles={macroManagers}>
              <MacrosPage />
            </RoleGate>
          }
        />
        <Route
          path="/admin/rules"
          element={
            <RoleGate roles={fareRulesReaders}>
              <FareRulesPage />
            </RoleGate>
          }
        />
        {(
          [
            ['/qa', qaRoles.worklist, <QaWorkListPage key="w" />],
            ['/qa/find', qaRoles.readers, <QaFinderPage key="f" />],
            ['/qa/cases/:caseId', qaRoles.readers, <QaReplayPage key="r" />],
            ['/qa/disputes', qaRoles.resolvers, <QaDisputesPage key="d" />],
            ['/qa/scorecards', qaRoles.leads, <QaScorecardsPage key="s" />],
            ['/qa/audit', qaRoles.auditors, <QaAuditPage key="a" />],
            ['/reviews', qaRoles.reviewed, <QaMyReviewsPage key="m" />],
          ] as const
        ).map(([path, roles, element]) => (
          <Route key={path} path={path} element={<RoleGate roles={roles}>{element}</RoleGate>} />
        ))}
        <Route
          path="/reports"
          element={
            <RoleGate roles={reportReaders}>
              <ReportsPage />
            </RoleGate>
          }
        />
        <Route
          path="/reports/definitions"
          element={
            <RoleGate roles={reportReaders}>
              <DefinitionsPage />
            </RoleGate>
          }
        />
        <Route
          path="/admin/skills"
          element={
            <RoleGate roles={['supervisor', 'admin']}>
              <SkillsPage />
            </RoleGate>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
