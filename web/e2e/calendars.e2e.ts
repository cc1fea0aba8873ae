/**
 * The hospital's holiday calendar through the real host and Debian's chromium: under 系统 → 工作日历 an administrator
 * finds 2026 not entered yet (SLA clocks and baselines then treat every weekday as a working day), pastes the State
 * Council's notice for 2026, sees what it gives before anything is stored, saves it in place of the year's days and
 * finds the days off and the worked weekend days (10月10日 调休上班) on the calendar and the festivals listed. A notice
 * with a wrong weekday is refused with the server's message in the dialog and changes nothing. A day is then set by
 * hand and saved with the year. Screenshots at 1440 and 390 px wide.
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
const YEAR = 2026
const NOTICE_2026 = `一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
`
// 10月1日 2026 is a Thursday; this notice says Friday
const WRONG_WEEKDAY = NOTICE_2026.replace('10月1日（周四）', '10月1日（周五）')

interface Day {
  date: string
  kind: string
  festival: string | null
}

async function storedDays(): Promise<Day[]> {
  const response = await page.request.get(`/api/v1/calendars/holidays/${YEAR}`)
  expect(response.status()).toBe(200)
  return (await response.json()) as Day[]
}

const cell = (date: string) => page.locator(`[data-test=work-calendar] .layout [data-date="${date}"]`)

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
    await page?.screenshot({ path: screenshotPath(`FAILED-calendars-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.stop()
  console.log(`calendar screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('The work calendar', () => {
  it('1. admin opens 系统 → 工作日历: the demo has 2026; cleared, the page says what a year not entered means', async () => {
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
    // the page opens on this year; walk to 2026 whatever today is
    const title = page.locator('[data-test=year-title]')
    for (let i = 0; i < 20 && !(await title.innerText()).includes(String(YEAR)); i++) {
      const shown = Number((await title.innerText()).match(/\d{4}/)?.[0])
      await page.locator(shown > YEAR ? '[data-test=year-previous]' : '[data-test=year-next]').click()
    }
    expect(await title.innerText()).toContain(String(YEAR))

    // the demo hospital comes with 2026 as the State Council arranged it; the administrator clears it to import it anew
    await expect.poll(() => cell('2026-10-10').getAttribute('data-kind')).toBe('workday')
    expect((await storedDays()).length).toBe(33 + 6)
    const cleared = await page.request.put(`/api/v1/calendars/holidays/${YEAR}`, {
      headers: { 'X-CSRF-Token': (await context.cookies()).find((c) => c.name === 'hops_csrf')?.value ?? '' },
      data: { days: [] },
    })
    expect(cleared.status(), await cleared.text()).toBe(200)
    await page.reload()

    const empty = page.locator('[data-test=calendar-empty]')
    await empty.waitFor()
    expect(await empty.innerText()).toContain('2026 年的节假日尚未录入')
    expect(await empty.innerText()).toContain('每个周一至周五都当作工作日')
    // twelve months, Monday first: 2026-10-01 is a Thursday, the fourth place of its first week
    expect(await page.locator('[data-test=work-calendar] .layout .month').count()).toBe(12)
    const october = page.locator('[data-test=work-calendar] .layout .month[data-month="10"] .month-grid > *')
    expect(await october.nth(7 + 3).getAttribute('data-date')).toBe('2026-10-01')
  })

  it('2. the State Council notice is pasted and previewed (nothing stored yet), then saved in place of the year’s days', async () => {
    await page.locator('[data-test=calendar-empty-import]').click()
    const dialog = page.locator('[data-test=notice-dialog]')
    await dialog.locator('textarea[name=noticeText]').fill(NOTICE_2026)
    await dialog.locator('[data-test=notice-preview-button]').click()
    const preview = dialog.locator('[data-test=notice-preview]')
    await preview.waitFor()
    const list = await preview.locator('[data-test=festival-list]').innerText()
    expect(list).toContain('春节')
    expect(list).toContain('2月15日–23日，9天')
    expect(list).toContain('2月14日、2月28日上班')
    expect(list).toContain('国庆节')
    expect(list).toContain('9月20日、10月10日上班')
    expect(list).toContain('共 33 天放假，6 天调休上班')
    expect(await preview.locator('[data-date="2026-10-10"]').getAttribute('data-kind')).toBe('workday')
    expect(await preview.locator('[data-date="2026-10-01"]').getAttribute('data-kind')).toBe('holiday')
    // a preview stores nothing
    expect(await storedDays()).toEqual([])
    await capture('calendars-import', '[data-test=notice-preview]')

    await dialog.locator('[data-test=notice-save]').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    expect(await box.innerText()).toContain('替换为这份通知的 39 天')
    await box.locator('.el-button--primary').click()
    await dialog.waitFor({ state: 'hidden' })

    const days = await storedDays()
    expect(days).toHaveLength(39)
    expect(days.find((d) => d.date === '2026-10-10')).toEqual({ date: '2026-10-10', kind: 'workday', festival: '国庆节' })
  })

  it('3. the calendar marks the days off and the worked weekend days, and lists the festivals', async () => {
    await expect.poll(() => cell('2026-10-10').getAttribute('data-kind')).toBe('workday')
    expect(await cell('2026-10-01').getAttribute('data-kind')).toBe('holiday')
    expect(await cell('2026-02-15').getAttribute('data-kind')).toBe('holiday')
    expect(await cell('2026-10-08').getAttribute('data-kind')).toBe('normal')
    expect(await cell('2026-10-10').getAttribute('title')).toContain('调休上班')
    expect(await cell('2026-10-10').getAttribute('title')).toContain('国庆节')
    expect(await page.locator('[data-test=calendar-empty]').count()).toBe(0)

    // a tap says what the day is, under its month
    await cell('2026-10-10').click()
    expect(await page.locator('[data-test=work-calendar] .month[data-month="10"] [data-test=day-info]').innerText()).toBe('10月10日（周六） · 调休上班 · 国庆节')

    const festivals = await page.locator('[data-test=work-calendar] .side [data-test=festival-list]').innerText()
    for (const line of ['元旦', '1月1日–3日，3天', '清明节', '4月4日–6日，3天', '劳动节', '5月1日–5日，5天', '5月9日上班', '端午节', '中秋节', '10月1日–7日，7天']) {
      expect(festivals).toContain(line)
    }
    await capture('calendars-year')
  })

  it('4. a notice with a wrong weekday is refused with the server’s message in the dialog, and nothing is stored', async () => {
    const before = await storedDays()
    await page.locator('[data-test=calendar-import]').click()
    const dialog = page.locator('[data-test=notice-dialog]')
    await dialog.locator('textarea[name=noticeText]').fill(WRONG_WEEKDAY)
    await dialog.locator('[data-test=notice-preview-button]').click()
    const error = dialog.locator('[data-test=notice-error]')
    await error.waitFor()
    const message = await error.innerText()
    expect(message).toContain('国庆节')
    expect(message).toContain('周五')
    expect(await dialog.locator('[data-test=notice-preview]').count()).toBe(0)
    expect(await dialog.locator('[data-test=notice-save]').isDisabled()).toBe(true)
    await capture('calendars-import-refused', '[data-test=notice-error]')
    await dialog.locator('.el-dialog__headerbtn').click()
    await dialog.waitFor({ state: 'hidden' })
    expect(await storedDays()).toEqual(before)
  })

  it('5. a day set by hand (12月31日 放假, 元旦) is saved with the year; 取消 discards an edit', async () => {
    await page.locator('[data-test=calendar-edit]').click()
    await page.locator('[data-test=editing-hint]').waitFor()
    await cell('2026-12-31').click()
    const dayDialog = page.locator('[data-test=day-dialog]')
    await dayDialog.waitFor()
    // a Thursday cannot be a make-up working day
    expect(await dayDialog.locator('[data-test=day-choice]').innerText()).not.toContain('调休上班')
    await dayDialog.locator('[data-test=day-choice] .el-radio-button', { hasText: '放假' }).click()
    await dayDialog.locator('input[name=dayFestival]').fill('元旦')
    await dayDialog.locator('[data-test=day-apply]').click()
    await dayDialog.waitFor({ state: 'hidden' })
    expect(await cell('2026-12-31').getAttribute('data-kind')).toBe('holiday')
    await page.locator('[data-test=calendar-unsaved]').waitFor()
    await page.locator('[data-test=calendar-save]').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    expect(await box.innerText()).toContain('40 天')
    await box.locator('.el-button--primary').click()
    await page.locator('[data-test=calendar-edit]').waitFor()
    expect((await storedDays()).find((d) => d.date === '2026-12-31')).toEqual({ date: '2026-12-31', kind: 'holiday', festival: '元旦' })

    // an edit given up leaves the stored year as it was
    await page.locator('[data-test=calendar-edit]').click()
    await cell('2026-10-10').click()
    await dayDialog.locator('[data-test=day-choice] .el-radio-button', { hasText: '普通' }).click()
    await dayDialog.locator('[data-test=day-apply]').click()
    expect(await cell('2026-10-10').getAttribute('data-kind')).toBe('normal')
    await page.locator('[data-test=calendar-cancel]').click()
    expect(await cell('2026-10-10').getAttribute('data-kind')).toBe('workday')
    expect((await storedDays()).find((d) => d.date === '2026-10-10')?.kind).toBe('workday')
    expect(problems).toEqual([])
  })
})
