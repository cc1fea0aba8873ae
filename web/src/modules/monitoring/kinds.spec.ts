import { describe, expect, it } from 'vitest'
import { formToSettings, isLabelName, labelsToRows, parseConnectionString, rowsToLabels, settingFields, settingsToForm, splitList } from './kinds'

describe('kind settings in the form', () => {
  it('starts a new target with the kind defaults', () => {
    expect(settingsToForm('prometheus', null)).toMatchObject({ honorLabels: false, honorTimestamps: true, discover: false, relabel: [] })
    expect(settingsToForm('http', {})).toMatchObject({ method: 'GET', expectedStatus: '', skipTlsVerify: false })
  })

  it('turns the form back into settings, leaving out what is empty', () => {
    const form = settingsToForm('http', {})
    form.expectedStatus = '200, 204 301'
    form.bodyRegex = '  ok  '
    expect(formToSettings('http', form)).toEqual({ method: 'GET', expectedStatus: [200, 204, 301], bodyRegex: 'ok', skipTlsVerify: false })
  })

  it('round-trips lists, checks and relabel rules', () => {
    const settings = {
      checks: [{ metric: 'pg_locks', sql: 'select count(*) from pg_locks' }],
      database: 'emr',
    }
    expect(formToSettings('postgres', settingsToForm('postgres', settings))).toEqual(settings)
    const snmp = { oids: ['1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.2.2.1.10'] }
    expect(formToSettings('snmp', settingsToForm('snmp', snmp))).toEqual(snmp)
    const prom = {
      honorLabels: false,
      honorTimestamps: true,
      discover: true,
      sampleLimit: 5000,
      relabel: [{ action: 'labeldrop', regex: 'tmp_.*' }, { action: 'replace', sourceLabels: ['a', 'b'], separator: ':', targetLabel: 'ab', replacement: '$1' }],
    }
    expect(formToSettings('prometheus', settingsToForm('prometheus', prom))).toEqual(prom)
  })

  it('keeps settings the form does not know', () => {
    expect(formToSettings('icmp', { count: 3 }, { count: 1, future: 'x' })).toEqual({ future: 'x', count: 3 })
  })

  it('knows the required fields of dicom, dns and database', () => {
    expect(settingFields('dicom').find((f) => f.key === 'calledAe')?.required).toBe(true)
    expect(settingFields('dns').find((f) => f.key === 'name')?.required).toBe(true)
    expect(settingFields('database').filter((f) => f.required).map((f) => f.key)).toEqual(['engine', 'driverAssembly', 'factoryType'])
    expect(settingFields('no-such-kind')).toEqual([])
  })

  it('splits typed lists on commas, spaces and new lines, Chinese commas too', () => {
    expect(splitList('200，204, 301\n302')).toEqual(['200', '204', '301', '302'])
  })
})

describe('labels', () => {
  it('turns rows into labels and back, skipping rows without a name', () => {
    const rows = labelsToRows({ env: 'prod', room: 'A3' })
    expect(rows).toEqual([
      { name: 'env', value: 'prod' },
      { name: 'room', value: 'A3' },
    ])
    expect(rowsToLabels([...rows, { name: ' ', value: 'x' }])).toEqual({ env: 'prod', room: 'A3' })
  })

  it('checks label names as Prometheus does', () => {
    expect(isLabelName('env')).toBe(true)
    expect(isLabelName('_x1')).toBe(true)
    expect(isLabelName('1x')).toBe(false)
    expect(isLabelName('a-b')).toBe(false)
  })
})

describe('connection strings', () => {
  it('reads the parts of an Npgsql connection string', () => {
    expect(parseConnectionString('Host=127.0.0.1;Port=5432;Username=postgres;Password=s3;cret;Database=postgres')).toMatchObject({ host: '127.0.0.1', port: '5432', username: 'postgres', database: 'postgres' })
  })
})
