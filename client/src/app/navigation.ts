import type { Role } from '../../../shared/roles';

export type NavItem = { to: string; label: string; roles: readonly Role[]; testId: string };

/** Who may read the fare rules (the server's fareRules.list); only admins enter rush dates. */
export const fareRulesReaders: readonly Role[] = ['supervisor', 'qa', 'admin'];

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
  { to: '/supervisor', label: 'nav.supervisor', roles: ['supervisor', 'admin'], testId: 'nav-supervisor' },
  { to: '/admin/rules', label: 'nav.fareRules', roles: fareRulesReaders, testId: 'nav-fare-rules' },
  { to: '/admin/skills', label: 'skills.nav', roles: ['supervisor', 'admin'], testId: 'nav-skills' },
];

export function navItemsFor(role: Role): NavItem[] {
  return navItems.filter((item) => item.roles.includes(role));
}
