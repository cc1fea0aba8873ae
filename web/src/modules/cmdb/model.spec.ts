import { describe, expect, it } from 'vitest'
import type { AttributeDef, CiType, Relation, RelationType } from './api'
import {
  admits,
  attributesPayload,
  displayAttribute,
  enumAttributes,
  fieldKind,
  formFields,
  formState,
  groupByLayer,
  historyField,
  interfaceRelations,
  maintainers,
  documents,
  needsMode,
  referencedIds,
  relationChoices,
  relationLabel,
  relationView,
  takesPartInInterfaces,
} from './model'

// The server's answers (GET /cmdb/types, /cmdb/relation-types, /cmdb/cis/{id}/relations), cut down.
const schema: AttributeDef[] = [
  { name: 'capacityKva', labelZh: '容量(kVA)', labelEn: 'Capacity (kVA)', type: 'number', required: true },
  { name: 'phase', labelZh: '相数', labelEn: '', type: 'enum', values: ['1', '3'] },
  { name: 'installed', labelZh: '投运日期', labelEn: 'In service since', type: 'date' },
  { name: 'ip', labelZh: '管理 IP', labelEn: 'Management IP', type: 'ip', unique: true },
  { name: 'vendor', labelZh: '厂商', labelEn: 'Vendor', type: 'ref', refType: 'vendor' },
  { name: 'owner', labelZh: '负责人', labelEn: 'Owner', type: 'person' },
  { name: 'team', labelZh: '维护团队', labelEn: 'Team', type: 'orgUnit' },
  { name: 'password', labelZh: '管理密码', labelEn: 'Password', type: 'secret' },
  { name: 'room', labelZh: '安装位置', labelEn: 'Room', type: 'text' },
]

function rt(code: string, sourceTypes: string[], targetTypes: string[], extra: Partial<RelationType> = {}): RelationType {
  return {
    code,
    nameZh: `${code}-zh`,
    nameEn: `${code}-en`,
    inverseZh: `${code}-inverse-zh`,
    inverseEn: `${code}-inverse-en`,
    sourceTypes,
    targetTypes,
    cardinality: 'many-to-many',
    acyclic: false,
    availability: 'needs',
    builtin: true,
    count: 0,
    version: 1,
    ...extra,
  }
}

const relationTypes: RelationType[] = [
  rt('depends-on', ['*'], ['*']),
  rt('runs-on', ['application', 'database', 'vm'], ['vm', 'physical-server', 'cluster'], { acyclic: true }),
  rt('maintains', ['person', 'team', 'vendor'], ['*'], { availability: 'none' }),
  rt('backs-up', ['*'], ['*'], { availability: 'backup', cardinality: 'many-to-one' }),
  rt('provides', ['application', 'subsystem', 'integration-platform', 'business'], ['interface'], { availability: 'needed-by' }),
  rt('consumes', ['application', 'subsystem', 'integration-platform', 'business', 'modality'], ['interface']),
  rt('connects-to', ['*'], ['network-device', 'link', 'network-zone', 'cluster']),
]

function relation(id: number, type: string, source: [number, string, string], target: [number, string, string], attributes: Relation['attributes'] = {}): Relation {
  return {
    id,
    type,
    sourceId: source[0],
    sourceName: source[1],
    sourceType: source[2],
    targetId: target[0],
    targetName: target[1],
    targetType: target[2],
    attributes,
    createdAt: '2026-11-22T03:23:47.522+00:00',
  }
}

