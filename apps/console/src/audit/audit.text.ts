/** The audit page's words (who changed what, in every service and the console). */
export const AUDIT_TEXT = {
  title: 'Audit trail',
  heading: 'Who changed what',
  lede: 'Every change made through the APIs and this console, newest first, by the person who made it (or the key a machine used).',
  filter: 'Only the changes of',
  filterHint: 'An email address or a key’s name.',
  show: 'Show',
  all: 'Show everyone',
  columns: { at: 'When', who: 'Who', role: 'Role', where: 'Where', what: 'What', outcome: 'Answer' },
  via: 'through the console',
  none: 'No change recorded yet.',
  unavailable: '{{service}} did not answer: its changes are missing below.',
  where: { console: 'console', 'incident-service': 'incidents', 'subscriber-service': 'customers', 'messenger-service': 'messages' },
} as const;
