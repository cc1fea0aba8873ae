import { SD_ADMIN_PATHS } from '../servicedesk-admin/paths'

/**
 * The left navigation, grouped as the users think (DESIGN.md): 总览 · 配置 · 监控 · 告警 · 服务台 ·
 * 知识库 · 巡检 · 报表 · 系统. `label` is a locale key; `permission` hides an entry from users who
 * lack it; a group without visible entries is hidden too.
 */
export interface NavItem {
  key: string
  label: string
  icon?: string
  path?: string
  permission?: string
  children?: NavItem[]
}

export const PERMISSIONS = {
  usersRead: 'identity.users.read',
  usersWrite: 'identity.users.write',
  rolesRead: 'identity.roles.read',
  rolesWrite: 'identity.roles.write',
  auditRead: 'audit.read',
  cmdbRead: 'cmdb.read',
  cmdbWrite: 'cmdb.write',
  cmdbModelWrite: 'cmdb.model.write',
  monitoringRead: 'monitoring.read',
  monitoringWrite: 'monitoring.write',
  alertingRead: 'alerting.read',
  alertingWrite: 'alerting.write',
  alertingHandle: 'alerting.handle',
  calendarsRead: 'calendars.read',
  calendarsWrite: 'calendars.write',
  knowledgeRead: 'knowledge.read',
  knowledgeWrite: 'knowledge.write',
  knowledgeReview: 'knowledge.review',
  serviceDeskAdmin: 'servicedesk.admin',
  serviceDeskRead: 'servicedesk.read',
  serviceDeskWork: 'servicedesk.work',
  serviceDeskDispatch: 'servicedesk.dispatch',
} as const

/** Modules of later releases: each has a placeholder page until it is built. */
export const UPCOMING_MODULES = ['inspections', 'reports'] as const
export type UpcomingModule = (typeof UPCOMING_MODULES)[number]

export const MODULE_PATHS: Record<UpcomingModule, string> = {
  inspections: '/inspections',
  reports: '/reports',
}

/** The CMDB's pages (配置): business systems, the CI browser (and a CI's page below it), the model. */
export const CMDB_PATHS = {
  business: '/cmdb/business',
  cis: '/cmdb/cis',
  model: '/cmdb/model',
  whatIf: '/cmdb/what-if',
  matrix: '/cmdb/failure-matrix',
  zones: '/cmdb/zones',
} as const

/** The Monitoring pages (监控): the targets (a target's page and editor below), dashboards, Explore, and capacity. */
export const MONITORING_PATHS = {
  targets: '/monitoring/targets',
  dashboards: '/monitoring/dashboards',
  explore: '/monitoring/explore',
  capacity: '/monitoring/capacity',
} as const

/**
 * The Alerting pages (告警): events (事态), rules, maintenance windows, where notifications go (channels, routes), and who
 * is on call and told next (rosters, escalation policies).
 */
export const ALERTING_PATHS = {
  events: '/alerting/events',
  rules: '/alerting/rules',
  maintenance: '/alerting/maintenance',
  channels: '/alerting/channels',
  routes: '/alerting/routes',
  oncall: '/alerting/oncall',
  escalation: '/alerting/escalation',
} as const

/** The service desk's pages (服务台): the tickets (a new ticket, a ticket's page below). */
export const SERVICE_DESK_PATHS = {
  tickets: '/service-desk/tickets',
  workLog: '/service-desk/work-log',
} as const

export function ticketPath(id: number): string {
  return `${SERVICE_DESK_PATHS.tickets}/${id}`
}

/** The Knowledge pages (知识库): the articles (search, an article, the editor) and the reviewers' queue. */
export const KNOWLEDGE_PATHS = {
  articles: '/knowledge/articles',
  review: '/knowledge/review',
} as const

export function articlePath(id: number): string {
  return `${KNOWLEDGE_PATHS.articles}/${id}`
}

/** The live boards (实时看板): information, dispatch, status summary and service model, each refreshed by server push. */
export const BOARDS_PATHS = {
  root: '/boards',
  information: '/boards/information',
  dispatch: '/boards/dispatch',
  status: '/boards/status',
  serviceModel: '/boards/service-model',
} as const

/** The Administration pages (系统) beyond users, roles and the audit trail: the holiday calendar (工作日历). */
export const ADMIN_PATHS = {
  calendars: '/admin/calendar',
  ...SD_ADMIN_PATHS,
} as const

