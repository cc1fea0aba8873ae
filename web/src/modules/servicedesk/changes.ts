import { http } from '@/api/http'
import type { OfferedTransition } from './api'

/** A CI or business system a change may take down; `named` when the change names it; `level` a business system's level (1 most critical). */
export interface ImpactEntry {
  id: number
  code: string
  name: string
  type: string
  state: 'down' | 'recoverable'
  named: boolean
  level: number | null
}

/** 影响范围: what the CMDB says goes down with the change's CIs. */
export interface ImpactSet {
  businessSystems: ImpactEntry[]
  cis: ImpactEntry[]
  businessSystemCount: number
  levelOneCount: number
  ciCount: number
  at: string
}

export type ApprovalStatus = 'approved' | 'rejected' | 'current' | 'waiting'

export interface ApprovalStep {
  index: number
  name: string
  nameEn: string
  roles: string[]
  users: string[]
  status: ApprovalStatus
  actor: string | null
  at: string | null
  comment: string | null
}

export interface ApprovalHistory {
  round: number
  level: number
  decision: 'approved' | 'rejected'
  actor: string
  at: string
  comment: string | null
}

export interface ApprovalProgress {
  risk: string | null
  round: number
  submittedAt: string | null
  submittedBy: string | null
  levels: ApprovalStep[]
  approved: boolean
  canDecide: boolean
  earlier: ApprovalHistory[]
}

export interface LinkedTicket {
  id: number
  number: string
  title: string
  state: string
  stateName: string
  stateNameEn: string
  completed: boolean
}

export interface ChangeReview {
  submitted: ImpactSet | null
  live: ImpactSet
  impactChanged: boolean
  approval: ApprovalProgress
  links: { changes: LinkedTicket[]; releases: LinkedTicket[] }
}

export interface ApprovalLevel {
  name: string
  nameEn: string
  roles: string[]
  users: string[]
}

export const RISKS = ['low', 'medium', 'high'] as const
export type Risk = (typeof RISKS)[number]

export interface RiskApprovalPolicy {
  risk: Risk
  levels: ApprovalLevel[]
  configured: boolean
}

const base = '/service-desk'

export const changeApi = {
  review: (id: number) => http.get<ChangeReview>(`${base}/tickets/${id}/change-review`).then((r) => r.data),
  saveReleaseChanges: (id: number, changes: string[]) =>
    http.put<ChangeReview['links']>(`${base}/tickets/${id}/release-changes`, { changes }).then((r) => r.data),
  policies: () => http.get<{ policies: RiskApprovalPolicy[] }>(`${base}/change-approval-policies`).then((r) => r.data.policies),
  savePolicies: (levels: Partial<Record<Risk, ApprovalLevel[]>>) =>
    http.put<{ policies: RiskApprovalPolicy[] }>(`${base}/change-approval-policies`, { levels }).then((r) => r.data.policies),
}

/** Changes and releases get the change panel (impact set, approval, links). */
export function isChangeLike(type: string | undefined | null): boolean {
  return type === 'change' || type === 'release'
}

/** What the live impact set has that the submitted one lacked (`added`), and the other way (`gone`), by id. */
export function impactDelta(submitted: ImpactSet | null, live: ImpactSet): { added: ImpactEntry[]; gone: ImpactEntry[] } {
  if (!submitted) return { added: [], gone: [] }
  const all = (s: ImpactSet) => [...s.businessSystems, ...s.cis]
  const before = new Set(all(submitted).map((e) => e.id))
  const now = new Set(all(live).map((e) => e.id))
  return { added: all(live).filter((e) => !before.has(e.id)), gone: all(submitted).filter((e) => !now.has(e.id)) }
}

/** Change numbers typed one a line or separated by spaces or commas (also the Chinese ones), upper-cased, each once. */
export function parseChangeNumbers(text: string): string[] {
  const seen = new Set<string>()
  for (const part of text.split(/[\s,;\uFF0C\uFF1B\u3001]+/)) {
    const n = part.trim().toUpperCase()
    if (n) seen.add(n)
  }
  return [...seen]
}

/** The approval level's step a page offers: the approve/reject step the ticket offers, else one built for a named approver. */
export function decisionStep(offered: OfferedTransition[], key: 'approve' | 'reject', names: { name: string; nameEn: string }): OfferedTransition {
  return (
    offered.find((t) => t.key === key) ?? {
      key,
      name: names.name,
      nameEn: names.nameEn,
      to: key === 'approve' ? 'approved' : 'draft',
      requiredFields: [],
      commentRequired: key === 'reject',
      milestone: null,
    }
  )
}

/** The levels as the admin form edits them: roles and users as text, one a line. */
export interface LevelForm {
  name: string
  nameEn: string
  roles: string[]
  users: string[]
}

export function levelsToForm(levels: ApprovalLevel[]): LevelForm[] {
  return levels.map((l) => ({ name: l.name, nameEn: l.nameEn === l.name ? '' : l.nameEn, roles: [...l.roles], users: [...l.users] }))
}

/** Only what was filled in; a level's English name defaults to its Chinese one on the server. */
export function formToLevels(forms: LevelForm[]): ApprovalLevel[] {
  return forms.map((f) => ({
    name: f.name.trim(),
    nameEn: f.nameEn.trim(),
    roles: f.roles.map((r) => r.trim()).filter(Boolean),
    users: f.users.map((u) => u.trim()).filter(Boolean),
  }))
}

/** Moves an item of an ordered list (approval levels, dispatch rules) up (-1) or down (+1). */
export function moveItem<T>(items: T[], index: number, by: -1 | 1): T[] {
  const to = index + by
  if (to < 0 || to >= items.length) return items
  const next = [...items]
  const [item] = next.splice(index, 1)
  next.splice(to, 0, item)
  return next
}
