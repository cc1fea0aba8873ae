import { describe, expect, it, vi } from 'vitest'
import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios'
import { ApiError, BACKGROUND_HEADER, createHttp, problemToError, readCookie, toQuery, type HttpOptions } from './http'

/** An adapter that answers every request with `status` and `body`, and records the requests. */
function fakeServer(status: number, body: unknown, seen: InternalAxiosRequestConfig[] = []): AxiosAdapter {
  return async (config) => {
    seen.push(config)
    const response = { data: body, status, statusText: String(status), headers: {}, config, request: {} }
    if (status >= 200 && status < 300) {
      return response
    }
    const { AxiosError } = await import('axios')
    throw new AxiosError(`HTTP ${status}`, 'ERR_BAD_RESPONSE', config, {}, response)
  }
}

function client(adapter: AxiosAdapter, extra: Partial<HttpOptions> = {}) {
  return createHttp({
    language: () => 'en-US',
    csrfToken: () => 'csrf-123',
    fallbackMessage: (s) => (s === 0 ? 'offline' : `failed ${s}`),
    adapter,
    ...extra,
  })
}

const problem = (status: number, code: string, title: string, errors?: Record<string, { code: string; message: string }>) => ({
  type: `https://hospitalops.local/problems/${code}`,
  title,
  status,
  code,
  errors,
  traceId: 'x',
})

describe('problemToError', () => {
  it('takes the localized title as the message and keeps the stable code', () => {
    const e = problemToError(401, problem(401, 'invalid_credentials', '用户名或密码错误。'), 'fallback')
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(401)
    expect(e.code).toBe('invalid_credentials')
    expect(e.message).toBe('用户名或密码错误。')
    expect(e.hasFieldErrors()).toBe(false)
  })

  it('maps field errors to field → message and field → code', () => {
    const e = problemToError(
      400,
      problem(400, 'validation_failed', 'Some fields are invalid; see the errors.', {
        newPassword: { code: 'password_too_short', message: 'The password needs at least 8 characters.' },
        userName: { code: 'user_name_taken', message: 'This user name is already taken.' },
      }),
      'fallback',
    )
    expect(e.code).toBe('validation_failed')
    expect(e.fieldErrors).toEqual({
      newPassword: 'The password needs at least 8 characters.',
      userName: 'This user name is already taken.',
    })
    expect(e.fieldCodes).toEqual({ newPassword: 'password_too_short', userName: 'user_name_taken' })
    expect(e.hasFieldErrors()).toBe(true)
  })

  it('falls back when the body is not a problem (proxy error page, no answer)', () => {
    const html = problemToError(502, '<html>Bad Gateway</html>', 'failed 502')
    expect(html.code).toBe('unknown_error')
    expect(html.message).toBe('failed 502')
    const offline = problemToError(0, undefined, 'offline')
    expect(offline.code).toBe('network_error')
    expect(offline.status).toBe(0)
    expect(offline.message).toBe('offline')
  })
})

describe('createHttp', () => {
  it('sends Accept-Language on every call and the anti-forgery header only on writes', async () => {
    const seen: InternalAxiosRequestConfig[] = []
    const http = client(fakeServer(200, {}, seen))
    await http.get('/users')
    await http.post('/users', {})
    await http.put('/users/1', {})
    await http.delete('/roles/1')
    expect(seen.map((c) => c.headers['Accept-Language'])).toEqual(['en-US', 'en-US', 'en-US', 'en-US'])
    expect(seen.map((c) => c.headers['X-CSRF-Token'])).toEqual([undefined, 'csrf-123', 'csrf-123', 'csrf-123'])
    expect(seen[0].baseURL).toBe('/api/v1')
  })

  it('marks a background request (polling) so it does not count as the user activity, and only that one', async () => {
    const seen: InternalAxiosRequestConfig[] = []
    const http = client(fakeServer(200, {}, seen))
    await http.get('/alerting/alarm', { background: true })
    await http.get('/alerting/events')
    expect(seen.map((c) => c.headers[BACKGROUND_HEADER])).toEqual(['1', undefined])
    expect(BACKGROUND_HEADER).toBe('X-HospitalOps-Background')
  })

  it('rejects with an ApiError carrying code, message and field errors', async () => {
    const http = client(fakeServer(409, problem(409, 'conflict', 'The data was changed by someone else; reload and try again.')))
    const error = await http.put('/users/1', {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'The data was changed by someone else; reload and try again.' })
  })

  it('calls the redirect handler on 401 unauthenticated', async () => {
    const onUnauthenticated = vi.fn()
    const http = client(fakeServer(401, problem(401, 'unauthenticated', 'Please sign in.')), { onUnauthenticated })
    await expect(http.get('/users')).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
    expect(onUnauthenticated.mock.calls[0][0]).toBeInstanceOf(ApiError)
  })

  it('does not redirect when a sign-in attempt is refused', async () => {
    const onUnauthenticated = vi.fn()
    const http = client(fakeServer(401, problem(401, 'totp_required', 'Enter the code from your authenticator app.')), { onUnauthenticated })
    await expect(http.post('/auth/login', {})).rejects.toMatchObject({ code: 'totp_required', status: 401 })
    expect(onUnauthenticated).not.toHaveBeenCalled()
  })

  it('calls the restriction handler on 403 password_change_required and totp_enrolment_required, not on forbidden', async () => {
    const onRestricted = vi.fn()
    await expect(client(fakeServer(403, problem(403, 'password_change_required', 'x')), { onRestricted }).get('/users')).rejects.toBeInstanceOf(ApiError)
    await expect(client(fakeServer(403, problem(403, 'totp_enrolment_required', 'x')), { onRestricted }).get('/users')).rejects.toBeInstanceOf(ApiError)
    const forbidden = await client(fakeServer(403, problem(403, 'forbidden', 'You do not have permission to do this.')), { onRestricted })
      .get('/audit')
      .catch((e: ApiError) => e)
    expect(onRestricted.mock.calls.map((c) => c[0])).toEqual(['password_change_required', 'totp_enrolment_required'])
    expect(forbidden).toMatchObject({ status: 403, code: 'forbidden', message: 'You do not have permission to do this.' })
  })

  it('maps a network failure to network_error with the fallback message', async () => {
    const { AxiosError } = await import('axios')
    const down: AxiosAdapter = async (config) => {
      throw new AxiosError('Network Error', 'ERR_NETWORK', config)
    }
    await expect(client(down).get('/users')).rejects.toMatchObject({ status: 0, code: 'network_error', message: 'offline' })
  })
})

describe('helpers', () => {
  it('reads a cookie by name', () => {
    expect(readCookie('hops_csrf', 'a=1; hops_csrf=abc-DEF_123; b=2')).toBe('abc-DEF_123')
    expect(readCookie('hops_csrf', 'a=1')).toBeUndefined()
  })

  it('builds a query string of the non-empty values', () => {
    expect(toQuery({ query: 'li na', role: '', page: 2, to: undefined, from: null })).toBe('?query=li+na&page=2')
    expect(toQuery({})).toBe('')
  })
})