export function targetPath(id: number): string {
  return `${MONITORING_PATHS.targets}/${id}`
}

/** A business system's capacity (its layers on one time axis, the bottleneck). */
export function capacityPath(businessId: number): string {
  return `${MONITORING_PATHS.capacity}/${businessId}`
}

/** A business system's service model (layers, topology, typical faults). */
export function serviceModelPath(businessId: number): string {
  return `${CMDB_PATHS.business}/${businessId}/model`
}

export const MODULE_ICONS: Record<UpcomingModule | 'overview' | 'cmdb' | 'monitoring' | 'alerting' | 'serviceDesk' | 'knowledge' | 'admin', string> = {
  overview: 'HomeFilled',
  cmdb: 'Connection',
  monitoring: 'Monitor',
  alerting: 'Bell',
  serviceDesk: 'Tickets',
  knowledge: 'Reading',
  inspections: 'Checked',
  reports: 'DataAnalysis',
  admin: 'Setting',
}

function upcoming(m: UpcomingModule): NavItem {
  return { key: m, label: `nav.${m}`, icon: MODULE_ICONS[m], path: MODULE_PATHS[m] }
}

export const NAVIGATION: NavItem[] = [
  { key: 'overview', label: 'nav.overview', icon: MODULE_ICONS.overview, path: '/overview' },
  {
    key: 'cmdb',
    label: 'nav.cmdb',
    icon: MODULE_ICONS.cmdb,
    children: [
      { key: 'cmdbBusiness', label: 'nav.cmdbBusiness', path: CMDB_PATHS.business, permission: PERMISSIONS.cmdbRead },
      { key: 'cmdbCis', label: 'nav.cmdbCis', path: CMDB_PATHS.cis, permission: PERMISSIONS.cmdbRead },
      { key: 'cmdbWhatIf', label: 'nav.cmdbWhatIf', path: CMDB_PATHS.whatIf, permission: PERMISSIONS.cmdbRead },
      { key: 'cmdbMatrix', label: 'nav.cmdbMatrix', path: CMDB_PATHS.matrix, permission: PERMISSIONS.cmdbRead },
      { key: 'cmdbZones', label: 'nav.cmdbZones', path: CMDB_PATHS.zones, permission: PERMISSIONS.cmdbRead },
      { key: 'cmdbModel', label: 'nav.cmdbModel', path: CMDB_PATHS.model, permission: PERMISSIONS.cmdbRead },
    ],
  },
  {
    key: 'monitoring',
    label: 'nav.monitoring',
    icon: MODULE_ICONS.monitoring,
    children: [
      { key: 'monitoringTargets', label: 'nav.monitoringTargets', path: MONITORING_PATHS.targets, permission: PERMISSIONS.monitoringRead },
      { key: 'monitoringDashboards', label: 'nav.monitoringDashboards', path: MONITORING_PATHS.dashboards, permission: PERMISSIONS.monitoringRead },
      { key: 'monitoringExplore', label: 'nav.monitoringExplore', path: MONITORING_PATHS.explore, permission: PERMISSIONS.monitoringRead },
      { key: 'monitoringCapacity', label: 'nav.monitoringCapacity', path: MONITORING_PATHS.capacity, permission: PERMISSIONS.monitoringRead },
    ],
  },
  {
    key: 'alerting',
    label: 'nav.alerting',
    icon: MODULE_ICONS.alerting,
    children: [
      { key: 'alertingEvents', label: 'nav.alertingEvents', path: ALERTING_PATHS.events, permission: PERMISSIONS.alertingRead },
      { key: 'alertingRules', label: 'nav.alertingRules', path: ALERTING_PATHS.rules, permission: PERMISSIONS.alertingRead },
      { key: 'alertingMaintenance', label: 'nav.alertingMaintenance', path: ALERTING_PATHS.maintenance, permission: PERMISSIONS.alertingRead },
      { key: 'alertingChannels', label: 'nav.alertingChannels', path: ALERTING_PATHS.channels, permission: PERMISSIONS.alertingRead },
      { key: 'alertingRoutes', label: 'nav.alertingRoutes', path: ALERTING_PATHS.routes, permission: PERMISSIONS.alertingRead },
      { key: 'alertingOncall', label: 'nav.alertingOncall', path: ALERTING_PATHS.oncall, permission: PERMISSIONS.alertingRead },
      { key: 'alertingEscalation', label: 'nav.alertingEscalation', path: ALERTING_PATHS.escalation, permission: PERMISSIONS.alertingRead },
    ],
  },
  {
    key: 'serviceDesk',
    label: 'nav.serviceDesk',
    icon: MODULE_ICONS.serviceDesk,
    children: [
      { key: 'serviceDeskTickets', label: 'nav.serviceDeskTickets', path: SERVICE_DESK_PATHS.tickets, permission: PERMISSIONS.serviceDeskRead },
      { key: 'serviceDeskWorkLog', label: 'sdRecords.nav.workLog', path: SERVICE_DESK_PATHS.workLog, permission: PERMISSIONS.serviceDeskRead },
      { key: 'serviceDeskBoards', label: 'nav.boards', path: BOARDS_PATHS.root, permission: PERMISSIONS.serviceDeskRead },
    ],
  },
  {
    key: 'knowledge',
    label: 'nav.knowledge',
    icon: MODULE_ICONS.knowledge,
    children: [
      { key: 'knowledgeArticles', label: 'nav.knowledgeArticles', path: KNOWLEDGE_PATHS.articles, permission: PERMISSIONS.knowledgeRead },
      { key: 'knowledgeReview', label: 'nav.knowledgeReview', path: KNOWLEDGE_PATHS.review, permission: PERMISSIONS.knowledgeReview },
    ],
  },
  ...UPCOMING_MODULES.map(upcoming),
  {
    key: 'admin',
    label: 'nav.admin',
    icon: MODULE_ICONS.admin,
    children: [
      { key: 'users', label: 'nav.users', path: '/admin/users', permission: PERMISSIONS.usersRead },
      { key: 'roles', label: 'nav.roles', path: '/admin/roles', permission: PERMISSIONS.rolesRead },
      { key: 'audit', label: 'nav.audit', path: '/admin/audit', permission: PERMISSIONS.auditRead },
      // 系统 is the administrators' group: the entry shows to those who edit the calendar; whoever reads it may open the page by its address.
      { key: 'calendars', label: 'nav.calendars', path: ADMIN_PATHS.calendars, permission: PERMISSIONS.calendarsWrite },
      // The service desk's settings: shown to its administrators; whoever reads tickets may open them by their address.
      { key: 'sdTypes', label: 'sdAdmin.nav.types', path: SD_ADMIN_PATHS.types, permission: PERMISSIONS.serviceDeskAdmin },
      { key: 'sdWorkflows', label: 'sdAdmin.nav.workflows', path: SD_ADMIN_PATHS.workflows, permission: PERMISSIONS.serviceDeskAdmin },
      { key: 'sdMatrix', label: 'sdAdmin.nav.matrix', path: SD_ADMIN_PATHS.matrix, permission: PERMISSIONS.serviceDeskAdmin },
      { key: 'sdSla', label: 'sdAdmin.nav.sla', path: SD_ADMIN_PATHS.sla, permission: PERMISSIONS.serviceDeskAdmin },
      { key: 'sdChangeApproval', label: 'changes.policy.nav', path: SD_ADMIN_PATHS.changeApproval, permission: PERMISSIONS.serviceDeskAdmin },
      { key: 'sdDispatch', label: 'sdDispatch.nav', path: SD_ADMIN_PATHS.dispatch, permission: PERMISSIONS.serviceDeskAdmin },
    ],
  },
]

/** The entries this user may see: entries needing a permission they lack, and empty groups, are dropped. */
export function visibleNavigation(items: readonly NavItem[], permissions: readonly string[]): NavItem[] {
  const held = new Set(permissions)
  const result: NavItem[] = []
  for (const item of items) {
    if (item.permission && !held.has(item.permission)) {
      continue
    }
    if (item.children) {
      const children = visibleNavigation(item.children, permissions)
      if (children.length === 0) {
        continue
      }
      result.push({ ...item, children })
    } else {
      result.push({ ...item })
    }
  }
  return result
}

/** The group key whose entry owns this path (to open that group in the menu). */
export function groupOf(path: string, items: readonly NavItem[] = NAVIGATION): string | undefined {
  for (const item of items) {
    if (item.children?.some((c) => c.path && path.startsWith(c.path))) {
      return item.key
    }
  }
  return undefined
}
