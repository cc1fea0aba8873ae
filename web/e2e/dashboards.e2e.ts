/**
 * The dashboards journeys through the real host (demo hospital, a week of generated history) and
 * Debian's chromium, in order: an engineer opens the built-in host overview from a demo server's
 * Monitoring tab and sees its charts; runs `up` and a range query in Explore; builds a dashboard
 * of their own with one typed PromQL panel and one built with the form, saves it, shares it,
 * finds it again after a reload, exports it and imports the file back. Screenshots at 1440 and 390 px wide.
 * Without the server's dashboards and Prometheus APIs these tests are reported skipped, never passed.
 */
import { readFileSync } from 'node:fs'
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
/** the demo hospital's first EMR database server (a physical server with a node exporter's history) */
const SERVER = { code: 'vm-his-outpatient', name: '门急诊 HIS 应用服务器' }
const MY_DASHBOARD = '值班看板 E2E'
const RANGE_QUERY = 'rate(node_network_receive_bytes_total[5m])'

async function chooseOption(select: Locator, optionText: string, typed?: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click()
    if (typed) await select.locator('input').fill(typed)
    const option = page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first()
    await option.waitFor()
    await option.click()
    try {
      await expect.poll(() => select.innerText(), { timeout: 2000 }).toContain(optionText)
      return
    } catch {
      await page.keyboard.press('Escape')
    }
  }
  throw new Error(`could not choose "${optionText}"`)
}

/** Screenshots at desktop and phone width; at phone width nothing may overflow sideways. */
async function capture(name: string, focus?: string) {
  await captureBothWidths(page, name, focus)
  shots.push(name)
}

