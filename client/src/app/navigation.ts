import type { Role } from '../../../shared/roles';

export type NavItem = { to: string; label: string; roles: readonly Role[]; testId: string };

/** Who may read the fare rules (the server's fareRules.list); only admins enter rush dates. */
export const fareRulesReaders: readonly Role[] = ['supervisor', 'qa', 'admin'];

/** Who answers web chats (the server's chat router: case workers). */
export const chatWorkers: readonly Role[] = ['agent', 'complaint_handler', 'supervisor', 'admin'];
/** Who reaches the QA screens (the server checks each call again; leads are checked there). */
export const qaRoles = {
  worklist: ['qa'],
  readers: ['qa', 'supervisor', 'admin'],
  resolvers: ['supervisor', 'qa', 'admin'],
  leads: ['qa', 'admin'],
  auditors: ['admin', 'qa'],
  reviewed: ['agent', 'complaint_handler'],
} as const satisfies Record<string, readonly Role[]>;
/** Who reads the reports and the reconciliation (the server's reportReaderRoles in shared/reports). */
export const reportReaders: readonly Role[] = ['supervisor', 'admin', 'qa'];

/** Who manages the standard phrases (shared/macros macroManagerRoles; not imported: it would bring zod into the first load). */
export const macroManagers: readonly Role[] = ['supervisor', 'admin'];

/** What each role finds in the top bar; the server still checks every call. */
export const navItems: readonly NavItem[] = [
  {
    to: '/queue',
    label: 'nav.queue',
    roles: ['agent', 'complaint_handler', 'supervisor', 'qa', 'admin'],
    testId: 'nav-queue',
  },
  {
    to: '/customers',
    label: 'nav.customers',
    roles: ['agent', 'complaint_handler', 'supervisor', 'qa', 'admin'],
    testId: 'nav-customers',
  },
  { to: '/inbox', label: 'chat.nav', roles: chatWorkers, testId: 'nav-inbox' },
  { to: '/supervisor', label: 'nav.supervisor', roles: ['supervisor', 'admin'], testId: 'nav-supervisor' },
  { to: '/admin/macros', label: 'chat.macros.nav', roles: macroManagers, testId: 'nav-macros' },
  { to: '/admin/rules', label: 'nav.fareRules', roles: fareRulesReaders, testId: 'nav-fare-rules' },
  { to: '/qa', label: 'qa.nav.worklist', roles: qaRoles.worklist, testId: 'nav-qa-worklist' },
  { to: '/qa/find', label: 'qa.nav.finder', roles: qaRoles.readers, testId: 'nav-qa-finder' },
  { to: '/qa/disputes', label: 'qa.nav.disputes', roles: ['supervisor', 'admin', 'qa'], testId: 'nav-qa-disputes' },
  { to: '/qa/scorecards', label: 'qa.nav.scorecards', roles: qaRoles.leads, testId: 'nav-qa-scorecards' },
  { to: '/qa/audit', label: 'qa.nav.audit', roles: qaRoles.auditors, testId: 'nav-qa-audit' },
  { to: '/reviews', label: 'qa.nav.myReviews', roles: qaRoles.reviewed, testId: 'nav-my-reviews' },
  { to: '/reports', label: 'reports.nav', roles: reportReaders, testId: 'nav-reports' },
  { to: '/admin/skills', label: 'skills.nav', roles: ['supervisor', 'admin'], testId: 'nav-skills' },
];

export function navItemsFor(role: Role): NavItem[] {
  return navItems.filter((item) => item.roles.includes(role));
}
