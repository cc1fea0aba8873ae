import axios, { AxiosError, type AxiosAdapter, type AxiosInstance } from 'axios'

declare module 'axios' {
  interface AxiosRequestConfig {
    /**
     * A request the page makes by itself (polling, auto-refresh), not because the user did something: sent with
     * BACKGROUND_HEADER, so it does not keep an unattended session alive past its idle limit.
     */
    background?: boolean
  }
}

/** The header the server reads to leave a request out of the session's activity. */
export const BACKGROUND_HEADER = 'X-HospitalOps-Background'

/** Per-field error as the server sends it: `errors: { field: { code, message } }`. */
export interface FieldError {
  code: string
  message: string
}

/** RFC 7807 ProblemDetails body with the server's extensions. */
export interface ProblemBody {
  status?: number
  title?: string
  code?: string
  errors?: Record<string, FieldError>
}

/** Codes the client itself produces when there is no server answer to read. */
export const NETWORK_ERROR = 'network_error'
export const UNKNOWN_ERROR = 'unknown_error'

/** Every failed API call rejects with one of these: a status, a stable code, a shown message, field messages. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  /** field → localized message, ready to show beside the field */
  readonly fieldErrors: Record<string, string>
  /** field → stable code */
  readonly fieldCodes: Record<string, string>
  /** the answer's body as it came (extensions such as an import's `result`) */
  readonly body: unknown

  constructor(status: number, code: string, message: string, fieldErrors: Record<string, string> = {}, fieldCodes: Record<string, string> = {}, body?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fieldErrors = fieldErrors
    this.fieldCodes = fieldCodes
    this.body = body
  }

  hasFieldErrors(): boolean {
    return Object.keys(this.fieldErrors).length > 0
  }
}

/**
 * Turns a failed response into an ApiError. The server's `title` is already localized (it reads
 * Accept-Language); `fallbackMessage` is used when the body is not a ProblemDetails (a proxy's
 * HTML error page, an empty 502…).
 */
export function problemToError(status: number, body: unknown, fallbackMessage: string): ApiError {
  const problem: ProblemBody = isObject(body) ? (body as ProblemBody) : {}
  const code = typeof problem.code === 'string' && problem.code ? problem.code : status === 0 ? NETWORK_ERROR : UNKNOWN_ERROR
  const message = typeof problem.title === 'string' && problem.title ? problem.title : fallbackMessage
  const fieldErrors: Record<string, string> = {}
  const fieldCodes: Record<string, string> = {}
  if (isObject(problem.errors)) {
    for (const [field, value] of Object.entries(problem.errors)) {
      if (isObject(value)) {
        const v = value as Partial<FieldError>
        fieldErrors[field] = v.message ?? v.code ?? ''
        fieldCodes[field] = v.code ?? ''
      } else if (typeof value === 'string') {
        fieldErrors[field] = value
        fieldCodes[field] = value
      }
    }
  }
  return new ApiError(status || problem.status || 0, code, message, fieldErrors, fieldCodes, body)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Codes of a 403 that mean "do this first", not "you may not". */
export const RESTRICTION_CODES = ['password_change_required', 'totp_enrolment_required'] as const
export type Restriction = (typeof RESTRICTION_CODES)[number]

export interface HttpOptions {
  baseURL?: string
  /** 'zh-CN' or 'en-US': sent as Accept-Language so the server localizes its messages. */
  language: () => string
  /** the anti-forgery token (cookie hops_csrf, or the one from the last login / me) */
  csrfToken: () => string | undefined
  /** message when the server gave none (network down, proxy page) */
  fallbackMessage: (status: number) => string
  /** 401 `unauthenticated` from any call but login: the session is gone */
  onUnauthenticated?: (error: ApiError) => void
  /** 403 `password_change_required` / `totp_enrolment_required` */
  onRestricted?: (code: Restriction, error: ApiError) => void
  adapter?: AxiosAdapter
}

const SAFE_METHODS = ['get', 'head', 'options']

/** The one HTTP client of the web app: headers every call needs, and errors mapped to ApiError. */
export function createHttp(options: HttpOptions): AxiosInstance {
  const instance = axios.create({
    baseURL: options.baseURL ?? '/api/v1',
    withCredentials: true,
    timeout: 60_000,
    adapter: options.adapter,
    headers: { Accept: 'application/json, application/problem+json' },
  })

  instance.interceptors.request.use((config) => {
    config.headers.set('Accept-Language', options.language())
    if (config.background) {
      config.headers.set(BACKGROUND_HEADER, '1')
    }
    const method = (config.method ?? 'get').toLowerCase()
    if (!SAFE_METHODS.includes(method)) {
      const token = options.csrfToken()
      if (token) {
        config.headers.set('X-CSRF-Token', token)
      }
    }
    return config
  })

  instance.interceptors.response.use(
    (response) => response,
    (error: unknown) => {
      if (error instanceof ApiError) {
        return Promise.reject(error)
      }
      const axiosError = error as AxiosError
      const status = axiosError.response?.status ?? 0
      const apiError = problemToError(status, axiosError.response?.data, options.fallbackMessage(status))
      const url = axiosError.config?.url ?? ''
      if (status === 401 && apiError.code === 'unauthenticated' && !url.endsWith('/auth/login')) {
        options.onUnauthenticated?.(apiError)
      } else if (status === 403 && (RESTRICTION_CODES as readonly string[]).includes(apiError.code)) {
        options.onRestricted?.(apiError.code as Restriction, apiError)
      }
      return Promise.reject(apiError)
    },
  )
  return instance
}

/** Reads a readable (non-HttpOnly) cookie. */
export function readCookie(name: string, cookieString: string = typeof document === 'undefined' ? '' : document.cookie): string | undefined {
  for (const part of cookieString.split(';')) {
    const [k, ...rest] = part.trim().split('=')
    if (k === name) {
      return decodeURIComponent(rest.join('='))
    }
  }
  return undefined
}

/** Query string of the non-empty values, for links such as the CSV export. */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      search.set(k, String(v))
    }
  }
  const s = search.toString()
  return s ? `?${s}` : ''
}

/** Handlers the app wires in at start (router, session store); the client itself knows neither. */
const handlers: Pick<HttpOptions, 'onUnauthenticated' | 'onRestricted'> & { language: () => string; csrfFallback: () => string | undefined; fallbackMessage: (status: number) => string } = {
  language: () => 'zh-CN',
  csrfFallback: () => undefined,
  fallbackMessage: (status) => (status === 0 ? 'Network error' : `HTTP ${status}`),
}

export function configureHttp(config: Partial<typeof handlers>): void {
  Object.assign(handlers, config)
}

export const http = createHttp({
  language: () => handlers.language(),
  csrfToken: () => readCookie('hops_csrf') ?? handlers.csrfFallback(),
  fallbackMessage: (status) => handlers.fallbackMessage(status),
  onUnauthenticated: (e) => handlers.onUnauthenticated?.(e),
  onRestricted: (code, e) => handlers.onRestricted?.(code, e),
})
