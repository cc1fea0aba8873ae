import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios'

const seen: InternalAxiosRequestConfig[] = []
let answer: { status: number; body: unknown } = { status: 200, body: {} }

vi.mock('@/api/http', async (original) => {
  const real = await original<typeof import('@/api/http')>()
  const adapter: AxiosAdapter = async (config) => {
    seen.push(config)
    const response = { data: answer.body, status: answer.status, statusText: '', headers: {}, config, request: {} }
    if (answer.status < 300) return response
    const { AxiosError } = await import('axios')
    throw new AxiosError('failed', 'ERR_BAD_RESPONSE', config, {}, response)
  }
  return { ...real, http: real.createHttp({ language: () => 'zh-CN', csrfToken: () => 't', fallbackMessage: () => 'failed', adapter }) }
})

const { dashboardsApi } = await import('./api')
const { ApiError } = await import('@/api/http')
const { emptyDefinition } = await import('./model')

const stored = {
  uid: 'host-overview',
  title: '主机概览',
  description: null,
  tags: null,
  builtIn: true,
  shared: true,
  owner: 'system',
  mine: false,
  version: 3,
  updatedAt: '2026-11-22T00:00:00Z',
  definition: { variables: [{ name: 'ci', title: '主机', kind: 'label_values', metric: 'up', label: 'ci', includeAll: true }], panels: [{ id: 'cpu', type: 'timeseries', queries: [{ expr: 'up' }] }] },
}

describe('dashboardsApi', () => {
  beforeEach(() => {
    seen.length = 0
    answer = { status: 200, body: stored }
  })

  it('reads a dashboard and makes its definition whole', async () => {
    const d = await dashboardsApi.get('host-overview')
    expect(seen[0].url).toBe('/dashboards/host-overview')
    expect(d.tags).toEqual([])
    expect(d.description).toBe('')
    expect(d.definition.time).toEqual({ from: 'now-6h', to: 'now' })
    expect(d.definition.variables[0]).toMatchObject({ name: 'ci', label: '主机', labelName: 'ci' })
  })

  it('sends a save with the version and the variable label as `label`', async () => {
    const definition = { ...emptyDefinition(), variables: [{ name: 'ci', label: 'CI', kind: 'label_values' as const, metric: 'up', labelName: 'ci', multi: false, includeAll: true }] }
    await dashboardsApi.update('d1', { title: 'T', description: '', tags: ['a'], shared: true, definition, version: 3 })
    expect(seen[0].method).toBe('put')
    expect(seen[0].url).toBe('/dashboards/d1')
    const body = JSON.parse(seen[0].data as string)
    expect(body.version).toBe(3)
    expect(body.definition.variables[0]).toEqual({ name: 'ci', title: 'CI', kind: 'label_values', metric: 'up', label: 'ci', multi: false, includeAll: true })
    expect(seen[0].headers['X-CSRF-Token']).toBe('t')
  })

  it('calls copy, export, import and delete where the contract says', async () => {
    await dashboardsApi.copy('host-overview')
    answer = { status: 200, body: { title: 'T', description: '', tags: [], definition: {}, format: 'hospitalops-dashboard/1' } }
    await dashboardsApi.export('a b')
    answer = { status: 201, body: stored }
    await dashboardsApi.import({ title: 'T', description: '', tags: [], definition: {}, format: 'hospitalops-dashboard/1' })
    answer = { status: 204, body: '' }
    await dashboardsApi.remove('d1')
    expect(seen.map((c) => `${c.method} ${c.url}`)).toEqual(['post /dashboards/host-overview/copy', 'get /dashboards/a%20b/export', 'post /dashboards/import', 'delete /dashboards/d1'])
  })

  it('rejects a save someone else overtook with a 409 ApiError', async () => {
    answer = { status: 409, body: { title: 'changed', code: 'conflict', status: 409 } }
    const e = await dashboardsApi.update('d1', { title: 'T', description: '', tags: [], shared: false, definition: emptyDefinition(), version: 1 }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect((e as InstanceType<typeof ApiError>).status).toBe(409)
  })
})