/** Whether the server has the APIs these pages call (they are built beside this web app). */
async function serverReady(): Promise<string | null> {
  const dashboards = await page.request.get('/api/v1/dashboards/host-overview')
  if (dashboards.status() === 404) return 'GET /api/v1/dashboards/host-overview answers 404'
  const prom = await page.request.get('/prometheus/api/v1/query?query=up')
  if (prom.status() === 404) return 'GET /prometheus/api/v1/query answers 404'
  return null
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
    await page?.screenshot({ path: screenshotPath(`FAILED-dashboards-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.stop()
  console.log(`dashboards screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('Dashboards', () => {
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

    const missing = await serverReady()
    if (missing) {
      // The server side is built in parallel: reported as skipped, never as passed.
      console.log(`WAITING FOR THE SERVER: ${missing}`)
      failed = true
      ctx.skip()
    }
  })

  it("2. opens the built-in host overview from a demo server's Monitoring tab, with its charts", async () => {
    const found = await page.request.get(`/api/v1/cmdb/cis?query=${SERVER.code}&page=1&pageSize=10`)
    expect(found.ok()).toBe(true)
    const ci = ((await found.json()) as { items: { id: number; code: string }[] }).items.find((c) => c.code === SERVER.code)
    expect(ci, `demo CI ${SERVER.code}`).toBeTruthy()

    await page.goto(`/cmdb/cis/${ci!.id}`)
    await expect.poll(() => page.locator('[data-test=ci-name]').innerText()).toBe(SERVER.name)
    await page.locator('#tab-monitoring').click()
    const links = page.locator('[data-test=ci-dashboards]')
    await expect.poll(() => links.innerText()).toContain('主机概览')
    await expect.poll(() => links.innerText()).toContain('时钟偏差')
    await links.locator('[data-dashboard=host-overview]').click()
    await page.waitForURL(`**/monitoring/dashboards/host-overview?var-ci=${SERVER.code}`)

    const dashboard = page.locator('[data-test=dashboard][data-uid=host-overview]')
    await dashboard.waitFor()
    await expect.poll(() => page.locator('[data-test=dashboard-built-in]').count()).toBe(1)
    await expect.poll(() => page.locator('[data-test=variables] [data-variable=ci]').innerText()).toContain(SERVER.code)
    // a built-in dashboard is read-only: no edit, a copy instead
    expect(await page.locator('[data-test=dashboard-edit]').count()).toBe(0)
    expect(await page.locator('[data-test=dashboard-copy]').count()).toBe(1)

    // charts drawn from the demo's history, no panel failing
    await page.locator('[data-panel-type=timeseries] [data-test=timeseries-chart] canvas').first().waitFor({ timeout: 30_000 })
    await expect.poll(() => page.locator('[data-panel-type][data-loading=true]').count(), { timeout: 30_000 }).toBe(0)
    expect(await page.locator('[data-test=panel-error]').allInnerTexts()).toEqual([])
    const panels = await page.locator('[data-panel]').count()
    expect(panels).toBeGreaterThan(1)
    expect(await page.locator('[data-test=panel-empty]').count()).toBeLessThan(panels)
    await capture('dashboards-host-overview')
  })

  it('3. Explore runs up as a table and a range query as a chart; a wrong query says where', async () => {
    await openFromMenu(page, 'monitoring', 'monitoringExplore')
    await page.waitForURL('**/monitoring/explore')
    const query = page.locator('textarea[data-test=explore-query]')

    // instant: a table with a row per target
    await page.locator('[data-test=explore-mode] [data-mode=instant]').click()
    await query.fill('up')
    await page.locator('[data-test=explore-run]').click()
    const table = page.locator('[data-test=explore-result][data-mode=instant] [data-test=result-table]')
    await table.waitFor({ timeout: 30_000 })
    await expect.poll(() => table.innerText()).toContain(SERVER.code)
    expect(page.url()).toContain('q=up')

    // autocomplete of metric names
    await query.fill('')
    await query.pressSequentially('node_netw')
    await expect.poll(() => page.locator('[data-test=explore-query-suggestions]').innerText()).toContain('node_network_receive_bytes_total')
    await query.press('Escape')
    await page.locator('[data-test=explore-query-suggestions]').waitFor({ state: 'detached' })

    // range: a chart, run with Ctrl+Enter
    await page.locator('[data-test=explore-mode] [data-mode=range]').click()
    await query.fill(RANGE_QUERY)
    await query.press('Control+Enter')
    await page.locator('[data-test=explore-result][data-mode=range] [data-test=timeseries-chart] canvas').first().waitFor({ timeout: 30_000 })
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(RANGE_QUERY)
    await capture('explore', '[data-test=explore-result]')

    // the link alone shows the same query
    await page.goto(page.url())
    await page.locator('[data-test=explore-result][data-mode=range] [data-test=timeseries-chart] canvas').first().waitFor({ timeout: 30_000 })
    expect(await query.inputValue()).toBe(RANGE_QUERY)

    // a parse error in the server's words, with its place
    await query.fill('up{ci=')
    await page.locator('[data-test=explore-run]').click()
    await expect.poll(() => page.locator('[data-test=explore-error]').innerText()).toMatch(/\d+:\d+/)

    // history keeps what was run
    await page.locator('[data-test=explore-history]').click()
    await expect.poll(() => page.locator('.el-dropdown-menu:visible').innerText()).toContain(RANGE_QUERY)
    await page.keyboard.press('Escape')
  })

  it('4. builds a dashboard with a PromQL panel and a form-built panel, saves and shares it, finds it after a reload, exports it', async () => {
    await openFromMenu(page, 'monitoring', 'monitoringDashboards')
    await page.waitForURL('**/monitoring/dashboards')
    await page.locator('[data-test=dashboard-table]').waitFor()
    await expect.poll(() => page.locator('[data-test=dashboard-table]').innerText()).toContain('主机概览')

    await page.locator('[data-test=dashboard-create]').click()
    const meta = page.locator('.el-dialog[data-test=dashboard-meta-dialog]')
    await meta.waitFor()
    await meta.locator('input[name=dashboardTitle]').fill(MY_DASHBOARD)
    await meta.locator('[data-test=dashboard-meta-save]').click()
    await page.waitForURL(/\/monitoring\/dashboards\/[^/?]+\?edit=1$/)
    const uid = new URL(page.url()).pathname.split('/').pop()!
    await expect.poll(() => page.locator('[data-test=dashboard-title]').innerText()).toBe(MY_DASHBOARD)

    // panel 1: typed PromQL
    const editor = page.locator('.el-dialog[data-test=panel-editor]')
    await page.locator('[data-test=panel-add]').click()
    await editor.waitFor()
    await editor.locator('input[name=panelTitle]').fill('主机负载')
    await editor.locator('textarea[data-test=panel-query-0]').fill('node_load1')
    await editor.locator('input[name=panelLegend0]').fill('{{ci}}')
    await editor.locator('[data-test=panel-preview]').click()
    await editor.locator('[data-test=timeseries-chart] canvas').first().waitFor({ timeout: 30_000 })
    await editor.locator('[data-test=panel-save]').click()
    await editor.waitFor({ state: 'hidden' })

    // panel 2: built with the form, which shows the PromQL it makes
    await page.locator('[data-test=panel-add]').click()
    await editor.waitFor()
    await editor.locator('input[name=panelTitle]').fill('网络接收')
    await editor.locator('[data-test=query-mode-0] [data-mode=form]').click()
    await editor.locator('input[name=formMetric0]').fill('node_network_receive_bytes_total')
    await expect.poll(() => editor.locator('[data-test=query-form-0-promql]').innerText()).toBe('rate(node_network_receive_bytes_total[$__rate_interval])')
    await chooseOption(editor.locator('[data-test=query-form-0-aggregation]'), '求和')
    await expect.poll(() => editor.locator('[data-test=query-form-0-promql]').innerText()).toBe('sum (rate(node_network_receive_bytes_total[$__rate_interval]))')
    await chooseOption(editor.locator('[data-test=panel-unit]'), '比特/秒')
    await editor.locator('[data-test=panel-save]').click()
    await editor.waitFor({ state: 'hidden' })

    await expect.poll(() => page.locator('[data-panel]').count()).toBe(2)
    await page.locator('[data-panel] [data-test=timeseries-chart] canvas').first().waitFor({ timeout: 30_000 })
    await capture('dashboards-edit', '[data-test=panel-grid]')

    await page.locator('[data-test=dashboard-save]').click()
    await page.waitForURL(new RegExp(`/monitoring/dashboards/${uid}$`))
    await page.locator('[data-test=dashboard-share]').click()
    await expect.poll(() => page.locator('[data-test=dashboard-share]').getAttribute('data-shared')).toBe('true')

    await page.reload()
    await expect.poll(() => page.locator('[data-test=dashboard-title]').innerText()).toBe(MY_DASHBOARD)
    await expect.poll(() => page.locator('[data-panel]').evaluateAll((els) => els.map((e) => e.getAttribute('data-title')))).toEqual(['主机负载', '网络接收'])
    expect(await page.locator('[data-test=dashboard-is-shared]').count()).toBe(1)
    await page.locator('[data-panel] [data-test=timeseries-chart] canvas').first().waitFor({ timeout: 30_000 })

    // the list has it among mine
    await openFromMenu(page, 'monitoring', 'monitoringDashboards')
    await expect.poll(() => page.locator(`[data-test=dashboard-table] [data-uid="${uid}"]`).innerText()).toBe(MY_DASHBOARD)

    // export: the JSON document
    await page.goto(`/monitoring/dashboards/${uid}`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=dashboard-export]').click()])
    expect(download.suggestedFilename()).toMatch(/\.json$/)
    const doc = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; title: string; definition: { panels: { queries: { expr: string }[] }[] } }
    expect(doc.format).toBe('hospitalops-dashboard/1')
    expect(doc.title).toBe(MY_DASHBOARD)
    expect(doc.definition.panels.map((p) => p.queries[0].expr)).toEqual(['node_load1', 'sum (rate(node_network_receive_bytes_total[$__rate_interval]))'])

    // and the file imports back as a new dashboard of mine
    await openFromMenu(page, 'monitoring', 'monitoringDashboards')
    await page.locator('[data-test=dashboard-table]').waitFor()
    await page.locator('[data-test=dashboard-import-file]').setInputFiles((await download.path())!)
    await page.waitForURL((url) => /\/monitoring\/dashboards\/[^/?]+$/.test(url.pathname) && !url.pathname.endsWith(`/${uid}`))
    await expect.poll(() => page.locator('[data-test=dashboard-title]').innerText()).toBe(MY_DASHBOARD)
    await expect.poll(() => page.locator('[data-panel]').count()).toBe(2)
  })

  it('5. no page error on the way', () => {
    expect(problems).toEqual([])
  })
})
