import { http, toQuery } from '@/api/http'

export interface RoleRef {
  name: string
  labelZh: string
  labelEn: string
}

export interface Me {
  id: number
  userName: string
  displayName: string
  email: string | null
  phone: string | null
  source: 'local' | 'ldap'
  roles: RoleRef[]
  permissions: string[]
  totpEnabled: boolean
  mustChangePassword: boolean
  mustEnrollTwoFactor: boolean
  lastLoginAt: string | null
  csrfToken: string | null
}

export interface LoginRequest {
  userName: string
  password: string
  totpCode?: string
}

export interface User {
  id: number
  userName: string
  displayName: string
  email: string | null
  phone: string | null
  source: 'local' | 'ldap'
  disabled: boolean
  locked: boolean
  totpEnabled: boolean
  mustChangePassword: boolean
  /** false for an account nobody can sign in to until an administrator sets a password (demo people) */
  hasPassword: boolean
  roles: RoleRef[]
  orgUnitId: number | null
  /** the unit's name in Chinese, and in English */
  orgUnitName: string | null
  orgUnitNameEn: string | null
  lastLoginAt: string | null
  createdAt: string
  version: number
}

export interface Page<T> {
  items: T[]
  total: number
  pageNumber: number
  pageSize: number
}

export interface CreateUserRequest {
  userName: string
  displayName: string
  password: string
  roles: string[]
  email?: string | null
  phone?: string | null
  orgUnitId?: number | null
}

export interface UpdateUserRequest {
  displayName: string
  email: string | null
  phone: string | null
  roles: string[]
  disabled: boolean
  orgUnitId: number | null
  version: number
}

export interface Role {
  id: number
  name: string
  labelZh: string
  labelEn: string
  permissions: string[]
  builtin: boolean
  requireTwoFactor: boolean
  userCount: number
  version: number
}

export interface SaveRoleRequest {
  name?: string
  labelZh: string
  labelEn: string
  permissions: string[]
  requireTwoFactor: boolean
  version?: number
}

export interface Permission {
  name: string
  module: string
  labelZh: string
  labelEn: string
}

export type OrgUnitKind = 'department' | 'team' | 'vendor'

export interface OrgUnit {
  id: number
  kind: OrgUnitKind
  code: string
  nameZh: string
  nameEn: string
  parentId: number | null
  contact: string | null
  memberCount: number
}

export interface TotpEnrollment {
  secret: string
  otpAuthUri: string
  qrSvg: string
}

export interface ApiToken {
  id: number
  name: string
  prefix: string
  scopes: string[]
  createdAt: string
  expiresAt: string
  lastUsedAt: string | null
  revoked: boolean
}

export interface AuditRecord {
  seq: number
  at: string
  userId: number | null
  userName: string
  sourceIp: string | null
  action: string
  objectType: string
  objectId: string | null
  result: 'success' | 'failure' | 'denied' | string
  summary: string | null
}

export interface AuditFilter {
  from?: string
  to?: string
  userName?: string
  action?: string
  objectType?: string
  result?: string
}

export interface AuditVerification {
  ok: boolean
  checked: number
  firstBrokenSeq: number | null
  /** audit_record_missing, audit_link_broken or audit_record_altered */
  reasonCode: string | null
  /** the reason in words, already in the language of Accept-Language */
  reason: string | null
}

/** Typed calls of the Identity module's API (base /api/v1). */
export const identityApi = {
  login: (body: LoginRequest) => http.post<Me>('/auth/login', body).then((r) => r.data),
  logout: () => http.post('/auth/logout').then(() => undefined),
  me: () => http.get<Me>('/auth/me').then((r) => r.data),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post('/auth/change-password', { currentPassword, newPassword }).then(() => undefined),

  beginTotp: () => http.post<TotpEnrollment>('/account/totp/enrollment').then((r) => r.data),
  confirmTotp: (code: string) => http.post<{ recoveryCodes: string[] }>('/account/totp/confirm', { code }).then((r) => r.data),
  disableTotp: (password: string) => http.post('/account/totp/disable', { password }).then(() => undefined),

  tokens: () => http.get<ApiToken[]>('/account/tokens').then((r) => r.data),
  createToken: (name: string, scopes: string[], expiresInDays: number) =>
    http.post<{ token: ApiToken; secret: string }>('/account/tokens', { name, scopes, expiresInDays }).then((r) => r.data),
  revokeToken: (id: number) => http.delete(`/account/tokens/${id}`).then(() => undefined),

  users: (params: { query?: string; role?: string; page: number; pageSize: number }) =>
    http.get<Page<User>>(`/users${toQuery(params)}`).then((r) => r.data),
  user: (id: number) => http.get<User>(`/users/${id}`).then((r) => r.data),
  createUser: (body: CreateUserRequest) => http.post<User>('/users', body).then((r) => r.data),
  updateUser: (id: number, body: UpdateUserRequest) => http.put<User>(`/users/${id}`, body).then((r) => r.data),
  resetPassword: (id: number, newPassword: string) => http.post(`/users/${id}/reset-password`, { newPassword }).then(() => undefined),
  unlockUser: (id: number) => http.post(`/users/${id}/unlock`).then(() => undefined),

  roles: () => http.get<Role[]>('/roles').then((r) => r.data),
  permissions: () => http.get<Permission[]>('/permissions').then((r) => r.data),
  createRole: (body: SaveRoleRequest) => http.post<Role>('/roles', body).then((r) => r.data),
  updateRole: (id: number, body: SaveRoleRequest) => http.put<Role>(`/roles/${id}`, body).then((r) => r.data),
  deleteRole: (id: number) => http.delete(`/roles/${id}`).then(() => undefined),

  orgUnits: (kind?: OrgUnitKind) => http.get<OrgUnit[]>(`/org-units${toQuery({ kind })}`).then((r) => r.data),

  audit: (filter: AuditFilter, page: number, pageSize: number) =>
    http.get<Page<AuditRecord>>(`/audit${toQuery({ ...filter, page, pageSize })}`).then((r) => r.data),
  verifyAudit: () => http.get<AuditVerification>('/audit/verify').then((r) => r.data),
  /** A plain link (browser download with the session cookie), not an XHR. */
  auditExportUrl: (filter: AuditFilter) => `/api/v1/audit/export.csv${toQuery({ ...filter })}`,
}
