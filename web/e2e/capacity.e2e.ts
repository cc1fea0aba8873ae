/**
 * The capacity journeys through the real host (demo hospital, a week of generated history, the
 * PACS/RIS server's /data filling) and Debian's chromium: an engineer opens 监控 → 容量管理, sees
 * what fills within 180 days (PACS/RIS's /data among it) with advice and the Excel export, and
 * downloads it; chooses PACS/RIS and sees its bottleneck named (the server layer, /data) above
 * its layers on one time axis, changes the period; reaches the same page from the service model
 * by its 容量 button. Screenshots at 1440 and 390 px wide. Without the server's capacity API the
 * tests are reported skipped, never passed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { launchChromium, newContext, screenshotPath, openFromMenu, captureBothWidths } from './support/browser'
import { startHost, type RunningHost } from './support/host'

let host: RunningHost
let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []
const shots: string[] = []

const ADMIN_PASSWORD = 'Hosp#Secure2026'
/** the demo business system whose server's /data file system fills within days */
const BUSINESS = { code: 'pacs-ris', name: '放射科 PACS/RIS' }
const SERVER = 'vm-pacs-ris'
const LAYERS = ['middleware', 'database', 'server', 'storage', 'network']

/** the report for a horizon has come in */
async function reportLoaded(within: number) {
  await page.locator(`[data-test=capacity-report-page][data-within="${within}"][data-loading=false]`).waitFor({ timeout: 60_000 })
}

async function chooseOption(select: Locator, optionText: string, typed?: string) {
  await select.click()
  if (typed) await select.locator('input').fill(typed)
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first()
  await option.waitFor()
  await option.click()
}

/** Screenshots at desktop and phone width; at phone width nothing may overflow sideways. */
async function capture(name: string, focus?: string) {
  await captureBothWidths(page, name, focus)
  shots.push(name)
}

beforeAll(async () => {
  host = await startHost({ demo: true })
  browser = await launchChromium()
  context = await newContext(browser, host.baseURL)
  page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
})

