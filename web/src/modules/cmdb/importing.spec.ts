import { describe, expect, it } from 'vitest'
import { ApiError, problemToError } from '@/api/http'
import { exportUrl, importContentType, rejectedImportResult, type AttributeDef, type ImportResult } from './api'
import { acceptedFile, badRows, canImport, expectedHeader, headerLine, importErrorRows, importOutcome } from './importing'

const ups: AttributeDef[] = [
  { name: 'capacityKva', labelZh: '容量(kVA)', labelEn: 'Capacity (kVA)', type: 'number', required: true },
  { name: 'room', labelZh: '安装位置', labelEn: 'Room', type: 'text' },
]
const zhWords = { code: '编码', name: '名称' }

// POST /cmdb/types/ups/import?dryRun=true with a CSV whose row 3 has capacityKva "abc" and row 4 no name
const dryRun: ImportResult = {
  dryRun: true,
  applied: false,
  rows: 3,
  created: 1,
  updated: 0,
  errors: [
    { row: 4, field: 'name', code: 'required', message: '必填项。' },
    { row: 3, field: 'capacityKva', code: 'invalid_number', message: '请输入数字。' },
    { row: 3, field: 'room', code: 'too_long', message: '太长。' },
  ],
}

describe('import wizard', () => {
  it('shows the header a file needs: code, name, then the attributes, with labels and required marks', () => {
    const header = expectedHeader(ups, 'zh-CN', zhWords)
    expect(header).toEqual([
      { name: 'code', label: '编码', required: true },
      { name: 'name', label: '名称', required: true },
      { name: 'capacityKva', label: '容量(kVA)', required: true },
      { name: 'room', label: '安装位置', required: false },
    ])
    expect(headerLine(header)).toBe('code,name,capacityKva,room')
    expect(expectedHeader(ups, 'en-US', { code: 'Code', name: 'Name' })[2].label).toBe('Capacity (kVA)')
  })

  it('maps row errors to the field labels the user knows, sorted by row', () => {
    const rows = importErrorRows(dryRun.errors, ups, 'zh-CN', zhWords)
    expect(rows.map((r) => [r.row, r.fieldLabel, r.message])).toEqual([
      [3, '容量(kVA)', '请输入数字。'],
      [3, '安装位置', '太长。'],
      [4, '名称', '必填项。'],
    ])
  })

  it('shows an unknown header column by its own text and a whole-file problem without a field', () => {
    const rows = importErrorRows(
      [
        { row: 1, field: '颜色', code: 'unknown_column', message: '无法识别的列' },
        { row: 1, field: null, code: 'import_needs_code_and_name', message: '表头必须包含 code 和 name' },
      ],
      ups,
      'en-US',
      { code: 'Code', name: 'Name' },
    )
    expect(rows.map((r) => r.fieldLabel)).toEqual(['颜色', ''])
  })

  it('sums up: which rows are bad, or what would be created and updated', () => {
    expect(badRows(dryRun.errors)).toEqual([3, 4])
    expect(importOutcome(dryRun)).toEqual({ kind: 'errors', rows: 3, badRows: 2, errors: 3 })
    expect(importOutcome({ ...dryRun, errors: [], created: 2, updated: 1 })).toEqual({ kind: 'ok', rows: 3, created: 2, updated: 1 })
  })

  it('imports only after a clean dry run that found rows', () => {
    expect(canImport(null)).toBe(false)
    expect(canImport(dryRun)).toBe(false)
    expect(canImport({ ...dryRun, errors: [] })).toBe(true)
    expect(canImport({ ...dryRun, errors: [], rows: 0 })).toBe(false)
    // a real import's result is not a check
    expect(canImport({ ...dryRun, errors: [], dryRun: false })).toBe(false)
  })

  it('accepts CSV and XLSX files and uploads them under their content type', () => {
    expect(acceptedFile('ups.csv')).toBe(true)
    expect(acceptedFile('UPS.XLSX')).toBe(true)
    expect(acceptedFile('ups.xls')).toBe(false)
    expect(importContentType({ name: 'ups.xlsx', type: '' })).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(importContentType({ name: 'ups.csv', type: 'application/vnd.ms-excel' })).toBe('text/csv')
    expect(exportUrl('ups', 'xlsx')).toBe('/api/v1/cmdb/types/ups/export?format=xlsx')
  })

  it('reads the row errors out of a refused real import (400 import_rejected)', () => {
    const body = { code: 'import_rejected', title: '导入被拒绝：有错误的行，未导入任何数据。', status: 400, result: { ...dryRun, dryRun: false } }
    const error = problemToError(400, body, 'HTTP 400')
    expect(error.code).toBe('import_rejected')
    expect(rejectedImportResult(error)?.errors).toHaveLength(3)
    expect(rejectedImportResult(problemToError(400, { code: 'import_unreadable', title: '无法读取文件' }, ''))).toBeNull()
    expect(rejectedImportResult(new Error('network'))).toBeNull()
    expect(rejectedImportResult(new ApiError(400, 'import_rejected', 'x'))).toBeNull()
  })
})
