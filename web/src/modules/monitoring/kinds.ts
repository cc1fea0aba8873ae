/**
 * The settings each kind of target offers in the add / edit form, and how the form's values turn
 * into the API's `settings` and back. Labels and hints are locale keys:
 * `monitoring.settings.<key>` and `monitoring.settingsHint.<key>`.
 */

export type SettingType = 'text' | 'textarea' | 'number' | 'bool' | 'select' | 'numberList' | 'stringList' | 'checks' | 'relabel'

export interface SettingField {
  key: string
  type: SettingType
  required?: boolean
  /** the value a new target starts with */
  default?: unknown
  /** select: the allowed values */
  options?: string[]
  /** has a hint under the field (monitoring.settingsHint.<key>) */
  hint?: boolean
}

export const RELABEL_ACTIONS = ['replace', 'keep', 'drop', 'labeldrop', 'labelkeep', 'labelmap'] as const

export const KIND_SETTINGS: Record<string, SettingField[]> = {
  prometheus: [
    { key: 'honorLabels', type: 'bool', default: false, hint: true },
    { key: 'honorTimestamps', type: 'bool', default: true },
    { key: 'discover', type: 'bool', default: false, hint: true },
    { key: 'sampleLimit', type: 'number', hint: true },
    { key: 'maxBodyBytes', type: 'number' },
    { key: 'relabel', type: 'relabel', hint: true },
  ],
  icmp: [{ key: 'count', type: 'number', hint: true }],
  tcp: [],
  http: [
    { key: 'method', type: 'select', options: ['GET', 'HEAD'], default: 'GET' },
    { key: 'expectedStatus', type: 'numberList', hint: true },
    { key: 'bodyRegex', type: 'text', hint: true },
    { key: 'skipTlsVerify', type: 'bool', default: false },
    { key: 'maxRedirects', type: 'number' },
  ],
  dns: [
    { key: 'name', type: 'text', required: true, hint: true },
    { key: 'recordType', type: 'select', options: ['A', 'AAAA'], default: 'A' },
    { key: 'expectedAddress', type: 'text' },
  ],
  ntp: [{ key: 'queries', type: 'number' }],
  snmp: [{ key: 'oids', type: 'stringList', hint: true }],
  dicom: [
    { key: 'calledAe', type: 'text', required: true, hint: true },
    { key: 'callingAe', type: 'text' },
  ],
  hl7: [
    { key: 'sendingApplication', type: 'text' },
    { key: 'sendingFacility', type: 'text' },
    { key: 'receivingApplication', type: 'text' },
    { key: 'receivingFacility', type: 'text' },
    { key: 'messageTemplate', type: 'textarea', hint: true },
  ],
  postgres: [
    { key: 'database', type: 'text' },
    { key: 'username', type: 'text' },
    { key: 'checks', type: 'checks', hint: true },
  ],
  database: [
    { key: 'engine', type: 'select', options: ['oracle', 'sqlserver', 'dm', 'kingbase'], required: true },
    { key: 'driverAssembly', type: 'text', required: true },
    { key: 'factoryType', type: 'text', required: true },
  ],
  weblogic: [{ key: 'skipTlsVerify', type: 'bool', default: false }],
  tomcat: [{ key: 'skipTlsVerify', type: 'bool', default: false }],
}

/** Examples of an address, shown as the placeholder of the address field. */
export const ADDRESS_EXAMPLES: Record<string, string> = {
  prometheus: 'http://10.1.20.11:9100/metrics',
  icmp: '10.1.20.11',
  tcp: '10.1.20.11:1521',
  http: 'https://emr.hospital.local/health',
  dns: '10.1.0.53:53',
  ntp: '10.1.0.1',
  snmp: '10.1.0.254',
  dicom: '10.2.3.40:104',
  hl7: '10.2.5.10:2575',
  postgres: '10.1.20.31:5432',
  database: 'oracle://10.1.20.21:1521/EMR',
  weblogic: 'http://10.1.30.11:7001',
  tomcat: 'http://10.1.30.12:8080',
}

export interface CheckRow {
  metric: string
  sql: string
}

/** A relabel rule in the form: the source labels as one comma-separated text. */
export interface RelabelRow {
  action: string
  sourceLabels: string
  separator: string
  regex: string
  targetLabel: string
  replacement: string
}

export function settingFields(kind: string): SettingField[] {
  return KIND_SETTINGS[kind] ?? []
}

