/**
 * Business calendars (服务时间) through the real host and Debian's chromium: under 系统 → 工作日历 → 服务时间 an
 * administrator finds the two built-in calendars (工作时间 and 7×24) and the warning for the holiday years not entered,
 * creates a calendar with a lunch break — a period that ends before it starts is refused with the server's message
 * beside that period and nothing stored — sees its weekly hours in the list, is refused its deletion while an SLA policy
 * names it (the refusal names the policy), and deletes it once the policy is gone. Screenshots at 1440 and 390 px wide.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium, newContext, screenshotPath, openFromMenu, captureBothWidths } from './support/browser'
import { startHost, type RunningHost } from './support/host'

let host: RunningHost
let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []
const shots: string[] = []

const ADMIN_PASSWORD = 'Hosp#Secure2026'
const NAME = '门诊工作时间（午休）'

interface Calendar {
  id: number
  name: string
  builtIn: boolean
  alwaysOpen: boolean
  periods: { weekday: number; from: string; to: string }[]
}

async function stored(): Promise<{ items: Calendar[]; holidayYearsMissing: number[] }> {
  const response = await page.request.get('/api/v1/calendars/business?zone=Asia/Shanghai')
  expect(response.status()).toBe(200)
  return (await response.json()) as { items: Calendar[]; holidayYearsMissing: number[] }
}

const row = (name: string) => page.locator('[data-test=business-table] .el-table__row', { hasText: name })
const dialog = () => page.locator('[data-test=business-dialog]')

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
    await page?.screenshot({ path: screenshotPath(`FAILED-business-calendars-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.stop()
  console.log(`business calendar screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('Business calendars', () => {
  it('1. admin opens 工作日历 → 服务时间: the two built-ins, and the holiday years not entered', async () => {
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

    await openFromMenu(page, 'admin', 'calendars')
    await page.waitForURL('**/admin/calendar**')
    await page.locator('#tab-business').click()
    await page.waitForURL('**tab=business**')
    await expect.poll(() => page.locator('[data-test=business-table] .el-table__row').count()).toBe(2)

    const office = row('工作时间（周一至周五 8:00–18:00）')
    expect(await office.locator('[data-test=business-hours]').innerText()).toBe('周一至周五 08:00–18:00')
    expect(await office.innerText()).toContain('遵循节假日')
    expect(await office.innerText()).toContain('内置')
    expect(await row('7×24').locator('[data-test=business-hours]').innerText()).toBe('7×24')

    // the demo hospital has 2026's holidays; whichever of this year and the next are missing are named
    const { holidayYearsMissing } = await stored()
    const warning = page.locator('[data-test=holidays-missing]')
    if (holidayYearsMissing.length) {
      const text = await warning.innerText()
      for (const year of holidayYearsMissing) expect(text).toContain(String(year))
      expect(text).toContain('年的节假日尚未录入，SLA 按普通周计算')
    } else {
      expect(await warning.count()).toBe(0)
    }
    await capture('calendars-business-list')
  })

  it('2. a calendar with a lunch break: a period ending before it starts is refused beside it, then saved', async () => {
    await page.locator('[data-test=business-create]').click()
    await dialog().waitFor()
    await dialog().locator('input[name=businessName]').fill(NAME)
    // the new calendar starts as Monday to Friday 08:00–18:00: Monday becomes a morning and an afternoon
    await dialog().locator('input[name="to-1-0"]').fill('12:00')
    await dialog().locator('[data-test=add-1]').click()
    await dialog().locator('input[name="from-1-1"]').fill('13:30')
    await dialog().locator('input[name="to-1-1"]').fill('12:30')
    await dialog().locator('[data-test=business-save]').click()

    const error = dialog().locator('.day[data-weekday="1"] .period[data-position="1"] [data-test=period-error-to]')
    await error.waitFor()
    expect(await error.innerText()).toBe('结束时间应晚于开始时间。')
    expect((await stored()).items).toHaveLength(2)
    await capture('calendars-business-refused', '.day[data-weekday="1"]')

    await dialog().locator('input[name="to-1-1"]').fill('17:30')
    await dialog().locator('[data-test=copy-monday]').click()
    expect(await dialog().locator('input[name="from-5-1"]').inputValue()).toBe('13:30')
    await dialog().locator('[data-test=business-save]').click()
    await dialog().waitFor({ state: 'hidden' })

    await expect.poll(() => row(NAME).count()).toBe(1)
    expect(await row(NAME).locator('[data-test=business-hours]').innerText()).toBe('周一至周五 08:00–12:00、13:30–17:30')
    const created = (await stored()).items.find((c) => c.name === NAME)!
    expect(created.builtIn).toBe(false)
    expect(created.periods).toHaveLength(10)
    expect(created.periods.filter((p) => p.weekday === 3)).toEqual([
      { weekday: 3, from: '08:00', to: '12:00' },
      { weekday: 3, from: '13:30', to: '17:30' },
    ])
  })

  it('3. a calendar an SLA policy names is not deleted, and the refusal says which policy; once free it is deleted', async () => {
    const csrf = { 'X-CSRF-Token': (await context.cookies()).find((c) => c.name === 'hops_csrf')?.value ?? '' }
    const calendar = (await stored()).items.find((c) => c.name === NAME)!
    const policy = await page.request.post('/api/v1/service-desk/sla-policies', {
      headers: csrf,
      data: { name: 'P1 故障（门诊）', priority: 1, calendarId: calendar.id, responseMinutes: 30 },
    })
    expect(policy.ok(), await policy.text()).toBe(true)
    const policyId = ((await policy.json()) as { id: number }).id

    await row(NAME).locator('[data-test=business-delete]').click()
    let box = page.locator('.el-message-box')
    await box.waitFor()
    expect(await box.innerText()).toContain(`删除服务时间“${NAME}”`)
    await box.locator('.el-button--primary').click()
    await expect.poll(() => page.locator('.el-message-box').innerText()).toContain('SLA 策略 P1 故障（门诊）')
    const refusal = await page.locator('.el-message-box').innerText()
    expect(refusal).toContain('未能删除')
    expect(refusal).toContain(`“${NAME}”正在使用中，不能删除`)
    await capture('calendars-business-delete-refused', '.el-message-box')
    await page.locator('.el-message-box .el-button--primary').click()
    expect((await stored()).items).toHaveLength(3)

    const removed = await page.request.delete(`/api/v1/service-desk/sla-policies/${policyId}`, { headers: csrf })
    expect(removed.ok(), await removed.text()).toBe(true)
    await row(NAME).locator('[data-test=business-delete]').click()
    box = page.locator('.el-message-box')
    await box.waitFor()
    await box.locator('.el-button--primary').click()
    await expect.poll(() => row(NAME).count()).toBe(0)
    expect((await stored()).items.map((c) => c.name).sort()).toEqual(['7×24', '工作时间（周一至周五 8:00–18:00）'].sort())
    // a built-in calendar offers no delete
    expect(await row('7×24').locator('[data-test=business-delete]').count()).toBe(0)
  })

  it('4. on a phone the calendars are cards and the editor fills the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('[data-test=business-cards]').waitFor()
    expect(await page.locator('[data-test=business-cards] .record-card').count()).toBe(2)
    await page.locator('[data-test=business-cards] .record-card', { hasText: '7×24' }).locator('[data-test=business-edit]').click()
    await dialog().waitFor()
    expect(await page.locator('[data-test=business-dialog].is-fullscreen, .is-fullscreen[data-test=business-dialog]').count()).toBe(1)
    expect(await dialog().locator('[data-test=business-week]').count()).toBe(0)
    await page.setViewportSize({ width: 1440, height: 900 })
    await capture('calendars-business-edit-always-open')
    await dialog().locator('.el-dialog__headerbtn').click()
    expect(problems).toEqual([])
  })
})
