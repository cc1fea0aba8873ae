import { describe, expect, it } from 'vitest'
import { NAVIGATION, PERMISSIONS, groupOf, visibleNavigation } from '@/modules/shell/navigation'

const knowledgeEntries = (permissions: string[]) =>
  visibleNavigation(NAVIGATION, permissions)
    .find((i) => i.key === 'knowledge')
    ?.children?.map((c) => c.key) ?? []

describe('知识库 in the navigation', () => {
  it('shows the articles to readers and the review queue to reviewers only', () => {
    expect(knowledgeEntries([])).toEqual([])
    expect(knowledgeEntries([PERMISSIONS.knowledgeRead])).toEqual(['knowledgeArticles'])
    expect(knowledgeEntries([PERMISSIONS.knowledgeRead, PERMISSIONS.knowledgeReview])).toEqual(['knowledgeArticles', 'knowledgeReview'])
  })

  it('opens its group for an article, the editor and the queue', () => {
    expect(groupOf('/knowledge/articles/12')).toBe('knowledge')
    expect(groupOf('/knowledge/articles/new')).toBe('knowledge')
    expect(groupOf('/knowledge/review')).toBe('knowledge')
  })
})