let failed = false
beforeEach((ctx) => {
  if (failed) ctx.skip()
})
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    failed = true
    await page?.screenshot({ path: screenshotPath(`FAILED-capacity-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.stop()
  console.log(`capacity screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('Capacity', () => {
  it('1. admin signs in', async (ctx) => {
    await page.goto('/login')
    await page.locator('input[name=userName]').fill('admin')
    await page.locator('input[name=password]').fill(host.adminPassword)
    await page.locator('[data-test=login-submit]').click()
    await page.waitForURL('**/change-password')
    await page.locator('input[name=currentPassword]').fill(host.adminPassword)
    await page.locator('input[name=newPassword]').fill(ADMIN_PASSWORD)
    await page.locator('input[name=confirmPassword]').fill(ADMIN_PASSWORD)
    await page.locator('[data-test=change-password-submit]').click()
    await page.waitForURL('**/overview')

    const api = await page.request.get('/api/v1/capacity/forecasts?within=30')
    if (api.status() === 404) {
      // The server side is built in parallel: reported as skipped, never as passed.
      console.log('WAITING FOR THE SERVER: GET /api/v1/capacity/forecasts answers 404')
      failed = true
      ctx.skip()
    }
  })

  it('2. 容量管理 shows what fills within 180 days, PACS/RIS /data among it, with advice and the Excel export', async () => {
    await openFromMenu(page, 'monitoring', 'monitoringCapacity')
    await page.waitForURL('**/monitoring/capacity')
    await reportLoaded(180)
    await expect.poll(() => page.locator('[data-test=capacity-horizons] .el-tabs__item.is-active').innerText()).toContain('180')

    const line = page.locator(`[data-test=capacity-report-line][data-ci=${SERVER}][data-instance="/data"]`)
    await line.waitFor({ timeout: 60_000 })
    const row = page.locator('[data-test=capacity-report-table] .el-table__row', { has: line })
    await expect.poll(() => row.innerText()).toContain(BUSINESS.name)
    expect(await row.locator('[data-test=capacity-advice]').innerText()).toMatch(/^建议至少扩容 [\d.]+ [KMGTP]iB$/)
    // soonest first
    const daysLeft = (await page.locator('[data-test=capacity-days-left]').allInnerTexts()).map(Number)
    expect(daysLeft).toEqual([...daysLeft].sort((a, b) => a - b))

    const exportLink = page.locator('[data-test=capacity-export]')
    expect(await exportLink.getAttribute('href')).toBe('/api/v1/capacity/report.xlsx?within=180&days=30')
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()])
    expect(download.suggestedFilename()).toMatch(/^capacity-report-\d{8}\.xlsx$/)

    // a shorter horizon asks again and keeps the choice in the address
    await page.locator('[data-test=capacity-horizons] #tab-30').click()
    await page.waitForURL('**/monitoring/capacity?within=30')
    expect(await exportLink.getAttribute('href')).toBe('/api/v1/capacity/report.xlsx?within=30&days=30')
    await reportLoaded(30)
    await line.waitFor()
    await page.locator('[data-test=capacity-horizons] #tab-180').click()
    await reportLoaded(180)
    await line.waitFor()
    await capture('capacity-report')
  })

  it('3. choosing PACS/RIS shows its bottleneck, the server layer /data, above its layers on one time axis', async () => {
    await chooseOption(page.locator('[data-test=capacity-business-select]'), BUSINESS.code, BUSINESS.code)
    await page.waitForURL(/\/monitoring\/capacity\/\d+$/)
    await expect.poll(() => page.locator('[data-test=capacity-business-name]').innerText(), { timeout: 60_000 }).toContain(BUSINESS.name)

    const card = page.locator('[data-test=capacity-bottleneck]')
    expect(await card.getAttribute('data-layer')).toBe('server')
    const headline = await card.locator('[data-test=capacity-bottleneck-text]').innerText()
    expect(headline).toMatch(new RegExp(`^瓶颈：服务器层 ${SERVER} 文件系统 /data，约 [\\d.]+ 天后写满$`))
    expect(await card.locator('[data-test=capacity-bottleneck-headroom] [data-level]').getAttribute('data-level')).toBe('danger')
    expect(await card.locator('[data-test=capacity-reason]').innerText()).toContain('写满')

    // the five layers top down; the server layer draws its chart and lists /data first
    expect(await page.locator('[data-test=capacity-layer]').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer')))).toEqual(LAYERS)
    const server = page.locator('[data-test=capacity-layer][data-layer=server]')
    await server.locator('[data-test=capacity-chart] canvas').first().waitFor()
    const first = server.locator('[data-test=capacity-resource-table] .el-table__row').first()
    expect(await first.innerText()).toContain('/data')
    expect(await first.locator('[data-level]').getAttribute('data-level')).toBe('danger')
    // every layer of the demo has monitored resources: tablespaces, storage pools, uplinks
    expect(await page.locator('[data-test=capacity-layer] [data-test=capacity-layer-empty]').count()).toBe(0)
    expect(await page.locator('[data-test=capacity-layer][data-layer=database] [data-test=capacity-resource-table]').innerText()).toContain('表空间')
    expect(await page.locator('[data-test=capacity-layer][data-layer=storage] [data-test=capacity-resource-table]').innerText()).toContain('StoragePool')
    await capture('capacity-business')

    await page.locator('[data-test=capacity-period] [data-days="7"]').click()
    await page.waitForURL('**?days=7')
    await page.locator('[data-test=capacity-business-page][data-days="7"][data-loading=false]').waitFor({ timeout: 60_000 })
    expect(await card.getAttribute('data-layer')).toBe('server')
  })

  it('4. the service model of PACS/RIS opens the same page by its 容量 button', async () => {
    const id = Number(/\/monitoring\/capacity\/(\d+)/.exec(page.url())?.[1])
    await page.goto(`/cmdb/business/${id}/model`)
    await page.locator('[data-test=open-capacity]').click()
    await page.waitForURL(`**/monitoring/capacity/${id}`)
    await page.locator('[data-test=capacity-bottleneck]').waitFor({ timeout: 60_000 })
    expect(problems).toEqual([])
  })
})