/** Splits a list typed as text (commas, spaces or new lines between the items). */
export function splitList(text: string, separators: RegExp = /[\s,;\uff0c\uff1b]+/): string[] {
  return text
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v)
}

/** The form's values of a kind's settings: from a saved target's settings, or the kind's defaults. */
export function settingsToForm(kind: string, settings: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const form: Record<string, unknown> = {}
  const given = settings ?? {}
  for (const f of settingFields(kind)) {
    const v = f.key in given ? given[f.key] : f.default
    switch (f.type) {
      case 'bool':
        form[f.key] = v === true
        break
      case 'number':
        form[f.key] = typeof v === 'number' ? v : v === undefined || v === null || v === '' ? undefined : Number(v)
        break
      case 'numberList':
        form[f.key] = asArray(v).join(', ')
        break
      case 'stringList':
        form[f.key] = asArray(v).map(str).join('\n')
        break
      case 'checks':
        form[f.key] = asArray(v).map((c) => {
          const o = (c ?? {}) as Record<string, unknown>
          return { metric: str(o.metric), sql: str(o.sql) } satisfies CheckRow
        })
        break
      case 'relabel':
        form[f.key] = asArray(v).map((r) => {
          const o = (r ?? {}) as Record<string, unknown>
          return {
            action: str(o.action) || 'replace',
            sourceLabels: asArray(o.sourceLabels).map(str).join(', '),
            separator: str(o.separator),
            regex: str(o.regex),
            targetLabel: str(o.targetLabel),
            replacement: str(o.replacement),
          } satisfies RelabelRow
        })
        break
      default:
        form[f.key] = str(v)
    }
  }
  return form
}

/**
 * The API's settings from the form: empty values are left out; numbers and lists are parsed;
 * settings the form does not know (written by a later server) are kept as they were.
 */
export function formToSettings(kind: string, form: Record<string, unknown>, original: Record<string, unknown> = {}): Record<string, unknown> {
  const fields = settingFields(kind)
  const known = new Set(fields.map((f) => f.key))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(original)) {
    if (!known.has(k)) out[k] = v
  }
  for (const f of fields) {
    const v = form[f.key]
    switch (f.type) {
      case 'bool':
        if (typeof v === 'boolean') out[f.key] = v
        break
      case 'number':
        if (v !== undefined && v !== null && v !== '' && Number.isFinite(Number(v))) out[f.key] = Number(v)
        break
      case 'numberList': {
        const list = splitList(str(v)).map(Number).filter((n) => Number.isFinite(n))
        if (list.length) out[f.key] = list
        break
      }
      case 'stringList': {
        const list = splitList(str(v), /[\n,;\uff0c\uff1b]+/)
        if (list.length) out[f.key] = list
        break
      }
      case 'checks': {
        const rows = asArray(v) as CheckRow[]
        const list = rows.filter((r) => r.metric.trim() || r.sql.trim()).map((r) => ({ metric: r.metric.trim(), sql: r.sql.trim() }))
        if (list.length) out[f.key] = list
        break
      }
      case 'relabel': {
        const rows = asArray(v) as RelabelRow[]
        const list = rows.map((r) => {
          const rule: Record<string, unknown> = { action: r.action || 'replace' }
          const sources = splitList(r.sourceLabels)
          if (sources.length) rule.sourceLabels = sources
          if (r.separator) rule.separator = r.separator
          if (r.regex) rule.regex = r.regex
          if (r.targetLabel.trim()) rule.targetLabel = r.targetLabel.trim()
          if (r.replacement) rule.replacement = r.replacement
          return rule
        })
        if (list.length) out[f.key] = list
        break
      }
      default: {
        const s = str(v).trim()
        if (s) out[f.key] = f.type === 'textarea' ? str(v) : s
      }
    }
  }
  return out
}

export interface LabelRow {
  name: string
  value: string
}

export function labelsToRows(labels: Record<string, string> | null | undefined): LabelRow[] {
  return Object.entries(labels ?? {}).map(([name, value]) => ({ name, value }))
}

/** Rows with a name become labels (the last of two rows with one name wins). */
export function rowsToLabels(rows: readonly LabelRow[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const r of rows) {
    const name = r.name.trim()
    if (name) out[name] = r.value
  }
  return out
}

/** A Prometheus label name: letters, digits and _, not starting with a digit. */
export function isLabelName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
}

/** The parts of a connection string `Host=…;Port=…;Username=…;Password=…;Database=…` (keys in any case). */
export function parseConnectionString(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim()
  }
  return out
}
