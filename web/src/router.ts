import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { useSessionStore, type PendingStep } from './modules/identity/store'
import { SERVICE_DESK_READ } from './modules/servicedesk-admin/api'
import { ADMIN_PATHS, ALERTING_PATHS, BOARDS_PATHS, CMDB_PATHS, KNOWLEDGE_PATHS, MODULE_PATHS, MONITORING_PATHS, PERMISSIONS, SERVICE_DESK_PATHS, UPCOMING_MODULES } from './modules/shell/navigation'

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable without signing in */
    public?: boolean
    /** permission needed to see the page; without it the frame shows "no permission" */
    permission?: string
    /** locale key of the page title */
    title?: string
    /** a module of a later release (placeholder page) */
    module?: string
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./modules/identity/pages/LoginPage.vue'), meta: { public: true, title: 'login.title' } },
  { path: '/change-password', name: 'change-password', component: () => import('./modules/identity/pages/ForcedChangePasswordPage.vue'), meta: { title: 'changePassword.title' } },
  { path: '/enroll-two-factor', name: 'enroll-two-factor', component: () => import('./modules/identity/pages/ForcedEnrollTwoFactorPage.vue'), meta: { title: 'enroll.title' } },
  {
    path: '/',
    component: () => import('./modules/shell/pages/AppFrame.vue'),
    children: [
      { path: '', redirect: { name: 'overview' } },
      { path: 'overview', name: 'overview', component: () => import('./modules/shell/pages/OverviewPage.vue'), meta: { title: 'nav.overview' } },
      ...UPCOMING_MODULES.map<RouteRecordRaw>((m) => ({
        path: MODULE_PATHS[m].slice(1),
        name: m,
        component: () => import('./modules/shell/pages/ComingSoonPage.vue'),
        meta: { title: `nav.${m}`, module: m },
      })),
      { path: 'cmdb', redirect: { name: 'cmdb-business' } },
      {
        path: CMDB_PATHS.business.slice(1),
        name: 'cmdb-business',
        component: () => import('./modules/cmdb/pages/BusinessSystemsPage.vue'),
        meta: { title: 'nav.cmdbBusiness', permission: PERMISSIONS.cmdbRead },
      },
      {
        path: CMDB_PATHS.cis.slice(1),
        name: 'cmdb-cis',
        component: () => import('./modules/cmdb/pages/CiBrowserPage.vue'),
        meta: { title: 'nav.cmdbCis', permission: PERMISSIONS.cmdbRead },
      },
      {
        path: `${CMDB_PATHS.cis.slice(1)}/:id(\\d+)`,
        name: 'cmdb-ci',
        component: () => import('./modules/cmdb/pages/CiDetailPage.vue'),
        meta: { title: 'cmdb.ci.title', permission: PERMISSIONS.cmdbRead },
      },
      {
        path: `${CMDB_PATHS.business.slice(1)}/:id(\\d+)/model`,
        name: 'cmdb-service-model',
        component: () => import('./modules/cmdb/pages/ServiceModelPage.vue'),
        meta: { title: 'cmdb.analysis.serviceModel', permission: PERMISSIONS.cmdbRead },
      },
      {
        path: CMDB_PATHS.whatIf.slice(1),
        name: 'cmdb-what-if',
        component: () => import('./modules/cmdb/pages/WhatIfPage.vue'),
        meta: { title: 'nav.cmdbWhatIf', permission: PERMISSIONS.cmdbRead },
      },
      {
        path: CMDB_PATHS.matrix.slice(1),
        name: 'cmdb-failure-matrix',
        component: () => import('./modules/cmdb/pages/FailureMatrixPage.vue'),
        meta: { title: 'nav.cmdbMatrix', permission: PERMISSIONS.cmdbRead },
      },
      {
        path: CMDB_PATHS.zones.slice(1),
        name: 'cmdb-zones',
        component: () => import('./modules/cmdb/pages/ZonesPage.vue'),
        meta: { title: 'nav.cmdbZones', permission: PERMISSIONS.cmdbRead },
      },
      {
        path: CMDB_PATHS.model.slice(1),
        name: 'cmdb-model',
        component: () => import('./modules/cmdb/pages/ModelPage.vue'),
        meta: { title: 'nav.cmdbModel', permission: PERMISSIONS.cmdbRead },
      },
      { path: 'monitoring', redirect: { name: 'monitoring-targets' } },
      {
        path: MONITORING_PATHS.targets.slice(1),
        name: 'monitoring-targets',
        component: () => import('./modules/monitoring/pages/TargetsPage.vue'),
        meta: { title: 'nav.monitoringTargets', permission: PERMISSIONS.monitoringRead },
      },
      {
        path: `${MONITORING_PATHS.targets.slice(1)}/new`,
        name: 'monitoring-target-new',
        component: () => import('./modules/monitoring/pages/TargetEditPage.vue'),
        meta: { title: 'monitoring.form.createTitle', permission: PERMISSIONS.monitoringWrite },
      },
      {
        path: `${MONITORING_PATHS.targets.slice(1)}/:id(\\d+)`,
        name: 'monitoring-target',
        component: () => import('./modules/monitoring/pages/TargetDetailPage.vue'),
        meta: { title: 'monitoring.targets.title', permission: PERMISSIONS.monitoringRead },
      },
      {
        path: `${MONITORING_PATHS.targets.slice(1)}/:id(\\d+)/edit`,
        name: 'monitoring-target-edit',
        component: () => import('./modules/monitoring/pages/TargetEditPage.vue'),
        meta: { title: 'monitoring.form.editTitle', permission: PERMISSIONS.monitoringWrite },
      },
      {
        path: MONITORING_PATHS.dashboards.slice(1),
        name: 'dashboards',
        component: () => import('./modules/dashboards/pages/DashboardsPage.vue'),
        meta: { title: 'nav.monitoringDashboards', permission: PERMISSIONS.monitoringRead },
      },
      {
        path: `${MONITORING_PATHS.dashboards.slice(1)}/:uid`,
        name: 'dashboard',
        component: () => import('./modules/dashboards/pages/DashboardPage.vue'),
        meta: { title: 'nav.monitoringDashboards', permission: PERMISSIONS.monitoringRead },
      },
      {
        path: MONITORING_PATHS.explore.slice(1),
        name: 'monitoring-explore',
        component: () => import('./modules/dashboards/pages/ExplorePage.vue'),
        meta: { title: 'nav.monitoringExplore', permission: PERMISSIONS.monitoringRead },
      },
      {
        path: MONITORING_PATHS.capacity.slice(1),
        name: 'capacity-report',
        component: () => import('./modules/capacity/pages/CapacityReportPage.vue'),
        meta: { title: 'capacity.report.title', permission: PERMISSIONS.monitoringRead },
      },
      {
        path: `${MONITORING_PATHS.capacity.slice(1)}/:businessId(\\d+)`,
        name: 'capacity-business',
        component: () => import('./modules/capacity/pages/BusinessCapacityPage.vue'),
        meta: { title: 'capacity.title', permission: PERMISSIONS.monitoringRead },
      },
      { path: 'alerting', redirect: { name: 'alerting-events' } },
      {
        path: ALERTING_PATHS.events.slice(1),
        name: 'alerting-events',
        component: () => import('./modules/alerting/pages/EventsPage.vue'),
        meta: { title: 'nav.alertingEvents', permission: PERMISSIONS.alertingRead },
      },
      {
        // The link every notification carries ({PublicUrl}/alerting/events/{id}): signing in comes back here.
        path: `${ALERTING_PATHS.events.slice(1)}/:id(\\d+)`,
        name: 'alerting-event',
        component: () => import('./modules/alerting/pages/EventDetailPage.vue'),
        meta: { title: 'alerting.event.title', permission: PERMISSIONS.alertingRead },
      },
      {
        path: ALERTING_PATHS.rules.slice(1),
        name: 'alerting-rules',
        component: () => import('./modules/alerting/pages/RulesPage.vue'),
        meta: { title: 'nav.alertingRules', permission: PERMISSIONS.alertingRead },
      },
      {
        path: ALERTING_PATHS.maintenance.slice(1),
        name: 'alerting-maintenance',
        component: () => import('./modules/alerting/pages/MaintenanceWindowsPage.vue'),
        meta: { title: 'nav.alertingMaintenance', permission: PERMISSIONS.alertingRead },
      },
      {
        path: ALERTING_PATHS.channels.slice(1),
        name: 'alerting-channels',
        component: () => import('./modules/alerting/pages/ChannelsPage.vue'),
        meta: { title: 'nav.alertingChannels', permission: PERMISSIONS.alertingRead },
      },
      {
        path: ALERTING_PATHS.routes.slice(1),
        name: 'alerting-routes',
        component: () => import('./modules/alerting/pages/RoutesPage.vue'),
        meta: { title: 'nav.alertingRoutes', permission: PERMISSIONS.alertingRead },
      },
      {
        path: ALERTING_PATHS.oncall.slice(1),
        name: 'alerting-oncall',
        component: () => import('./modules/alerting/pages/OnCallPage.vue'),
        meta: { title: 'nav.alertingOncall', permission: PERMISSIONS.alertingRead },
      },
      {
        path: ALERTING_PATHS.escalation.slice(1),
        name: 'alerting-escalation',
        component: () => import('./modules/alerting/pages/EscalationPage.vue'),
        meta: { title: 'nav.alertingEscalation', permission: PERMISSIONS.alertingRead },
      },
      {
        path: `${ALERTING_PATHS.rules.slice(1)}/new`,
        name: 'alerting-rule-new',
        component: () => import('./modules/alerting/pages/RuleEditPage.vue'),
        meta: { title: 'alerting.edit.createTitle', permission: PERMISSIONS.alertingWrite },
      },
      {
        path: `${ALERTING_PATHS.rules.slice(1)}/:id(\\d+)`,
        name: 'alerting-rule-edit',
        component: () => import('./modules/alerting/pages/RuleEditPage.vue'),
        meta: { title: 'alerting.edit.editTitle', permission: PERMISSIONS.alertingWrite },
      },
      { path: 'service-desk', redirect: { name: 'service-desk-tickets' } },
      {
        path: SERVICE_DESK_PATHS.tickets.slice(1),
        name: 'service-desk-tickets',
        component: () => import('./modules/servicedesk/pages/TicketsPage.vue'),
        meta: { title: 'nav.serviceDeskTickets', permission: PERMISSIONS.serviceDeskRead },
      },
      {
        path: `${SERVICE_DESK_PATHS.tickets.slice(1)}/new`,
        name: 'service-desk-ticket-new',
        component: () => import('./modules/servicedesk/pages/NewTicketPage.vue'),
        meta: { title: 'serviceDesk.form.title', permission: PERMISSIONS.serviceDeskWork },
      },
      {
        path: SERVICE_DESK_PATHS.workLog.slice(1),
        name: 'service-desk-work-log',
        component: () => import('./modules/servicedesk/pages/WorkLogPage.vue'),
        meta: { title: 'sdRecords.workLog.title', permission: PERMISSIONS.serviceDeskRead },
      },
      {
        // The link every ticket notice carries: signing in comes back here.
        path: `${SERVICE_DESK_PATHS.tickets.slice(1)}/:id(\\d+)`,
        name: 'service-desk-ticket',
        component: () => import('./modules/servicedesk/pages/TicketPage.vue'),
        meta: { title: 'serviceDesk.list.title', permission: PERMISSIONS.serviceDeskRead },
      },
      { path: 'knowledge', redirect: { name: 'knowledge-articles' } },
      {
        path: KNOWLEDGE_PATHS.articles.slice(1),
        name: 'knowledge-articles',
        component: () => import('./modules/knowledge/pages/ArticlesPage.vue'),
        meta: { title: 'nav.knowledgeArticles', permission: PERMISSIONS.knowledgeRead },
      },
      {
        path: `${KNOWLEDGE_PATHS.articles.slice(1)}/new`,
        name: 'knowledge-article-new',
        component: () => import('./modules/knowledge/pages/ArticleEditPage.vue'),
        meta: { title: 'knowledge.editor.createTitle', permission: PERMISSIONS.knowledgeWrite },
      },
      {
        path: `${KNOWLEDGE_PATHS.articles.slice(1)}/:id(\\d+)`,
        name: 'knowledge-article',
        component: () => import('./modules/knowledge/pages/ArticlePage.vue'),
        meta: { title: 'knowledge.article.title', permission: PERMISSIONS.knowledgeRead },
      },
      {
        path: `${KNOWLEDGE_PATHS.articles.slice(1)}/:id(\\d+)/edit`,
        name: 'knowledge-article-edit',
        component: () => import('./modules/knowledge/pages/ArticleEditPage.vue'),
        meta: { title: 'knowledge.editor.editTitle', permission: PERMISSIONS.knowledgeWrite },
      },
      {
        path: KNOWLEDGE_PATHS.review.slice(1),
        name: 'knowledge-review',
        component: () => import('./modules/knowledge/pages/ReviewQueuePage.vue'),
        meta: { title: 'knowledge.review.title', permission: PERMISSIONS.knowledgeReview },
      },
      { path: 'boards', redirect: { path: BOARDS_PATHS.information } },
      {
        path: 'boards/:board(information|dispatch|status|service-model)',
        name: 'boards',
        component: () => import('./modules/boards/pages/BoardsPage.vue'),
        meta: { title: 'boards.title', permission: PERMISSIONS.serviceDeskRead },
      },
      { path: 'admin', redirect: { name: 'users' } },
      { path: 'admin/users', name: 'users', component: () => import('./modules/identity/pages/UsersPage.vue'), meta: { title: 'nav.users', permission: PERMISSIONS.usersRead } },
      { path: 'admin/roles', name: 'roles', component: () => import('./modules/identity/pages/RolesPage.vue'), meta: { title: 'nav.roles', permission: PERMISSIONS.rolesRead } },
      { path: 'admin/audit', name: 'audit', component: () => import('./modules/identity/pages/AuditPage.vue'), meta: { title: 'nav.audit', permission: PERMISSIONS.auditRead } },
      {
        path: ADMIN_PATHS.calendars.slice(1),
        name: 'calendars',
        component: () => import('./modules/calendars/pages/WorkCalendarPage.vue'),
        meta: { title: 'nav.calendars', permission: PERMISSIONS.calendarsRead },
      },
      {
        path: ADMIN_PATHS.types.slice(1),
        name: 'sd-admin-types',
        component: () => import('./modules/servicedesk-admin/pages/TicketTypesPage.vue'),
        meta: { title: 'sdAdmin.nav.types', permission: SERVICE_DESK_READ },
      },
      {
        path: ADMIN_PATHS.workflows.slice(1),
        name: 'sd-admin-workflows',
        component: () => import('./modules/servicedesk-admin/pages/WorkflowsPage.vue'),
        meta: { title: 'sdAdmin.nav.workflows', permission: SERVICE_DESK_READ },
      },
      {
        path: `${ADMIN_PATHS.workflows.slice(1)}/new`,
        name: 'sd-admin-workflow-new',
        component: () => import('./modules/servicedesk-admin/pages/WorkflowDesignerPage.vue'),
        meta: { title: 'sdAdmin.designer.newTitle', permission: PERMISSIONS.serviceDeskAdmin },
      },
      {
        path: `${ADMIN_PATHS.workflows.slice(1)}/:id(\\d+)`,
        name: 'sd-admin-workflow',
        component: () => import('./modules/servicedesk-admin/pages/WorkflowDesignerPage.vue'),
        meta: { title: 'sdAdmin.nav.workflows', permission: SERVICE_DESK_READ },
      },
      {
        path: ADMIN_PATHS.matrix.slice(1),
        name: 'sd-admin-matrix',
        component: () => import('./modules/servicedesk-admin/pages/PriorityMatrixPage.vue'),
        meta: { title: 'sdAdmin.nav.matrix', permission: SERVICE_DESK_READ },
      },
      {
        path: ADMIN_PATHS.sla.slice(1),
        name: 'sd-admin-sla',
        component: () => import('./modules/servicedesk-admin/pages/SlaPoliciesPage.vue'),
        meta: { title: 'sdAdmin.nav.sla', permission: SERVICE_DESK_READ },
      },
      {
        path: ADMIN_PATHS.changeApproval.slice(1),
        name: 'sd-admin-change-approval',
        component: () => import('./modules/servicedesk-admin/pages/ChangeApprovalPage.vue'),
        meta: { title: 'changes.policy.nav', permission: SERVICE_DESK_READ },
      },
      {
        path: ADMIN_PATHS.dispatch.slice(1),
        name: 'sd-admin-dispatch',
        component: () => import('./modules/servicedesk-admin/pages/DispatchRulesPage.vue'),
        meta: { title: 'sdDispatch.nav', permission: SERVICE_DESK_READ },
      },
      { path: 'account', name: 'account', component: () => import('./modules/identity/pages/AccountPage.vue'), meta: { title: 'nav.account' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./modules/shell/pages/NotFoundPage.vue'), meta: { title: 'shell.notFoundTitle' } },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
})

const STEP_ROUTES: Record<Exclude<PendingStep, null>, string> = {
  'change-password': 'change-password',
  'enroll-two-factor': 'enroll-two-factor',
}

/** Only same-site paths may be a post-login target. */
export function safeRedirect(target: unknown): string | undefined {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/login') ? target : undefined
}

export function loginRoute(from: Pick<RouteLocationNormalized, 'fullPath'>) {
  const redirect = safeRedirect(from.fullPath)
  return { name: 'login', query: redirect && redirect !== '/' && redirect !== '/overview' ? { redirect } : {} }
}

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.checked) {
    try {
      await session.load()
    } catch {
      // server unreachable: the login page says so when the user tries
    }
  }

  if (to.meta.public) {
    return session.signedIn && to.name === 'login' ? { name: 'overview' } : true
  }
  if (!session.signedIn) {
    return loginRoute(to)
  }

  // A pending step (forced password change, forced 2FA enrolment) is the only page reachable.
  const step = session.pendingStep
  if (step) {
    return to.name === STEP_ROUTES[step] ? true : { name: STEP_ROUTES[step] }
  }
  if (to.name === 'change-password' || to.name === 'enroll-two-factor') {
    return { name: 'overview' }
  }
  return true
})