describe('schema → form fields', () => {
  it('maps every attribute kind to its widget, an unknown kind to a text input', () => {
    expect(['text', 'number', 'enum', 'date', 'ip', 'ref', 'person', 'orgUnit', 'secret', 'geo'].map(fieldKind)).toEqual([
      'input',
      'number',
      'select',
      'date',
      'ip',
      'ci',
      'ci',
      'orgUnit',
      'password',
      'input',
    ])
  })

  it('labels fields in the language, keys their server errors as attributes.<name>, and knows what a reference may point to', () => {
    const zh = formFields(schema, 'zh-CN')
    expect(zh.map((f) => f.label)).toEqual(['容量(kVA)', '相数', '投运日期', '管理 IP', '厂商', '负责人', '维护团队', '管理密码', '安装位置'])
    const en = formFields(schema, 'en-US')
    // an empty English label falls back to the Chinese one
    expect(en.find((f) => f.name === 'phase')?.label).toBe('相数')
    expect(en[0]).toMatchObject({ name: 'capacityKva', errorKey: 'attributes.capacityKva', label: 'Capacity (kVA)', kind: 'number', required: true })
    expect(en.find((f) => f.name === 'phase')?.options).toEqual(['1', '3'])
    expect(en.find((f) => f.name === 'vendor')?.ciType).toBe('vendor')
    expect(en.find((f) => f.name === 'owner')?.ciType).toBe('person')
    expect(en.find((f) => f.name === 'ip')?.unique).toBe(true)
    expect(formFields([{ name: 'anything', labelZh: '任意引用', labelEn: '', type: 'ref' }], 'zh-CN')[0].ciType).toBeNull()
  })

  it('starts an edit from the stored values; a stored secret starts empty with the mask as placeholder', () => {
    const state = formState(schema, { capacityKva: 200, phase: '3', installed: '2024-05-01', vendor: 12, owner: '227', team: 'team-infra', password: '******' })
    expect(state.values).toEqual({
      capacityKva: 200,
      phase: '3',
      installed: '2024-05-01',
      ip: '',
      vendor: 12,
      owner: 227,
      team: 'team-infra',
      password: '',
      room: '',
    })
    expect(state.storedSecrets).toEqual(['password'])
    expect(formState(schema, undefined).values).toMatchObject({ capacityKva: null, vendor: null, password: '' })
  })

  it('sends what was filled in: trimmed text, numbers as numbers, empty fields left out', () => {
    const state = formState(schema, undefined)
    Object.assign(state.values, { capacityKva: 250, phase: '1', installed: '2024-05-01', ip: ' 10.0.0.9 ', owner: 227, room: '   ' })
    expect(attributesPayload(schema, state)).toEqual({ capacityKva: 250, phase: '1', installed: '2024-05-01', ip: '10.0.0.9', owner: 227 })
  })

  it('keeps a stored secret left empty (sends the mask), replaces it when typed, drops it when cleared', () => {
    const state = formState(schema, { capacityKva: 1, password: '******' })
    expect(attributesPayload(schema, state).password).toBe('******')
    state.values.password = 'N3w-secret'
    expect(attributesPayload(schema, state).password).toBe('N3w-secret')
    state.values.password = ''
    expect(attributesPayload(schema, state, ['password'])).not.toHaveProperty('password')
    // a CI without a stored secret sends none
    expect(attributesPayload(schema, formState(schema, { capacityKva: 1 }))).not.toHaveProperty('password')
  })
})

describe('shown values', () => {
  const resolvers = { unitName: (code: string) => (code === 'team-infra' ? '基础架构组' : code), ciName: (id: number) => (id === 12 ? '华为' : undefined) }

  it('shows org units by name and references by the CI name (or #id while unknown)', () => {
    const def = (name: string) => schema.find((a) => a.name === name)
    expect(displayAttribute(def('team'), 'team-infra', resolvers)).toBe('基础架构组')
    expect(displayAttribute(def('vendor'), 12, resolvers)).toBe('华为')
    expect(displayAttribute(def('owner'), 227, resolvers)).toBe('#227')
    expect(displayAttribute(def('capacityKva'), 200, resolvers)).toBe('200')
    expect(displayAttribute(def('password'), '******', resolvers)).toBe('******')
    expect(displayAttribute(def('room'), undefined, resolvers)).toBe('')
  })

  it('collects the CIs that references point to, once each', () => {
    const cis = [{ attributes: { vendor: 12, owner: 227 } }, { attributes: { vendor: 12, owner: 'not-an-id' } }, { attributes: {} }]
    expect(referencedIds(schema, cis).sort((a, b) => a - b)).toEqual([12, 227])
  })

  it('offers a filter for each enum attribute with values', () => {
    expect(enumAttributes([...schema, { name: 'empty', labelZh: '空', labelEn: '', type: 'enum', values: [] }]).map((a) => a.name)).toEqual(['phase'])
  })
})

describe('types by layer', () => {
  it('follows the layers order and leaves out empty layers; a layer the list does not know comes last', () => {
    const types = [
      { code: 'vm', layer: 'virtualization' },
      { code: 'ups', layer: 'infrastructure' },
      { code: 'business', layer: 'business' },
      { code: 'odd', layer: 'future' },
      { code: 'cluster', layer: 'virtualization' },
    ] as unknown as CiType[]
    const groups = groupByLayer(types, ['organisation', 'business', 'virtualization', 'infrastructure'])
    expect(groups.map((g) => [g.layer, g.types.map((t) => t.code)])).toEqual([
      ['business', ['business']],
      ['virtualization', ['vm', 'cluster']],
      ['infrastructure', ['ups']],
      ['future', ['odd']],
    ])
  })
})

