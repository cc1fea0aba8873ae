import type { Article, ArticleInput, ArticleVersion, MonitorLink, TextPart, VersionState } from './api'

/** Element Plus tag type of a state: drafts grey, reviews amber, published green. */
export function stateTagType(state: VersionState): 'info' | 'warning' | 'success' {
  if (state === 'published') return 'success'
  if (state === 'in_review') return 'warning'
  return 'info'
}

/**
 * The version the article page shows first: the one being worked on for its authors and reviewers (that is what they
 * act on), else the published one.
 */
export function shownVersion(article: Article): ArticleVersion | null {
  return article.working ?? article.published
}

/** Tags typed into one box, separated by commas, Chinese commas, semicolons or new lines; blanks and repeats dropped. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>()
  const tags: string[] = []
  for (const raw of text.split(/[,;\n\uFF0C\uFF1B\u3001]/)) {
    const tag = raw.trim()
    if (!tag || seen.has(tag.toLowerCase())) continue
    seen.add(tag.toLowerCase())
    tags.push(tag)
  }
  return tags
}

/** The editor's form. */
export interface EditorForm {
  title: string
  symptom: string
  cause: string
  solution: string
  tagsText: string
  systemIds: number[]
  ciIds: number[]
  monitors: MonitorLink[]
  source: string | null
  sourceTitle: string | null
}

export function emptyForm(): EditorForm {
  return { title: '', symptom: '', cause: '', solution: '', tagsText: '', systemIds: [], ciIds: [], monitors: [], source: null, sourceTitle: null }
}

/** The form filled from the version being edited (the working draft, or the published text for a new version). */
export function formFrom(version: ArticleVersion): EditorForm {
  return {
    title: version.title,
    symptom: version.symptom,
    cause: version.cause,
    solution: version.solution,
    tagsText: version.tags.join(', '),
    systemIds: version.systems.map((s) => s.id),
    ciIds: version.cis.map((c) => c.id),
    monitors: version.monitors.map((m) => ({ ...m })),
    source: version.source,
    sourceTitle: version.sourceTitle,
  }
}

/** What the server takes; monitoring rows left completely empty are dropped (half-filled ones are sent, to be reported). */
export function toInput(form: EditorForm, version?: number): ArticleInput {
  return {
    title: form.title.trim(),
    symptom: form.symptom,
    cause: form.cause,
    solution: form.solution,
    tags: parseTags(form.tagsText),
    systemIds: [...form.systemIds],
    ciIds: [...form.ciIds],
    monitors: form.monitors.filter((m) => m.title.trim() || m.query.trim()).map((m) => ({ title: m.title.trim(), query: m.query.trim() })),
    source: form.source,
    sourceTitle: form.sourceTitle,
    ...(version === undefined ? {} : { version }),
  }
}

/**
 * The server names a monitoring row's field `monitors[2].query` and a tag `tags[0]`: the editor shows such errors
 * under the whole list, so they are folded onto `monitors` and `tags`.
 */
export function foldFieldErrors(errors: Record<string, string>): Record<string, string> {
  const folded: Record<string, string> = {}
  for (const [field, message] of Object.entries(errors)) {
    const m = /^(\w+)\[(\d+)\](?:\.(\w+))?$/.exec(field)
    const key = m ? m[1] : field
    const text = m ? `${Number(m[2]) + 1}: ${message}` : message
    folded[key] = folded[key] ? `${folded[key]} ${text}` : text
  }
  return folded
}

/** Parts of a text joined back (for a title attribute or a plain-text fallback). */
export function plainText(parts: TextPart[] | null | undefined): string {
  return (parts ?? []).map((p) => p.text).join('')
}

/** The most text the similar-articles lookup sends (the server reads 512 characters). */
export const SIMILAR_TEXT_LIMIT = 512

/**
 * The text to look up similar articles by: the parts (a ticket's or a draft's title and description) joined, spaces
 * collapsed, cut to what the server reads; empty when there is too little to look for (under two letters or digits).
 */
export function similarText(...parts: (string | null | undefined)[]): string {
  const text = parts
    .map((p) => (p ?? '').trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, SIMILAR_TEXT_LIMIT)
  const meaningful = text.replace(/[^\p{L}\p{N}]/gu, '')
  return meaningful.length >= 2 ? text : ''
}
