import { describe, expect, it } from 'vitest'
import zhCN from '@/locales/zh-CN'
import enUS from '@/locales/en-US'
import { BULK_REASONS, bulkRequest, emptyBulkForm } from './bulk'

describe('bulk add', () => {
  it('sends only the parts of the selection that are filled in', () => {
    const form = { ...emptyBulkForm(), type: 'modality', kind: 'tcp', address: ' {attr.ip}:104 ' }
    expect(bulkRequest(form, true)).toEqual({ selector: { type: 'modality' }, template: { kind: 'tcp', address: '{attr.ip}:104' }, dryRun: true })
  })

  it('sends the business system, attribute rows with a name, text, name pattern and interval', () => {
    const form = {
      ...emptyBulkForm(),
      businessId: 7,
      attributes: [
        { name: 'os', value: 'linux' },
        { name: ' ', value: 'ignored' },
      ],
      query: ' his ',
      kind: 'prometheus',
      address: 'http://{attr.ip}:9100/metrics',
      name: '{name} 主机监控',
      intervalSeconds: 30,
    }
    expect(bulkRequest(form, false)).toEqual({
      selector: { businessId: 7, attributes: { os: 'linux' }, query: 'his' },
      template: { kind: 'prometheus', address: 'http://{attr.ip}:9100/metrics', name: '{name} 主机监控', intervalSeconds: 30 },
      dryRun: false,
    })
  })

  it('has words for every skip reason in both languages', () => {
    for (const code of BULK_REASONS) {
      expect(zhCN.monitoring.bulk.reasons[code]).toBeTruthy()
      expect(enUS.monitoring.bulk.reasons[code]).toBeTruthy()
    }
  })
})
