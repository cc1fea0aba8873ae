/**
 * Maintenance records through the real host and Debian's chromium: on the ticket list of the demo hospital the administrator
 * narrows the list to two new faults, picks both with their checkboxes (the selection bar appears; on a phone at the bottom of
 * the screen), assigns both to the on-site engineer in one go and reads the result; a cancelled ticket picked with them is
 * named as refused, with the reason, and stays as it was. 导出 downloads the filtered records as an .xlsx file. The work log
 * (服务台 → 工作记录) shows the engineers' person-days for this month. Screenshots at 1440 and 390 px.
 */
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { DESKTOP, PHONE, captureBothWidths, clearToasts, launchChromium, newContext, openFromMenu, screenshotPath } from './support/browser'
import { startHost, type RunningHost } from './support/host'

let host: RunningHost
let browser: Browser
let context: BrowserContext
let admin: Page
const problems: string[] = []
const shots: string[] = []

const ADMIN_PASSWORD = 'Hosp#Records2026'
// words no demo ticket has, so the list narrows to the tickets made here
const MARK = '验收批量'
const ENGINEER = { userName: 'huang.qiang', name: '黄强' }
const ids: number[] = []
const numbers: string[] = []
const versions: number[] = []

async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'hops_csrf')?.value ?? ''
}

async function chooseOption(page: Page, select: Locator, optionText: string, typed?: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click()
    if (typed) await select.locator('input').first().fill(typed)
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
  throw new Error(`could not choose ${optionText}`)
}

beforeAll(async () => {
  host = await startHost({ demo: true })
  browser = await launchChromium()
  context = await newContext(browser, host.baseURL)
  admin = await context.newPage()
  admin.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
})