describe('relation types valid for a CI type', () => {
  const keys = (ciType: string) => relationChoices(relationTypes, ciType).map((c) => c.key)

  it('"*" admits every type', () => {
    expect(admits(['*'], 'ups')).toBe(true)
    expect(admits(['vm', 'cluster'], 'vm')).toBe(true)
    expect(admits(['vm', 'cluster'], 'ups')).toBe(false)
  })

  it('a new type (ups) may take part only in the relations open to any type, in the directions they allow', () => {
    expect(keys('ups')).toEqual(['depends-on:outgoing', 'depends-on:incoming', 'maintains:incoming', 'backs-up:outgoing', 'backs-up:incoming', 'connects-to:outgoing'])
  })

  it('an application provides and consumes interfaces; an interface is provided and consumed', () => {
    expect(keys('application')).toContain('provides:outgoing')
    expect(keys('application')).toContain('consumes:outgoing')
    expect(keys('application')).not.toContain('provides:incoming')
    expect(keys('interface')).toContain('provides:incoming')
    expect(keys('interface')).toContain('consumes:incoming')
    expect(keys('interface')).not.toContain('provides:outgoing')
  })

  it('a person maintains; a cluster is connected to and run on', () => {
    expect(keys('person')).toContain('maintains:outgoing')
    expect(keys('cluster')).toEqual(expect.arrayContaining(['connects-to:incoming', 'runs-on:incoming']))
    expect(keys('cluster')).not.toContain('runs-on:outgoing')
  })

  it('says which types the other end may have ([] = any)', () => {
    const runsOn = relationChoices(relationTypes, 'database').find((c) => c.key === 'runs-on:outgoing')
    expect(runsOn?.otherTypes).toEqual(['vm', 'physical-server', 'cluster'])
    const maintained = relationChoices(relationTypes, 'database').find((c) => c.key === 'maintains:incoming')
    expect(maintained?.otherTypes).toEqual(['person', 'team', 'vendor'])
    expect(relationChoices(relationTypes, 'database').find((c) => c.key === 'depends-on:outgoing')?.otherTypes).toEqual([])
  })

  it('names a relation by its name outgoing and its inverse incoming, in the language', () => {
    const dependsOn = relationTypes[0]
    expect(relationLabel(dependsOn, 'outgoing', 'zh-CN')).toBe('depends-on-zh')
    expect(relationLabel(dependsOn, 'incoming', 'zh-CN')).toBe('depends-on-inverse-zh')
    expect(relationLabel(dependsOn, 'incoming', 'en-US')).toBe('depends-on-inverse-en')
    expect(relationLabel(undefined, 'outgoing', 'en-US', 'custom-rel')).toBe('custom-rel')
  })

  it('asks for a standby mode on backup relations only', () => {
    expect(needsMode(relationTypes.find((r) => r.code === 'backs-up'))).toBe(true)
    expect(needsMode(relationTypes.find((r) => r.code === 'depends-on'))).toBe(false)
  })
})

describe("a CI's relations", () => {
  const his: [number, string, string] = [1, 'HIS 应用', 'application']
  const hl7: [number, string, string] = [50, 'HIS ADT 接口', 'interface']
  const pacs: [number, string, string] = [51, 'PACS 检查申请接口', 'interface']
  const dba: [number, string, string] = [227, '吴刚（DBA）', 'person']
  const mirror: [number, string, string] = [84, 'HIS 镜像备机', 'database']
  const relations = {
    outgoing: [relation(10, 'consumes', his, pacs), relation(11, 'provides', his, hl7), relation(12, 'depends-on', his, [99, 'HIS 数据库', 'database'])],
    incoming: [relation(13, 'maintains', dba, his), relation(14, 'backs-up', mirror, his, { mode: 'hot' })],
  }

  it('picks out the other end and the standby mode', () => {
    expect(relationView(relations.incoming[1], 'incoming')).toMatchObject({ otherId: 84, otherName: 'HIS 镜像备机', otherType: 'database', mode: 'hot' })
    expect(relationView(relations.outgoing[2], 'outgoing')).toMatchObject({ otherId: 99, mode: null })
  })

  it('lists interfaces as provides first, then consumes', () => {
    expect(interfaceRelations(relations).map((v) => `${v.type} ${v.otherName}`)).toEqual(['provides HIS ADT 接口', 'consumes PACS 检查申请接口'])
    // seen from the interface: who provides it
    expect(interfaceRelations({ outgoing: [], incoming: [relations.outgoing[1]] }).map((v) => [v.direction, v.otherName])).toEqual([['incoming', 'HIS 应用']])
  })

  it('shows the interfaces tab for types that can provide, consume or be an interface', () => {
    expect(takesPartInInterfaces(relationTypes, 'application')).toBe(true)
    expect(takesPartInInterfaces(relationTypes, 'interface')).toBe(true)
    expect(takesPartInInterfaces(relationTypes, 'modality')).toBe(true)
    expect(takesPartInInterfaces(relationTypes, 'ups')).toBe(false)
  })

  it('finds the maintainers among the incoming relations', () => {
    expect(maintainers(relations).map((m) => [m.otherId, m.otherName])).toEqual([[227, '吴刚（DBA）']])
  })

  it('finds the documents among the incoming describes relations', () => {
    const plan: [number, string, string] = [300, 'HIS 数据库镜像切换应急预案', 'document']
    const withDocument = { outgoing: relations.outgoing, incoming: [...relations.incoming, relation(15, 'describes', plan, his)] }
    expect(documents(withDocument).map((d) => [d.otherId, d.otherName])).toEqual([[300, 'HIS 数据库镜像切换应急预案']])
    expect(documents(relations)).toEqual([])
  })

  it('reads history fields', () => {
    expect(historyField('code')).toEqual({ kind: 'code', name: 'code' })
    expect(historyField('attributes.capacityKva')).toEqual({ kind: 'attribute', name: 'capacityKva' })
    expect(historyField('relation.depends-on')).toEqual({ kind: 'relation', name: 'depends-on' })
    expect(historyField('something')).toEqual({ kind: 'other', name: 'something' })
  })
})
