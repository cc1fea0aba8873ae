import { describe, expect, it } from 'vitest'
import type { AttributeDef, Ci } from './api'
import {
  DEFAULT_ATTRIBUTES,
  attributeColumns,
  attributeText,
  displayValue,
  filterSystems,
  levelOptions,
  levelTagType,
  orgUnitResolver,
  pageSlice,
  sortSystems,
} from './businessSystems'

// The server's answers (GET /cmdb/types, /cmdb/cis?type=business, /org-units), cut down.
const schema: AttributeDef[] = [
  { name: 'level', labelZh: '系统等级', labelEn: 'System level', type: 'enum', values: ['1', '2', '3'], required: true },
  { name: 'department', labelZh: '业务科室', labelEn: 'Owner department', type: 'text' },
  { name: 'team', labelZh: '维护团队', labelEn: 'Maintaining team', type: 'text' },
  { name: 'vendor', labelZh: '厂商', labelEn: 'Vendor', type: 'text' },
  { name: 'database', labelZh: '数据库', labelEn: 'Database', type: 'text' },
]

const units = [
  { code: 'radiology', nameZh: '放射科', nameEn: 'Radiology' },
  { code: 'medical-affairs', nameZh: '医务处', nameEn: 'Medical Affairs' },
  { code: 'team-imaging', nameZh: '影像组（PACS/RIS、病理、内镜）', nameEn: 'Imaging team (PACS/RIS, pathology, endoscopy)' },
  { code: 'team-emr', nameZh: '电子病历组', nameEn: '' },
  { code: 'team-apps', nameZh: '管理应用组', nameEn: 'Administrative apps team' },
]

function ci(id: number, code: string, name: string, attributes: Record<string, unknown>): Ci {
  return { id, type: 'business', code, name, attributes, updatedAt: '2026-11-22T02:52:01.832+00:00', version: 1 }
}

const systems: Ci[] = [
  ci(23, 'adverse-events', '不良事件上报系统', { level: '3', department: 'medical-affairs', team: 'team-apps', vendor: '华医信息', database: 'MySQL' }),
  ci(3, 'emr', '电子病历系统（EMR）', { level: '1', department: 'medical-affairs', team: 'team-emr', vendor: '华医信息', database: 'Oracle RAC' }),
  ci(15, 'nuclear-medicine', '核医学信息管理系统', { level: '2', department: 'radiology', team: 'team-imaging', vendor: '明影医疗影像', database: 'Oracle' }),
  ci(5, 'pacs-ris', '放射科 PACS/RIS', { level: '1', department: 'radiology', team: 'team-imaging', vendor: '明影医疗影像', database: 'Oracle' }),
  ci(40, 'no-level', 'Without a level', { department: 'unknown-dept' }),
]

const zh = orgUnitResolver(units, 'zh-CN')

describe('org-unit codes', () => {
  it('become the unit name in the current language', () => {
    expect(zh('radiology')).toBe('放射科')
    expect(orgUnitResolver(units, 'en-US')('radiology')).toBe('Radiology')
  })

  it('fall back to the other language, then to the code itself', () => {
    expect(orgUnitResolver(units, 'en-US')('team-emr')).toBe('电子病历组')
    expect(zh('unknown-dept')).toBe('unknown-dept')
    expect(orgUnitResolver([], 'zh-CN')('radiology')).toBe('radiology')
  })

  it('are resolved only in the department and team attributes', () => {
    expect(displayValue('department', 'radiology', zh)).toBe('放射科')
    expect(displayValue('team', 'team-imaging', zh)).toBe('影像组（PACS/RIS、病理、内镜）')
    expect(displayValue('vendor', 'radiology', zh)).toBe('radiology')
    expect(displayValue('department', undefined, zh)).toBe('')
  })
})

describe('attribute values', () => {
  it('are shown as text', () => {
    expect(attributeText('Oracle')).toBe('Oracle')
    expect(attributeText(2)).toBe('2')
    expect(attributeText(null)).toBe('')
    expect(attributeText(['a', 'b'])).toBe('a, b')
    expect(attributeText({ x: 1 })).toBe('{"x":1}')
  })
})

