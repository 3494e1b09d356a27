import { lazy } from 'react';

/**
 * Screens loaded on first visit, each its own chunk, so signing in and the queue (where every
 * shift starts) need only the shell's JavaScript. Once the console is idle the rest is fetched
 * ahead, so opening a case rarely waits for the network.
 */
const loaders = {
  caseWorkspace: () => import('../features/case/CaseWorkspacePage'),
  customerSearch: () => import('../features/customer/CustomerSearchPage'),
  customer: () => import('../features/customer/CustomerPage'),
  supervisorBoard: () => import('../features/supervisor/SupervisorBoard'),
  fareRules: () => import('../features/admin/FareRulesPage'),
  inbox: () => import('../features/chat/InboxPage'),
  reports: () => import('../features/reports/ReportsPage'),
  reportDefinitions: () => import('../features/reports/DefinitionsPage'),
  skills: () => import('../features/admin/SkillsPage'),
  macros: () => import('../features/chat/MacrosPage'),
  shortcuts: () => import('./ShortcutsDialog'),
  qa: () => import('../features/qa/screens'),
};

export const CaseWorkspacePage = lazy(() =>
  loaders.caseWorkspace().then((module) => ({ default: module.CaseWorkspacePage })),
);
export const CustomerSearchPage = lazy(() =>
  loaders.customerSearch().then((module) => ({ default: module.CustomerSearchPage })),
);
export const CustomerPage = lazy(() => loaders.customer().then((module) => ({ default: module.CustomerPage })));
export const SupervisorBoard = lazy(() =>
  loaders.supervisorBoard().then((module) => ({ default: module.SupervisorBoard })),
);
export const FareRulesPage = lazy(() => loaders.fareRules().then((module) => ({ default: module.FareRulesPage })));
export const InboxPage = lazy(() => loaders.inbox().then((module) => ({ default: module.InboxPage })));
const qaScreen = <K extends keyof Awaited<ReturnType<typeof loaders.qa>>>(name: K) =>
  lazy(() => loaders.qa().then((module) => ({ default: module[name] })));
export const QaWorkListPage = qaScreen('WorkListPage');
export const QaFinderPage = qaScreen('FinderPage');
export const QaReplayPage = qaScreen('ReplayPage');
export const QaMyReviewsPage = qaScreen('MyReviewsPage');
export const QaDisputesPage = qaScreen('DisputesPage');
export const QaScorecardsPage = qaScreen('ScorecardsPage');
export const QaAuditPage = qaScreen('AuditPage');
export const ReportsPage = lazy(() => loaders.reports().then((module) => ({ default: module.ReportsPage })));
export const DefinitionsPage = lazy(() =>
  loaders.reportDefinitions().then((module) => ({ default: module.DefinitionsPage })),
);
export const SkillsPage = lazy(() => loaders.skills().then((module) => ({ default: module.SkillsPage })));
export const MacrosPage = lazy(() => loaders.macros().then((module) => ({ default: module.MacrosPage })));
export const ShortcutsDialog = lazy(() => loaders.shortcuts().then((module) => ({ default: module.ShortcutsDialog })));

/** Fetches every lazy screen's chunk (the browser caches them; a failure just means a later load). */
export function preloadScreens(): void {
  for (const load of Object.values(loaders)) void load().catch(() => undefined);
}
