/**
 * What the user is typing at the cursor in a PromQL expression, for autocomplete: a metric (or
 * function) name, a label name inside `{…}` or `by (…)`, or a label value inside the quotes after
 * `label=`. Also where a parse error points (`1:8: parse error: …`).
 */
export type Completion =
  | { kind: 'metric'; prefix: string; start: number; end: number }
  | { kind: 'labelName'; metric: string; prefix: string; start: number; end: number }
  | { kind: 'labelValue'; metric: string; label: string; prefix: string; start: number; end: number }
  | { kind: 'none' }

const IDENT_CHAR = /[A-Za-z0-9_:]/

/** Common PromQL functions and aggregations, offered with the metric names. */
export const FUNCTIONS = [
  'abs', 'absent', 'avg', 'avg_over_time', 'ceil', 'changes', 'clamp_max', 'clamp_min', 'count', 'count_over_time', 'delta', 'deriv',
  'floor', 'histogram_quantile', 'increase', 'irate', 'label_replace', 'max', 'max_over_time', 'min', 'min_over_time', 'predict_linear',
  'quantile_over_time', 'rate', 'resets', 'round', 'sort', 'sort_desc', 'sum', 'sum_over_time', 'time', 'timestamp', 'topk', 'bottomk', 'vector',
]

/** Where the `{` enclosing the cursor is, or -1 when the cursor is not inside braces (quotes respected). */
function openBrace(text: string, cursor: number): { brace: number; inQuote: boolean; quoteStart: number } {
  let brace = -1
  let inQuote = false
  let quoteChar = ''
  let quoteStart = -1
  for (let i = 0; i < cursor; i++) {
    const c = text[i]
    if (inQuote) {
      if (c === '\\') {
        i++
        continue
      }
      if (c === quoteChar) inQuote = false
      continue
    }
    if (c === '"' || c === "'" || c === '`') {
      inQuote = true
      quoteChar = c
      quoteStart = i
    } else if (c === '{') brace = i
    else if (c === '}') brace = -1
  }
  return { brace, inQuote, quoteStart }
}

/** The metric name written just before position `pos` (before a `{`), or ''. */
function identBefore(text: string, pos: number): string {
  let i = pos
  while (i > 0 && /\s/.test(text[i - 1])) i--
  const end = i
  while (i > 0 && IDENT_CHAR.test(text[i - 1])) i--
  return text.slice(i, end)
}

/** The completion context at `cursor`. */
export function completionAt(text: string, cursor: number): Completion {
  const { brace, inQuote, quoteStart } = openBrace(text, cursor)
  if (brace >= 0) {
    const metric = identBefore(text, brace)
    if (inQuote) {
      // label="val|  — the label is before the operator before the quote
      const before = text.slice(brace + 1, quoteStart)
      const m = /([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*$/.exec(before)
      if (!m) return { kind: 'none' }
      let end = cursor
      while (end < text.length && text[end] !== text[quoteStart] && text[end] !== '\\') end++
      return { kind: 'labelValue', metric, label: m[1], prefix: text.slice(quoteStart + 1, cursor), start: quoteStart + 1, end }
    }
    const segment = text.slice(brace + 1, cursor)
    const last = segment.split(',').pop() ?? ''
    if (/^\s*[A-Za-z0-9_]*$/.test(last)) {
      const prefix = last.trim()
      return { kind: 'labelName', metric, prefix, start: cursor - prefix.length, end: wordEnd(text, cursor) }
    }
    return { kind: 'none' }
  }
  if (inQuote) return { kind: 'none' }
  // by (…) / without (…) / on (…) / ignoring (…): label names
  const grouping = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)$/.exec(text.slice(0, cursor))
  if (grouping) {
    const last = grouping[2].split(',').pop() ?? ''
    if (/^\s*[A-Za-z0-9_]*$/.test(last)) {
      const prefix = last.trim()
      return { kind: 'labelName', metric: '', prefix, start: cursor - prefix.length, end: wordEnd(text, cursor) }
    }
    return { kind: 'none' }
  }
  let start = cursor
  while (start > 0 && IDENT_CHAR.test(text[start - 1])) start--
  // inside a range or a number: nothing to offer
  if (start > 0 && text[start - 1] === '[') return { kind: 'none' }
  const prefix = text.slice(start, cursor)
  if (/^\d/.test(prefix)) return { kind: 'none' }
  return { kind: 'metric', prefix, start, end: wordEnd(text, cursor) }
}

function wordEnd(text: string, cursor: number): number {
  let end = cursor
  while (end < text.length && IDENT_CHAR.test(text[end])) end++
  return end
}

/**
 * Candidates for a prefix: those that start with it first, then those containing it; at most
 * `limit`. Case-insensitive.
 */
export function rankCandidates(candidates: readonly string[], prefix: string, limit = 50): string[] {
  const p = prefix.toLowerCase()
  if (!p) return candidates.slice(0, limit)
  const starts: string[] = []
  const contains: string[] = []
  for (const c of candidates) {
    const l = c.toLowerCase()
    if (l === p) continue
    if (l.startsWith(p)) starts.push(c)
    else if (l.includes(p)) contains.push(c)
    if (starts.length >= limit) break
  }
  return [...starts, ...contains].slice(0, limit)
}

/** The text with the completion put in place of what was typed; returns the new text and cursor. */
export function applyCompletion(text: string, c: Exclude<Completion, { kind: 'none' }>, value: string): { text: string; cursor: number } {
  const insert = c.kind === 'labelValue' ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : value
  const next = text.slice(0, c.start) + insert + text.slice(c.end)
  return { text: next, cursor: c.start + insert.length }
}

/** `1:8: parse error: …` → line 1, column 8 (1-based); null when the message gives no position. */
export function errorPosition(message: string): { line: number; column: number } | null {
  const m = /^(\d+):(\d+):/.exec(message.trim())
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null
}

/** The offset into the text of a 1-based line and column (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n')
  let offset = 0
  for (let i = 0; i < Math.min(line - 1, lines.length - 1); i++) offset += lines[i].length + 1
  return Math.min(text.length, offset + Math.max(0, column - 1))
}
