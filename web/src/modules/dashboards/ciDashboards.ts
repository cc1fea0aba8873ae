/**
 * Which built-in dashboards show a CI, from its CMDB type (and, for the generic `database` and
 * `middleware` types, its engine or product attribute). The dashboards take the CI in their `ci`
 * variable, whose value is the CI's code (every series carries the CI's code as label `ci`).
 */
export const CLOCK_DRIFT = 'clock-drift'

const HOST_TYPES = ['os-instance', 'server', 'vm', 'physical-server', 'hypervisor-host', 'k8s-node']
const DATABASE_RULES: [RegExp, string][] = [
  [/postgres/, 'postgresql-overview'],
  [/oracle/, 'oracle-overview'],
  [/sqlserver|mssql/, 'sqlserver-overview'],
  [/mysql/, 'mysql-overview'],
]
const MIDDLEWARE = /weblogic|tomcat|middleware/
const CLINICAL = /modality|interface|integration-platform|hl7|dicom/

/** The uids of the dashboards for this CI, most specific first; `clock-drift` always last. */
export function dashboardsForCi(type: string, attributes: Record<string, unknown> = {}): string[] {
  const code = (type ?? '').toLowerCase()
  const attr = (name: string) => (typeof attributes[name] === 'string' ? (attributes[name] as string).toLowerCase() : '')
  const out: string[] = []
  if (HOST_TYPES.includes(code)) out.push('host-overview')
  const engine = code === 'database' ? attr('engine') : code
  for (const [pattern, uid] of DATABASE_RULES) {
    if (pattern.test(engine)) {
      out.push(uid)
      break
    }
  }
  if (MIDDLEWARE.test(code)) out.push('middleware-overview')
  if (CLINICAL.test(code)) out.push('clinical-interfaces')
  out.push(CLOCK_DRIFT)
  return [...new Set(out)]
}

/** The route to a dashboard with this CI chosen. */
export function ciDashboardRoute(uid: string, ciCode: string) {
  return { name: 'dashboard', params: { uid }, query: { 'var-ci': ciCode } }
}
