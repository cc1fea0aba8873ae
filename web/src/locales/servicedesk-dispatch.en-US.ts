import type dispatchZh from './servicedesk-dispatch.zh-CN'

/** Words of the dispatch rules; zh-CN in servicedesk-dispatch.zh-CN.ts. */
const dispatchEn: typeof dispatchZh = {
  nav: 'Dispatch rules',
  title: 'Dispatch rules',
  hint: 'A new ticket with no assignee and no team goes by the first enabled rule, from the top, whose conditions all hold; an empty condition takes anything. Tickets from alerts go to the maintainers the CMDB names first, and by these rules only when it names none.',
  empty: 'No dispatch rules yet: the duty engineer dispatches new tickets by hand.',
  add: 'Add a rule',
  ruleNo: 'Rule {n}',
  name: 'Rule name',
  enabled: 'Enabled',
  moveUp: 'Move up',
  moveDown: 'Move down',
  remove: 'Remove',
  when: 'When',
  types: 'Ticket types',
  systems: 'Business systems',
  priorities: 'Priorities',
  channels: 'Channels',
  keywords: 'Keywords (one of them in the title or description)',
  keywordsPlaceholder: 'Type and press Enter, e.g. printer',
  any: 'Any',
  then: 'Send to',
  team: 'Team',
  assign: 'In the team',
  assignModes: {
    least_loaded: 'The member with the fewest tickets',
    user: 'A named person',
    team: 'The team only (members pick it up)',
  },
  assignee: 'Assignee',
  members: 'Members: {names}',
  separator: ', ',
  noMembers: 'This team has no enabled members',
  saved: 'Dispatch rules saved',
}

export default dispatchEn
