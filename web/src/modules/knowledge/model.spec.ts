import { describe, expect, it } from 'vitest'
import type { Article, ArticleVersion } from './api'
import { emptyForm, foldFieldErrors, formFrom, parseTags, plainText, shownVersion, similarText, stateTagType, toInput } from './model'

const version = (over: Partial<ArticleVersion> = {}): ArticleVersion => ({
  number: 1,
  state: 'published',
  title: 'Oracle 锁等待',
  symptom: 's',
  cause: 'c',
  solution: 'x',
  symptomHtml: '<p>s</p>',
  causeHtml: '<p>c</p>',
  solutionHtml: '<p>x</p>',
  tags: ['Oracle', '锁等待'],
  systems: [{ id: 7, code: 'emr', name: 'EMR' }],
  cis: [{ id: 9, code: 'db-emr', name: 'EMR DB' }],
  monitors: [{ title: '锁', query: 'sum(oracle_lock_requests_waiting)' }],
  source: null,
  sourceTitle: null,
  authorId: 1,
  authorName: 'a',
  editorName: 'a',
  reviewerName: null,
  rejectReason: null,
  createdAt: '2026-11-22T01:00:00Z',
  updatedAt: '2026-11-22T01:00:00Z',
  submittedAt: null,
  reviewedAt: null,
  ...over,
})

const article = (over: Partial<Article> = {}): Article => ({ id: 1, state: 'published', latestVersion: 1, publishedVersion: 1, published: version(), working: null, actions: [], ...over })

describe('knowledge model', () => {
  it('shows the version being worked on to its authors, else the published one', () => {
    expect(shownVersion(article())?.number).toBe(1)
    expect(shownVersion(article({ working: version({ number: 2, state: 'draft' }) }))?.number).toBe(2)
    expect(shownVersion(article({ published: null, working: null }))).toBeNull()
  })

  it('colours states', () => {
    expect(stateTagType('published')).toBe('success')
    expect(stateTagType('in_review')).toBe('warning')
    expect(stateTagType('draft')).toBe('info')
    expect(stateTagType('superseded')).toBe('info')
  })

  it('reads tags separated by Chinese and Western commas, once each', () => {
    expect(parseTags('Oracle，锁等待, oracle;性能\n、 ')).toEqual(['Oracle', '锁等待', '性能'])
    expect(parseTags('  ')).toEqual([])
  })

  it('fills the form from a version and sends it back unchanged', () => {
    const form = formFrom(version())
    expect(form.tagsText).toBe('Oracle, 锁等待')
    const input = toInput(form, 3)
    expect(input).toMatchObject({ title: 'Oracle 锁等待', tags: ['Oracle', '锁等待'], systemIds: [7], ciIds: [9], version: 3 })
    expect(input.monitors).toEqual([{ title: '锁', query: 'sum(oracle_lock_requests_waiting)' }])
  })

  it('drops empty monitoring rows but keeps half-filled ones for the server to report', () => {
    const form = { ...emptyForm(), monitors: [{ title: ' ', query: '' }, { title: '', query: 'up' }] }
    expect(toInput(form).monitors).toEqual([{ title: '', query: 'up' }])
    expect('version' in toInput(form)).toBe(false)
  })

  it('folds per-row errors onto their list', () => {
    expect(foldFieldErrors({ 'monitors[1].query': 'bad', 'tags[0]': 'no |', title: 'required' })).toEqual({ monitors: '2: bad', tags: '1: no |', title: 'required' })
  })

  it('joins parts', () => {
    expect(plainText([{ text: 'Oracle ', hit: true }, { text: '锁', hit: false }])).toBe('Oracle 锁')
    expect(plainText(null)).toBe('')
  })
})

describe('similarText', () => {
  it('joins title and description, collapses spaces and cuts to what the server reads', () => {
    expect(similarText(' HIS 登录慢 ', null, '早上\n\n8 点')).toBe('HIS 登录慢 早上 8 点')
    expect(similarText('x'.repeat(600)).length).toBe(512)
  })

  it('looks for nothing with fewer than two letters or digits', () => {
    expect(similarText('锁')).toBe('')
    expect(similarText('!!', '  ', undefined)).toBe('')
    expect(similarText('宕机')).toBe('宕机')
  })
})
