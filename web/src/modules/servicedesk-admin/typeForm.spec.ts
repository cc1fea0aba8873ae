import { describe, expect, it } from 'vitest'
import type { TicketField } from './api'
import {
  fieldErrorPlace,
  fieldsToSend,
  fromPercent,
  gridsToCells,
  joinMinutes,
  matrixGrids,
  policyTargets,
  splitMinutes,
  toPercent,
  withFieldAdded,
  withFieldMoved,
  withFieldRemoved,
  withKind,
} from './typeForm'

const device: TicketField = { key: 'device', name: 'Device', nameEn: '', kind: 'select', options: [{ value: 'laptop', name: ' Laptop ', nameEn: '' }], required: true }
const note: TicketField = { key: 'note', name: 'Note', nameEn: 'Note', kind: 'text', options: null, required: false }

describe('the fields editor', () => {
  it('adds a field with a free key, removes and moves fields without changing the list it was given', () => {
    const fields = [device, note]
    const added = withFieldAdded(fields)
    expect(added.map((f) => f.key)).toEqual(['device', 'note', 'field3'])
    expect(withFieldAdded([{ ...note, key: 'field2' }]).at(-1)!.key).toBe('field3')
    expect(withFieldRemoved(added, 0).map((f) => f.key)).toEqual(['note', 'field3'])
    expect(withFieldMoved(fields, 1, -1).map((f) => f.key)).toEqual(['note', 'device'])
    expect(withFieldMoved(fields, 0, -1)).toBe(fields)
    expect(withFieldMoved(fields, 1, 1)).toBe(fields)
    expect(fields.map((f) => f.key)).toEqual(['device', 'note'])
  })

  it('gives a select an option to fill and takes options away from other kinds', () => {
    expect(withKind(note, 'select').options).toEqual([{ value: '', name: '', nameEn: '' }])
    expect(withKind(device, 'select').options).toBe(device.options)
    expect(withKind(device, 'text').options).toBeNull()
  })

  it('sends trimmed names, the Chinese name where the English one is empty, and options only for selects', () => {
    expect(fieldsToSend([device, { ...note, options: [{ value: 'x', name: 'x', nameEn: 'x' }] }])).toEqual([
      { key: 'device', name: 'Device', nameEn: 'Device', kind: 'select', options: [{ value: 'laptop', name: 'Laptop', nameEn: 'Laptop' }], required: true },
      { key: 'note', name: 'Note', nameEn: 'Note', kind: 'text', options: null, required: false },
    ])
  })

  it('places a server message on its row', () => {
    expect(fieldErrorPlace('fields[2].options')).toEqual({ index: 2, property: 'options' })
    expect(fieldErrorPlace('fields[0]')).toEqual({ index: 0, property: 'key' })
    expect(fieldErrorPlace('prefix')).toBeNull()
  })
})

describe('the priority matrix', () => {
  it('reads 27 cells as three impact × urgency grids and writes them back', () => {
    const cells = [] as { impact: number; urgency: number; systemLevel: number; priority: number }[]
    for (let i = 1; i <= 3; i++) for (let u = 1; u <= 3; u++) for (let l = 1; l <= 3; l++) cells.push({ impact: i, urgency: u, systemLevel: l, priority: Math.min(4, i + u + l - 2) })
    const grids = matrixGrids(cells)
    expect(grids[0][0][0]).toBe(1)
    expect(grids[2][2][2]).toBe(4)
    expect(grids[0][0][2]).toBe(3) // level 1, impact 1, urgency 3
    expect(grids[0][1][0]).toBe(2) // level 1, impact 2, urgency 1
    expect(grids[1][0][0]).toBe(2) // level 2, impact 1, urgency 1
    const back = gridsToCells(grids)
    expect(back).toHaveLength(27)
    expect(new Set(back.map((c) => `${c.impact}${c.urgency}${c.systemLevel}`)).size).toBe(27)
    for (const c of cells) expect(back).toContainEqual(c)
  })

  it('reads a missing cell as P4', () => {
    expect(matrixGrids([])[0][0][0]).toBe(4)
  })
})

describe('SLA targets', () => {
  it('splits minutes into hours and minutes and joins them back; empty or zero is no target', () => {
    expect(splitMinutes(150)).toEqual({ hours: 2, minutes: 30 })
    expect(splitMinutes(null)).toEqual({ hours: null, minutes: null })
    expect(joinMinutes({ hours: 2, minutes: 30 })).toBe(150)
    expect(joinMinutes({ hours: null, minutes: 30 })).toBe(30)
    expect(joinMinutes({ hours: 0, minutes: 0 })).toBeNull()
    expect(joinMinutes({ hours: null, minutes: null })).toBeNull()
    expect(policyTargets({ responseMinutes: 30, responseOutsideMinutes: 60, arrivalMinutes: null, arrivalOutsideMinutes: null, resolutionMinutes: 480 }).resolutionMinutes).toEqual({
      hours: 8,
      minutes: 0,
    })
  })

  it('shows colour thresholds as whole percentages', () => {
    expect(toPercent(0.8)).toBe(80)
    expect(fromPercent(55)).toBe(0.55)
  })
})
