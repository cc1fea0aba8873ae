/**
 * The knowledge base through the real host (demo hospital) and Debian's chromium: an engineer searches 锁 and finds the
 * Oracle lock-wait article with the word marked, opens it (symptom, cause, solution, the charts of its monitoring
 * items); writes an article in the editor with a preview and submits it for review, and cannot approve it himself; a
 * second engineer finds it in the review queue and approves it; it is then found by search. On a phone the results
 * are cards. Screenshots at 1440 and 390 px wide.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { captureBothWidths, launchChromium, newContext, openFromMenu, PHONE, DESKTOP, screenshotPath } from './support/browser'
import { startHost, type RunningHost } from './support/host'

let host: RunningHost
let browser: Browser
let adminContext: BrowserContext
let authorContext: BrowserContext
let reviewerContext: BrowserContext
let author: Page
let reviewer: Page
const problems: string[] = []
const shots: string[] = []

const ADMIN_PASSWORD = 'Hosp#Secure2026'
const AUTHOR = { userName: 'gao.fei', displayName: '高飞', initial: 'Initial#Pass1', password: 'Author#Pass2026' }
const REVIEWER = { userName: 'song.jia', displayName: '宋佳', initial: 'Initial#Pass2', password: 'Review#Pass2026' }
const LOCK_ARTICLE = 'HIS 收费窗口卡住：Oracle 行锁等待（enq: TX - row lock contention）'
const NEW_TITLE = '门诊自助机凭条打印空白：热敏纸装反'

async function signIn(page: Page, userName: string, initial: string, password: string) {
  await page.goto('/login')
  await page.locator('input[name=userName]').fill(userName)
  await page.locator('input[name=password]').fill(initial)
  await page.locator('[data-test=login-submit]').click()
  await page.waitForURL('**/change-password')
  await page.locator('input[name=currentPassword]').fill(initial)
  await page.locator('input[name=newPassword]').fill(password)
  await page.locator('input[name=confirmPassword]').fill(password)
  await page.locator('[data-test=change-password-submit]').click()
  await page.waitForURL('**/overview')
}

async function capture(page: Page, name: string, focus?: string) {
  await captureBothWidths(page, name, focus)
  shots.push(name)
}

async function search(page: Page, q: string) {
  await page.locator('input[name=knowledgeQuery]').fill(q)
  const answered = page.waitForResponse((r) => {
    const url = new URL(r.url())
    return url.pathname === '/api/v1/knowledge/articles' && url.searchParams.get('q') === q
  })
  await page.locator('[data-test=knowledge-search-submit]').click()
  await page.waitForURL((url) => url.pathname === '/knowledge/articles' && url.searchParams.get('q') === q)
  await answered
  await expect.poll(() => page.locator('[data-test=knowledge-result-count]').isVisible()).toBe(true)
  // the table shows this answer once Vue has drawn it
  await page.waitForFunction(() => !document.querySelector('[data-test=knowledge-table] .el-loading-mask'))
}

const resultTitles = (page: Page) => page.locator('[data-test=knowledge-table] [data-test=knowledge-result]').allInnerTexts()

beforeAll(async () => {
  host = await startHost({ demo: true })
  browser = await launchChromium()
  adminContext = await newContext(browser, host.baseURL)
  authorContext = await newContext(browser, host.baseURL)
  reviewerContext = await newContext(browser, host.baseURL)
  author = await authorContext.newPage()
  reviewer = await reviewerContext.newPage()
  for (const p of [author, reviewer]) p.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
})

