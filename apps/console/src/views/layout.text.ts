/** The words around every page (the header, navigation and footer), in one place for translation. */
export const LAYOUT_TEXT = {
  product: 'Prespond console',
  skipToContent: 'Skip to main content',
  navigation: 'Main',
  signedInAs: 'Signed in as',
  signOut: 'Sign out',
  roles: { ops: 'Ops', marketing: 'Marketing', admin: 'Admin' },
  nav: {
    incidents: 'Incidents',
    maintenance: 'Maintenance',
    promises: 'Promises',
    reports: 'Reports',
    customers: 'Customers',
    inbound: 'Inbound texts',
    campaigns: 'Campaigns',
    reminders: 'Reminders',
    people: 'People',
    audit: 'Audit trail',
    deadLetters: 'Dead letters',
  },
  errorSummary: 'There is a problem',
} as const;

/** The pages in the navigation, the roles that may use each (admin sees all), in the order shown. */
export const NAVIGATION = [
  { key: 'incidents', href: '/incidents', roles: ['ops'] },
  { key: 'maintenance', href: '/maintenance', roles: ['ops'] },
  { key: 'promises', href: '/promises', roles: ['ops'] },
  { key: 'customers', href: '/customers', roles: ['ops'] },
  { key: 'inbound', href: '/inbound', roles: ['ops'] },
  { key: 'campaigns', href: '/campaigns', roles: ['marketing'] },
  { key: 'reminders', href: '/reminders', roles: ['marketing'] },
  { key: 'people', href: '/people', roles: [] },
  { key: 'deadLetters', href: '/dead-letters', roles: [] },
  { key: 'audit', href: '/audit', roles: [] },
] as const;