let failed = false
beforeEach((ctx) => {
  if (failed) ctx.skip()
})
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    failed = true
    await admin?.screenshot({ path: screenshotPath(`FAILED-records-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.stop()
  console.log(`records screenshots: ${shots.join(', ')}`)
})

describe('Maintenance records', () => {
  it('1. the administrator signs in; two faults come in and a third is cancelled', async () => {
    await admin.goto('/login')
    await admin.locator('input[name=userName]').fill('admin')
    await admin.locator('input[name=password]').fill(host.adminPassword)
    await admin.locator('[data-test=login-submit]').click()
    await admin.waitForURL('**/change-password')
    await admin.locator('input[name=currentPassword]').fill(host.adminPassword)
    await admin.locator('input[name=newPassword]').fill(ADMIN_PASSWORD)
    await admin.locator('input[name=confirmPassword]').fill(ADMIN_PASSWORD)
    await admin.locator('[data-test=change-password-submit]').click()
    await admin.waitForURL('**/overview')

    for (const title of [`${MARK} 门诊二楼自助机无法打印`, `${MARK} 检验科条码打印机卡纸`, `${MARK} 重复报修`]) {
      const created = await admin.request.post('/api/v1/service-desk/tickets', {
        headers: { 'X-CSRF-Token': await csrf(admin) },
        data: { type: 'incident', title, description: title, channel: 'phone', impact: 2, urgency: 2, businessSystemId: null, ciIds: [], fields: {} },
      })
      expect(created.status(), await created.text()).toBe(201)
      const ticket = (await created.json()) as { id: number; number: string; version: number }
      ids.push(ticket.id)
      numbers.push(ticket.number)
      versions.push(ticket.version)
    }
    const cancelled = await admin.request.post(`/api/v1/service-desk/tickets/${ids[2]}/transitions/cancel`, {
      headers: { 'X-CSRF-Token': await csrf(admin) },
      data: { version: versions[2], comment: '重复提交' },
    })
    expect(cancelled.status(), await cancelled.text()).toBe(200)
  })

  it('2. on the list he picks the two new faults and assigns both to the on-site engineer at once', async () => {
    await openFromMenu(admin, 'serviceDesk', 'serviceDeskTickets')
    await admin.waitForURL('**/service-desk/tickets**')
    await admin.locator('input[name=ticketQuery]').fill(MARK)
    await admin.locator('input[name=ticketQuery]').press('Enter')
    const table = admin.locator('[data-test=ticket-table]')
    await expect.poll(() => table.locator('[data-test=ticket-title]').count()).toBe(2)

    await table.locator('.el-table__row', { hasText: numbers[0] }).locator('[data-test=ticket-pick]').click()
    await table.locator('.el-table__row', { hasText: numbers[1] }).locator('[data-test=ticket-pick]').click()
    const bar = admin.locator('[data-test=bulk-bar]')
    await expect.poll(() => bar.locator('[data-test=bulk-count]').innerText()).toBe('已选 2 张')
    // a row's checkbox picks it; it does not open the ticket
    expect(admin.url()).toContain('/service-desk/tickets')
    expect(admin.url()).not.toMatch(/tickets\/\d+/)

    await captureBothWidths(admin, 'records-selection')
    shots.push('records-selection-1440', 'records-selection-390')

    await bar.locator('[data-test=bulk-assign]').click()
    const dialog = admin.locator('.el-dialog[data-test=bulk-dialog]')
    await dialog.waitFor()
    await chooseOption(admin, dialog.locator('[data-test=bulk-assignee]'), ENGINEER.userName, ENGINEER.userName)
    await dialog.locator('textarea[name=bulkComment]').fill('请今日上午到场处理')
    await dialog.locator('[data-test=bulk-submit]').click()
    await expect.poll(() => dialog.locator('[data-test=bulk-result]').innerText()).toContain('完成 2 张')
    await admin.screenshot({ path: screenshotPath('records-bulk-result-1440') })
    shots.push('records-bulk-result-1440')
    await dialog.locator('[data-test=bulk-close]').click()

    for (const id of ids.slice(0, 2)) {
      const ticket = (await (await admin.request.get(`/api/v1/service-desk/tickets/${id}`)).json()) as { state: string; assignee: string | null }
      expect(ticket).toMatchObject({ state: 'assigned', assignee: ENGINEER.userName })
    }
    await expect.poll(() => admin.locator('[data-test=bulk-bar]').count()).toBe(0)
  })

  it('3. on a phone, the cancelled ticket picked with an open one is refused with the reason; only the open one changes', async () => {
    await admin.setViewportSize(PHONE)
    await admin.locator('[data-test=status-tabs] [data-status=all]').click()
    const cards = admin.locator('[data-test=ticket-cards]')
    await expect.poll(() => cards.locator('.record-card').count()).toBe(3)
    await cards.locator(`[data-ticket="${numbers[2]}"] [data-test=ticket-pick]`).click()
    await cards.locator(`[data-ticket="${numbers[0]}"] [data-test=ticket-pick]`).click()
    const bar = admin.locator('[data-test=bulk-bar]')
    // the selection bar sits at the bottom of the phone's screen
    const box = await bar.boundingBox()
    expect(box && Math.round(box.y + box.height)).toBeGreaterThanOrEqual(PHONE.height - 2)
    await admin.waitForTimeout(500)
    await clearToasts(admin)
    await admin.screenshot({ path: screenshotPath('records-phone-selection-390') })
    shots.push('records-phone-selection-390')

    await bar.locator('[data-test=bulk-comment]').click()
    const dialog = admin.locator('.el-dialog[data-test=bulk-dialog]')
    await dialog.waitFor()
    await dialog.locator('textarea[name=bulkComment]').fill('已电话联系科室，备件明日到货')
    await dialog.locator('[data-test=bulk-submit]').click()
    await expect.poll(() => dialog.locator('[data-test=bulk-result]').innerText()).toContain('完成 2 张')
    await dialog.locator('[data-test=bulk-close]').click()

    await bar.waitFor({ state: 'detached' })
    await cards.locator(`[data-ticket="${numbers[2]}"] [data-test=ticket-pick]`).click()
    await cards.locator(`[data-ticket="${numbers[1]}"] [data-test=ticket-pick]`).click()
    await bar.locator('[data-test=bulk-transition]').click()
    // a cancelled ticket shares no step with an open one
    await admin.locator('[data-test=bulk-no-steps]').waitFor()
    await admin.keyboard.press('Escape')
    await bar.locator('[data-test=bulk-assign]').click()
    await dialog.waitFor()
    await chooseOption(admin, dialog.locator('[data-test=bulk-assignee]'), ENGINEER.userName, ENGINEER.userName)
    await dialog.locator('[data-test=bulk-submit]').click()
    await expect.poll(() => dialog.locator('[data-test=bulk-result]').innerText()).toContain('未执行 1 张')
    const refused = dialog.locator('[data-test=bulk-refused]')
    expect(await refused.innerText()).toContain(numbers[2])
    expect(await refused.innerText()).toContain('没有派单')
    await admin.waitForTimeout(400)
    await admin.screenshot({ path: screenshotPath('records-bulk-refused-390') })
    shots.push('records-bulk-refused-390')
    await dialog.locator('[data-test=bulk-close]').click()
    const stillCancelled = (await (await admin.request.get(`/api/v1/service-desk/tickets/${ids[2]}`)).json()) as { state: string; assignee: string | null }
    expect(stillCancelled).toMatchObject({ state: 'closed', assignee: null })
    await admin.setViewportSize(DESKTOP)
  })

  it('4. 导出 downloads the filtered records as an .xlsx file', async () => {
    const link = admin.locator('[data-test=ticket-export]')
    const href = (await link.getAttribute('href')) ?? ''
    expect(href).toContain('/api/v1/service-desk/tickets/export?')
    expect(decodeURIComponent(href)).toContain(`q=${MARK}`)
    expect(href).toContain('status=all')
    const [download] = await Promise.all([admin.waitForEvent('download'), link.click()])
    expect(download.suggestedFilename()).toMatch(/^ticket-records-.*\.xlsx$/)
    const bytes = readFileSync((await download.path())!)
    // a zip container (the .xlsx format), holding the three tickets' rows
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK')
    expect(bytes.length).toBeGreaterThan(1000)
  })

  it('5. the work log lists the engineers of this month with their person-days', async () => {
    await openFromMenu(admin, 'serviceDesk', 'serviceDeskWorkLog')
    await admin.waitForURL('**/service-desk/work-log**')
    await admin.locator('[data-test=work-log-totals]').waitFor()
    const api = (await (await admin.request.get(`/api/v1/service-desk/work-log?${new URL(admin.url()).searchParams}`)).json()) as { personDays: number; engineers: unknown[] }
    expect(await admin.locator('[data-test=work-log-totals]').innerText()).toContain(`合计 ${api.personDays} 人天`)
    expect(await admin.locator('.engineer').count()).toBe(api.engineers.length)
    const href = (await admin.locator('[data-test=work-log-export]').getAttribute('href')) ?? ''
    expect(href).toContain('/api/v1/service-desk/work-log/export?from=')
    await captureBothWidths(admin, 'records-work-log')
    shots.push('records-work-log-1440', 'records-work-log-390')
    expect(problems).toEqual([])
  })
})
