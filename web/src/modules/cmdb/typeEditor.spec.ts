import { describe, expect, it } from 'vitest'
import type { AttributeDef } from './api'
import { attributeRow, lockedAttribute, relationTypeLocked, rowsToSchema, schemaErrorKeys, typeListChoice, typeListValue } from './typeEditor'

const stored: AttributeDef[] = [
  { name: 'capacityKva', labelZh: '容量(kVA)', labelEn: 'Capacity (kVA)', type: 'number', required: true },
  { name: 'room', labelZh: '安装位置', labelEn: 'Room', type: 'text' },
]

describe('type editor', () => {
  it('turns rows into the schema: enum values only for enums, refType only for refs, no unique secret', () => {
    const rows = [
      attributeRow(stored[0]),
      { ...attributeRow(), name: ' phase ', labelZh: '相数', type: 'enum', values: ['1', ' 3 ', ''] },
      { ...attributeRow(), name: 'vendor', type: 'ref', refType: 'vendor', values: ['ignored'] },
      { ...attributeRow(), name: 'pw', type: 'secret', unique: true },
      { ...attributeRow(), name: 'anyRef', type: 'ref', refType: '' },
    ]
    expect(rowsToSchema(rows)).toEqual([
      { name: 'capacityKva', labelZh: '容量(kVA)', labelEn: 'Capacity (kVA)', type: 'number', required: true, unique: false },
      { name: 'phase', labelZh: '相数', labelEn: '', type: 'enum', required: false, unique: false, values: ['1', '3'] },
      { name: 'vendor', labelZh: '', labelEn: '', type: 'ref', required: false, unique: false, refType: 'vendor' },
      { name: 'pw', labelZh: '', labelEn: '', type: 'secret', required: false, unique: false },
      { name: 'anyRef', labelZh: '', labelEn: '', type: 'ref', required: false, unique: false },
    ])
  })

  it('gives each row its own key', () => {
    expect(attributeRow().key).not.toBe(attributeRow().key)
  })

  it('lists the server error keys of the attribute table by index', () => {
    const keys = schemaErrorKeys(2)
    expect(keys).toContain('attributeSchema[0].name')
    expect(keys).toContain('attributeSchema[1].values')
    expect(keys).not.toContain('attributeSchema[2].name')
  })

  it('locks what CIs of the type depend on: existing attributes stay, keep name and kind, and may not become required', () => {
    const free = { name: false, type: false, required: false, remove: false }
    expect(lockedAttribute({ name: 'room', required: false }, stored, false)).toEqual(free)
    expect(lockedAttribute({ name: 'room', required: false }, stored, true)).toEqual({ name: true, type: true, required: true, remove: true })
    // a required attribute may be made optional
    expect(lockedAttribute({ name: 'capacityKva', required: true }, stored, true).required).toBe(false)
    // a new attribute is free, even with CIs
    expect(lockedAttribute({ name: 'phase', required: true }, stored, true)).toEqual(free)
  })

  it('reads and writes a relation type\'s "any type" lists', () => {
    expect(typeListChoice(['*'])).toEqual({ any: true, types: [] })
    expect(typeListChoice(undefined)).toEqual({ any: true, types: [] })
    expect(typeListChoice(['person', 'team'])).toEqual({ any: false, types: ['person', 'team'] })
    expect(typeListValue({ any: true, types: ['person'] })).toEqual(['*'])
    expect(typeListValue({ any: false, types: ['interface'] })).toEqual(['interface'])
    expect(relationTypeLocked({ builtin: true })).toBe(true)
    expect(relationTypeLocked(null)).toBe(false)
  })
})
