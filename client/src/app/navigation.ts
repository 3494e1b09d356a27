import type { Role } from '../../../shared/roles';

export type NavItem = { to: string; label: string; roles: readonly Role[]; testId: string };

/** Who may read the fare rules (the server's fareRules.list); only admins enter rush dates. */
export const fareRulesReaders: readonly Role[] = ['supervisor', 'qa', 'admin'];

/** Who answers web chats (the server's chat router: case workers). */
export const chatWorkers: readonly Role[] = ['agent', 'complaint_handler', 'supervisor', 'admin'];

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
];

export function navItemsFor(role: Role): NavItem[] {
  return navItems.filter((item) => item.roles.includes(role));
}
