import { describe, expect, it } from 'vitest'
import zhCN from '@/locales/zh-CN'
import enUS from '@/locales/en-US'
import { NAVIGATION, PERMISSIONS, UPCOMING_MODULES, groupOf, visibleNavigation, type NavItem } from './navigation'

const keys = (items: NavItem[]): string[] => items.flatMap((i) => [i.key, ...(i.children ? keys(i.children) : [])])

function lookup(messages: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages)
}

describe('visibleNavigation', () => {
  it('shows every group in the order users think of them', () => {
    const top = NAVIGATION.map((i) => i.key)
    expect(top).toEqual(['overview', 'cmdb', 'monitoring', 'alerting', 'serviceDesk', 'knowledge', 'inspections', 'reports', 'admin'])
  })

  it('hides Administration entirely from a user without any of its permissions (engineer)', () => {
    const visible = keys(visibleNavigation(NAVIGATION, [PERMISSIONS.cmdbRead]))
    expect(visible).not.toContain('admin')
    expect(visible).not.toContain('users')
    expect(visible).toEqual(['overview', 'cmdb', 'cmdbBusiness', 'cmdbCis', 'cmdbWhatIf', 'cmdbMatrix', 'cmdbZones', 'cmdbModel', ...UPCOMING_MODULES])
  })

  it('shows 配置 → 业务系统, 配置项, 配置模型 only with cmdb.read (not to auditors and security administrators)', () => {
    const cmdb = (permissions: string[]) => visibleNavigation(NAVIGATION, permissions).find((i) => i.key === 'cmdb')
    expect(cmdb([PERMISSIONS.cmdbRead])?.children?.map((c) => [c.key, c.path])).toEqual([
      ['cmdbBusiness', '/cmdb/business'],
      ['cmdbCis', '/cmdb/cis'],
      ['cmdbWhatIf', '/cmdb/what-if'],
      ['cmdbMatrix', '/cmdb/failure-matrix'],
      ['cmdbZones', '/cmdb/zones'],
      ['cmdbModel', '/cmdb/model'],
    ])
    expect(cmdb([PERMISSIONS.auditRead, PERMISSIONS.usersRead, PERMISSIONS.rolesRead])).toBeUndefined()
    expect(cmdb([PERMISSIONS.usersRead, PERMISSIONS.rolesRead, PERMISSIONS.rolesWrite])).toBeUndefined()
    expect(groupOf('/cmdb/business')).toBe('cmdb')
    // a CI's own page belongs to the CI browser's group
    expect(groupOf('/cmdb/cis/42')).toBe('cmdb')
    expect(groupOf('/cmdb/model')).toBe('cmdb')
  })

  it('shows 监控 → 监控对象, 仪表盘, 查询分析 only with monitoring.read', () => {
    const monitoring = (permissions: string[]) => visibleNavigation(NAVIGATION, permissions).find((i) => i.key === 'monitoring')
    expect(monitoring([PERMISSIONS.monitoringRead])?.children?.map((c) => [c.key, c.path])).toEqual([
      ['monitoringTargets', '/monitoring/targets'],
      ['monitoringDashboards', '/monitoring/dashboards'],
      ['monitoringExplore', '/monitoring/explore'],
      ['monitoringCapacity', '/monitoring/capacity'],
    ])
    expect(groupOf('/monitoring/dashboards/host-overview')).toBe('monitoring')
    expect(monitoring([PERMISSIONS.cmdbRead])).toBeUndefined()
    expect(groupOf('/monitoring/targets/7')).toBe('monitoring')
    expect(groupOf('/monitoring/capacity/12')).toBe('monitoring')
  })

  it('shows 告警 → 事态, 告警规则, 维护窗口, 通知渠道, 通知路由, 值班表, 升级策略 only with alerting.read', () => {
    const alerting = (permissions: string[]) => visibleNavigation(NAVIGATION, permissions).find((i) => i.key === 'alerting')
    expect(alerting([PERMISSIONS.alertingRead])?.children?.map((c) => [c.key, c.path])).toEqual([
      ['alertingEvents', '/alerting/events'],
      ['alertingRules', '/alerting/rules'],
      ['alertingMaintenance', '/alerting/maintenance'],
      ['alertingChannels', '/alerting/channels'],
      ['alertingRoutes', '/alerting/routes'],
      ['alertingOncall', '/alerting/oncall'],
      ['alertingEscalation', '/alerting/escalation'],
    ])
    expect(alerting([PERMISSIONS.cmdbRead, PERMISSIONS.monitoringRead])).toBeUndefined()
    expect(groupOf('/alerting/channels')).toBe('alerting')
    expect(groupOf('/alerting/routes')).toBe('alerting')
    expect(groupOf('/alerting/oncall')).toBe('alerting')
    expect(groupOf('/alerting/escalation')).toBe('alerting')
  })

  it('shows a system administrator users and roles but not the audit trail', () => {
    const visible = visibleNavigation(NAVIGATION, [PERMISSIONS.usersRead, PERMISSIONS.usersWrite, PERMISSIONS.rolesRead])
    const admin = visible.find((i) => i.key === 'admin')
    expect(admin?.children?.map((c) => c.key)).toEqual(['users', 'roles'])
  })

  it('shows an auditor the audit trail', () => {
    const visible = visibleNavigation(NAVIGATION, [PERMISSIONS.auditRead, PERMISSIONS.usersRead, PERMISSIONS.rolesRead])
    expect(visible.find((i) => i.key === 'admin')?.children?.map((c) => c.key)).toEqual(['users', 'roles', 'audit'])
  })

  it("shows the service desk's administrators its settings under 系统, and nobody else", () => {
    const admin = visibleNavigation(NAVIGATION, [PERMISSIONS.serviceDeskAdmin]).find((i) => i.key === 'admin')
    expect(admin?.children?.map((c) => c.key)).toEqual(['sdTypes', 'sdWorkflows', 'sdMatrix', 'sdSla', 'sdChangeApproval', 'sdDispatch'])
    expect(visibleNavigation(NAVIGATION, ['servicedesk.read']).find((i) => i.key === 'admin')).toBeUndefined()
    expect(groupOf('/admin/service-desk/workflows/7')).toBe('admin')
  })

  it('keeps a group with only one visible entry, and does not change the input', () => {
    const visible = visibleNavigation(NAVIGATION, [PERMISSIONS.auditRead])
    expect(visible.find((i) => i.key === 'admin')?.children?.map((c) => c.key)).toEqual(['audit'])
    expect(NAVIGATION.find((i) => i.key === 'admin')?.children).toHaveLength(10)
  })

  it('shows 系统 → 工作日历 to whoever edits the calendar, at /admin/calendar, and keeps 系统 from an engineer who only reads it', () => {
    const admin = visibleNavigation(NAVIGATION, [PERMISSIONS.cmdbRead, PERMISSIONS.calendarsRead, PERMISSIONS.calendarsWrite])
    expect(admin.find((i) => i.key === 'admin')?.children?.map((c) => [c.key, c.path])).toEqual([['calendars', '/admin/calendar']])
    expect(groupOf('/admin/calendar')).toBe('admin')
    const engineer = visibleNavigation(NAVIGATION, [PERMISSIONS.cmdbRead, PERMISSIONS.calendarsRead])
    expect(engineer.find((i) => i.key === 'admin')).toBeUndefined()
  })

  it('finds the group of a page', () => {
    expect(groupOf('/admin/users')).toBe('admin')
    expect(groupOf('/overview')).toBeUndefined()
  })

  it('has a label in both languages for every entry and a text for every coming module', () => {
    const all: NavItem[] = NAVIGATION.flatMap((i) => [i, ...(i.children ?? [])])
    for (const messages of [zhCN, enUS]) {
      for (const item of all) {
        expect(typeof lookup(messages, item.label), item.label).toBe('string')
      }
      for (const m of UPCOMING_MODULES) {
        expect(typeof lookup(messages, `modules.${m}`), m).toBe('string')
      }
    }
  })
})
