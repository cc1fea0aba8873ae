import { describe, expect, it } from 'vitest'
import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios'
import { BACKGROUND_HEADER, createHttp } from '@/api/http'
import { PromError, createPromApi } from './promApi'

function server(status: number, body: unknown, seen: InternalAxiosRequestConfig[] = []): AxiosAdapter {
  return async (config) => {
    seen.push(config)
    const response = { data: body, status, statusText: String(status), headers: {}, config, request: {} }
    if (status >= 200 && status < 300) return response
    const { AxiosError } = await import('axios')
    throw new AxiosError(`HTTP ${status}`, 'ERR_BAD_RESPONSE', config, {}, response)
  }
}

const api = (adapter: AxiosAdapter) => createPromApi(createHttp({ language: () => 'zh-CN', csrfToken: () => undefined, fallbackMessage: (s) => `HTTP ${s}`, adapter }))
const url = (c: InternalAxiosRequestConfig) => `${c.baseURL === '/' ? '' : c.baseURL}${c.url}`

describe('promApi', () => {
  it('asks /prometheus/api/v1/query_range with start, end and step in seconds', async () => {
    const seen: InternalAxiosRequestConfig[] = []
    const data = { resultType: 'matrix', result: [{ metric: { __name__: 'up' }, values: [[1, '1']] }] }
    const answer = await api(server(200, { status: 'success', data }, seen)).queryRange('up{ci=~"a|b"}', 1000, 2000, 7.5)
    expect(answer.data).toEqual(data)
    expect(url(seen[0])).toBe('/prometheus/api/v1/query_range?query=up%7Bci%3D%7E%22a%7Cb%22%7D&start=1000&end=2000&step=7.5')
    expect(seen[0].method).toBe('get')
  })

  it('sends match[] for series, labels and label values', async () => {
    const seen: InternalAxiosRequestConfig[] = []
    const p = api(server(200, { status: 'success', data: ['a'] }, seen))
    expect(await p.labelValues('__name__')).toEqual(['a'])
    await p.labelValues('ci', ['up{zone="dmz"}'])
    await p.series(['up', 'node_load1'], 1, 2)
    await p.labels()
    await p.query('up')
    await p.query('up', 1234.5)
    expect(seen.map(url)).toEqual([
      '/prometheus/api/v1/label/__name__/values',
      '/prometheus/api/v1/label/ci/values?match%5B%5D=up%7Bzone%3D%22dmz%22%7D',
      '/prometheus/api/v1/series?match%5B%5D=up&match%5B%5D=node_load1&start=1&end=2',
      '/prometheus/api/v1/labels',
      '/prometheus/api/v1/query?query=up',
      '/prometheus/api/v1/query?query=up&time=1234.5',
    ])
  })

  it("marks a dashboard's auto-refresh as a background request, and only that, keeping the cancel signal", async () => {
    const seen: InternalAxiosRequestConfig[] = []
    const p = api(server(200, { status: 'success', data: { resultType: 'vector', result: [] } }, seen))
    const own = new AbortController()
    await p.queryRange('up', 1000, 2000, 15, { signal: own.signal, background: true })
    await p.query('up', 2000, { signal: own.signal, background: true })
    await p.query('up', 2000, { signal: own.signal })
    await p.query('up')
    expect(seen.map((c) => c.headers[BACKGROUND_HEADER])).toEqual(['1', '1', undefined, undefined])
    expect(seen.map((c) => c.signal)).toEqual([own.signal, own.signal, own.signal, undefined])
    expect(seen.every((c) => c.baseURL === '/')).toBe(true)
  })

  it("turns Prometheus's error body into a PromError with the server's words", async () => {
    const p = api(server(400, { status: 'error', errorType: 'bad_data', error: '1:8: parse error: unexpected "}"' }))
    const e = await p.query('up{a=}').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(PromError)
    expect((e as PromError).message).toBe('1:8: parse error: unexpected "}"')
    expect((e as PromError).errorType).toBe('bad_data')
    expect((e as PromError).status).toBe(400)
  })

  it('passes other failures on as they are, and refuses a body that is not a success', async () => {
    const e = await api(server(503, '<html>bad gateway</html>')).query('up').catch((x: unknown) => x)
    expect(e).not.toBeInstanceOf(PromError)
    expect((e as Error).message).toBe('HTTP 503')
    const odd = await api(server(200, { status: 'error', errorType: 'timeout', error: 'query timed out' })).query('up').catch((x: unknown) => x)
    expect(odd).toBeInstanceOf(PromError)
    expect((odd as Error).message).toBe('query timed out')
  })
})