let failed = false
beforeEach((ctx) => {
  if (failed) ctx.skip()
})
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    failed = true
    await author?.screenshot({ path: screenshotPath(`FAILED-knowledge-author-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    await reviewer?.screenshot({ path: screenshotPath(`FAILED-knowledge-reviewer-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await adminContext?.close()
  await authorContext?.close()
  await reviewerContext?.close()
  await browser?.close()
  await host?.stop()
  console.log(`knowledge screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('The knowledge base', () => {
  it('1. the administrator creates two engineers, who may write and review knowledge', async () => {
    const admin = await adminContext.newPage()
    await signIn(admin, 'admin', host.adminPassword, ADMIN_PASSWORD)
    const csrf = (await adminContext.cookies()).find((c) => c.name === 'hops_csrf')?.value ?? ''
    for (const user of [AUTHOR, REVIEWER]) {
      const created = await admin.request.post('/api/v1/users', {
        headers: { 'X-CSRF-Token': csrf },
        data: { userName: user.userName, displayName: user.displayName, password: user.initial, roles: ['engineer'] },
      })
      expect(created.status(), await created.text()).toBe(201)
    }
    await signIn(author, AUTHOR.userName, AUTHOR.initial, AUTHOR.password)
    await signIn(reviewer, REVIEWER.userName, REVIEWER.initial, REVIEWER.password)
  })

  it('2. searching 锁 finds the Oracle lock-wait article at the top, the word marked in the title and the excerpt', async () => {
    await openFromMenu(author, 'knowledge', 'knowledgeArticles')
    await author.waitForURL('**/knowledge/articles')
    await author.locator('[data-test=knowledge-table] [data-test=knowledge-result]').first().waitFor()
    await search(author, '锁')
    const titles = await resultTitles(author)
    // the two articles with 锁 in their title (行锁等待, 死锁) come first
    expect(titles.slice(0, 2)).toContain(LOCK_ARTICLE)
    const marks = await author.locator('[data-test=knowledge-table] mark.hit').allInnerTexts()
    expect(marks).toContain('锁')
    await capture(author, 'knowledge-search')

    await search(author, 'Oracle锁等待')
    expect((await resultTitles(author))[0]).toBe(LOCK_ARTICLE)
  })

  it('3. the article shows its symptom, cause and solution from the server, and charts of its monitoring items', async () => {
    await author.locator('[data-test=knowledge-table] [data-test=knowledge-result]', { hasText: LOCK_ARTICLE }).click()
    await author.waitForURL(/\/knowledge\/articles\/\d+$/)
    expect(await author.locator('[data-test=article-title]').innerText()).toBe(LOCK_ARTICLE)
    expect(await author.locator('[data-test=article-state]').innerText()).toBe('已发布')
    expect(await author.locator('[data-test=section-solution] pre code').first().innerText()).toContain('blocking_session')
    expect(await author.locator('[data-test=knowledge-monitor]').count()).toBe(2)
    await author.locator('[data-test=knowledge-monitor] .monitor-title', { hasText: 'Oracle 锁等待请求数' }).waitFor()
    // a second version: the history lists both
    await author.locator('[data-test=article-versions]').click()
    await expect.poll(() => author.locator('[data-test=version-list] .version-row').count()).toBe(2)
    expect(await author.locator('[data-test=version-list]').innerText()).toContain('已被替代')
    await author.keyboard.press('Escape')
    await capture(author, 'knowledge-article')
    // each monitoring item is drawn from the demo hospital's history (or says why not)
    for (const chart of await author.locator('[data-test=knowledge-monitor]').all()) {
      await chart.locator('[data-test=timeseries-chart], .el-empty, .el-alert').first().waitFor()
    }
    await capture(author, 'knowledge-article-charts', '[data-test=knowledge-monitor]')
  })

  it('4. an engineer writes an article with a preview, submits it, and cannot approve his own version', async () => {
    await author.goto('/knowledge/articles')
    await author.locator('[data-test=knowledge-create]').click()
    await author.waitForURL('**/knowledge/articles/new')
    await author.locator('input[name=title]').fill(NEW_TITLE)
    await author.locator('textarea[name=symptom]').fill('门诊大厅自助机缴费后凭条是**空白**的，患者无法取药。')
    await author.locator('textarea[name=cause]').fill('更换热敏纸卷时装反，打印面朝内。')
    await author.locator('textarea[name=solution]').fill('1. 打开自助机打印仓\n2. 将热敏纸卷翻面装入，打印面朝向打印头\n3. 打印测试页确认 <script>alert(1)</script>')
    await author.locator('input[name=tags]').fill('自助机, 打印机, 热敏纸')
    // while writing, the published articles like it are offered (the wristband printer's blank prints)
    await author.locator('[data-test=similar-article]', { hasText: '腕带打印机打印空白' }).waitFor()
    // the preview is the server's rendering: Markdown becomes a list, the script is text
    await author.locator('.markdown-field').nth(2).locator('.el-tabs__item', { hasText: '预览' }).click()
    const preview = author.locator('[data-test=preview-solution]')
    await preview.locator('ol li').first().waitFor()
    expect(await preview.locator('li').count()).toBe(3)
    expect(await preview.innerText()).toContain('<script>alert(1)</script>')
    expect(await preview.locator('script').count()).toBe(0)
    await capture(author, 'knowledge-editor', '[data-test=similar-articles]')

    await author.locator('[data-test=editor-save-submit]').click()
    await author.waitForURL(/\/knowledge\/articles\/\d+$/)
    expect(await author.locator('[data-test=article-state]').innerText()).toBe('审核中')
    expect(await author.locator('[data-test=article-approve]').count()).toBe(0)
  })

  it('5. another engineer approves it from the review queue; it is then found by search', async () => {
    await openFromMenu(reviewer, 'knowledge', 'knowledgeReview')
    await reviewer.waitForURL('**/knowledge/review')
    const item = reviewer.locator('[data-test=review-item]', { hasText: NEW_TITLE })
    await item.waitFor()
    expect(await item.innerText()).toContain(`作者 ${AUTHOR.displayName}`)
    await capture(reviewer, 'knowledge-review')
    await item.click()
    await reviewer.waitForURL(/\/knowledge\/articles\/\d+$/)
    await reviewer.locator('[data-test=article-approve]').click()
    await reviewer.locator('.el-message-box .el-button--primary').click()
    await expect.poll(() => reviewer.locator('[data-test=article-state]').innerText()).toBe('已发布')
    expect(await reviewer.locator('.header-meta').innerText()).toContain(`审核人 ${REVIEWER.displayName}`)

    await author.goto('/knowledge/articles')
    await search(author, '热敏纸')
    expect((await resultTitles(author))[0]).toBe(NEW_TITLE)
    await search(author, '凭条 空白')
    expect((await resultTitles(author))[0]).toBe(NEW_TITLE)
  })

  it('6. on a phone the results are cards, and the article reads from top to bottom', async () => {
    await author.setViewportSize(PHONE)
    await author.goto(`/knowledge/articles?q=${encodeURIComponent('PACS 图像')}`)
    const cards = author.locator('[data-test=knowledge-cards] [data-test=knowledge-result]')
    await cards.first().waitFor()
    expect(await author.locator('[data-test=knowledge-table]').count()).toBe(0)
    expect(await cards.first().innerText()).toContain('PACS')
    const width = await author.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(PHONE.width + 1)
    await cards.first().click()
    await author.waitForURL(/\/knowledge\/articles\/\d+$/)
    await author.locator('[data-test=section-symptom]').waitFor()
    expect(await author.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width + 1)
    await author.setViewportSize(DESKTOP)
    expect(problems).toEqual([])
  })
})
