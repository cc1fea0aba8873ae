import { http } from '@/api/http'

/** draft → in_review → published; a published version replaced by a newer one is superseded (kept). */
export type VersionState = 'draft' | 'in_review' | 'published' | 'superseded'
export type ArticleState = 'draft' | 'in_review' | 'published'
export type ArticleAction = 'edit' | 'submit' | 'approve' | 'reject'

export interface MonitorLink {
  title: string
  /** PromQL; the article shows its history as a chart */
  query: string
}

/** A business system or CI of the CMDB, with the code and name it had when linked. */
export interface CmdbLink {
  id: number
  code: string
  name: string
}

/** A run of text, `hit` when it matches the searched words (shown highlighted; always escaped). */
export interface TextPart {
  text: string
  hit: boolean
}

export interface ArticleVersion {
  number: number
  state: VersionState
  title: string
  symptom: string
  cause: string
  solution: string
  /** safe HTML rendered by the server from the Markdown (raw HTML dropped, only http/https/mailto/relative links) */
  symptomHtml: string
  causeHtml: string
  solutionHtml: string
  tags: string[]
  systems: CmdbLink[]
  cis: CmdbLink[]
  monitors: MonitorLink[]
  source: string | null
  sourceTitle: string | null
  authorId: number | null
  authorName: string
  editorName: string
  reviewerName: string | null
  rejectReason: string | null
  createdAt: string
  updatedAt: string
  submittedAt: string | null
  reviewedAt: string | null
}

/** An article: the published version everyone reads, and the version being worked on (authors and reviewers only). */
export interface Article {
  id: number
  state: ArticleState
  latestVersion: number
  publishedVersion: number | null
  published: ArticleVersion | null
  working: ArticleVersion | null
  actions: ArticleAction[]
}

export interface VersionSummary {
  number: number
  state: VersionState
  title: string
  authorName: string
  editorName: string
  reviewerName: string | null
  rejectReason: string | null
  createdAt: string
  updatedAt: string
  reviewedAt: string | null
}

export interface ArticleListItem {
  id: number
  state: VersionState
  version: number
  hasPublished: boolean
  title: string
  tags: string[]
  systems: CmdbLink[]
  authorName: string
  updatedAt: string
  /** with a search: the title and an excerpt with the matches marked */
  titleParts: TextPart[] | null
  snippet: TextPart[] | null
}

export interface ArticlePage {
  items: ArticleListItem[]
  total: number
  pageNumber: number
  pageSize: number
}

export interface SimilarArticle {
  id: number
  title: string
  titleParts: TextPart[]
  snippet: TextPart[]
}

/** What the editor sends; `version` is the latest version number read (absent for a new article). */
export interface ArticleInput {
  title: string
  symptom: string
  cause: string
  solution: string
  tags: string[]
  systemIds: number[]
  ciIds: number[]
  monitors: MonitorLink[]
  source: string | null
  sourceTitle: string | null
  version?: number
}

export interface ArticleQuery {
  q?: string
  tag?: string
  system?: number
  state?: ArticleState
  page: number
  pageSize: number
}

export const knowledgeApi = {
  articles: (query: ArticleQuery) => http.get<ArticlePage>('/knowledge/articles', { params: query }).then((r) => r.data),
  similar: (text: string, limit = 5) => http.get<SimilarArticle[]>('/knowledge/similar', { params: { text, limit } }).then((r) => r.data),
  article: (id: number) => http.get<Article>(`/knowledge/articles/${id}`).then((r) => r.data),
  versions: (id: number) => http.get<VersionSummary[]>(`/knowledge/articles/${id}/versions`).then((r) => r.data),
  version: (id: number, number: number) => http.get<ArticleVersion>(`/knowledge/articles/${id}/versions/${number}`).then((r) => r.data),
  create: (input: ArticleInput) => http.post<Article>('/knowledge/articles', input).then((r) => r.data),
  update: (id: number, input: ArticleInput) => http.put<Article>(`/knowledge/articles/${id}`, input).then((r) => r.data),
  submit: (id: number, version: number) => http.post<Article>(`/knowledge/articles/${id}/submit`, { version }).then((r) => r.data),
  approve: (id: number, version: number) => http.post<Article>(`/knowledge/articles/${id}/approve`, { version }).then((r) => r.data),
  reject: (id: number, version: number, reason: string) => http.post<Article>(`/knowledge/articles/${id}/reject`, { version, reason }).then((r) => r.data),
  preview: (markdown: string) => http.post<{ html: string }>('/knowledge/preview', { markdown }).then((r) => r.data.html),
}