describe('columns', () => {
  it('come from the type schema, labelled in the current language, in schema order', () => {
    expect(attributeColumns(schema, 'zh-CN', () => 'x').map((c) => c.label)).toEqual(['系统等级', '业务科室', '维护团队', '厂商', '数据库'])
    expect(attributeColumns(schema, 'en-US', () => 'x').map((c) => c.label)).toEqual(['System level', 'Owner department', 'Maintaining team', 'Vendor', 'Database'])
  })

  it('include an attribute the server adds later, without a code change', () => {
    const later = [...schema, { name: 'rto', labelZh: '恢复时间目标', labelEn: 'RTO', type: 'text' }]
    expect(attributeColumns(later, 'en-US', () => 'x').map((c) => [c.name, c.label]).at(-1)).toEqual(['rto', 'RTO'])
  })

  it('fall back to the built-in attributes and locale labels without a schema, and to the other language', () => {
    expect(attributeColumns(undefined, 'zh-CN', (n) => `label:${n}`)).toEqual(DEFAULT_ATTRIBUTES.map((n) => ({ name: n, label: `label:${n}` })))
    expect(attributeColumns([{ name: 'a', labelZh: '甲', labelEn: '', type: 'text' }], 'en-US', () => 'x')[0].label).toBe('甲')
    expect(attributeColumns([{ name: 'a', labelZh: '', labelEn: '', type: 'text' }], 'en-US', (n) => `label:${n}`)[0].label).toBe('label:a')
  })

  it('offer the schema’s level values in the level filter, else 1–3', () => {
    expect(levelOptions([{ ...schema[0], values: ['1', '2', '3', '4'] }])).toEqual(['1', '2', '3', '4'])
    expect(levelOptions(undefined)).toEqual(['1', '2', '3'])
  })
})

describe('filtering (client-side, on the whole fetched type)', () => {
  const codes = (items: Ci[]) => items.map((c) => c.code)

  it('by level', () => {
    expect(codes(filterSystems(systems, { text: '', level: '1' }, zh))).toEqual(['emr', 'pacs-ris'])
    expect(codes(filterSystems(systems, { text: '', level: '3' }, zh))).toEqual(['adverse-events'])
    expect(filterSystems(systems, { text: '', level: '' }, zh)).toHaveLength(systems.length)
  })

  it('by text in name, code and attribute values, case-insensitively', () => {
    expect(codes(filterSystems(systems, { text: 'pacs', level: '' }, zh))).toEqual(['nuclear-medicine', 'pacs-ris'])
    expect(codes(filterSystems(systems, { text: ' EMR ', level: '' }, zh))).toEqual(['emr'])
    expect(codes(filterSystems(systems, { text: 'mysql', level: '' }, zh))).toEqual(['adverse-events'])
    expect(codes(filterSystems(systems, { text: '华医', level: '' }, zh))).toEqual(['adverse-events', 'emr'])
  })

  it('finds a department by its name, which the server only knows as a code', () => {
    expect(codes(filterSystems(systems, { text: '放射科', level: '' }, zh))).toEqual(['nuclear-medicine', 'pacs-ris'])
    expect(codes(filterSystems(systems, { text: 'radiology', level: '' }, orgUnitResolver(units, 'en-US')))).toEqual(['nuclear-medicine', 'pacs-ris'])
  })

  it('by text and level together', () => {
    expect(codes(filterSystems(systems, { text: '放射科', level: '2' }, zh))).toEqual(['nuclear-medicine'])
    expect(filterSystems(systems, { text: 'nothing like this', level: '' }, zh)).toEqual([])
  })
})

describe('order and pages', () => {
  it('puts core systems first, then by code, those without a level last', () => {
    expect(sortSystems(systems).map((c) => c.code)).toEqual(['emr', 'pacs-ris', 'nuclear-medicine', 'adverse-events', 'no-level'])
    expect(systems[0].code).toBe('adverse-events') // the input is left as it was
  })

  it('cuts one page out of the list', () => {
    const list = Array.from({ length: 45 }, (_, i) => i)
    expect(pageSlice(list, 1, 20)).toEqual(list.slice(0, 20))
    expect(pageSlice(list, 3, 20)).toEqual([40, 41, 42, 43, 44])
    expect(pageSlice(list, 4, 20)).toEqual([])
    expect(pageSlice(list, 0, 20)).toEqual(list.slice(0, 20))
  })

  it('styles level 1 as danger', () => {
    expect(levelTagType('1')).toBe('danger')
    expect(levelTagType('2')).toBe('warning')
    expect(levelTagType('3')).toBe('info')
  })
})
