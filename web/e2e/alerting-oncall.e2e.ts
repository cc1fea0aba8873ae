/**
 * Who is on call and who hears next, through the real host (demo hospital and its people) and Debian's chromium: under
 * 告警 → 值班表 an administrator builds the IT department's roster of 陈浩 and 刘洋 (put in order with the arrows), with
 * 吴刚 on a holiday and 孙丽 covering one evening — a name that is not a user is refused beside its field — and the
 * month's calendar shows them taking turns, the holiday and the override set apart. Under 升级策略 a policy of two steps
 * is saved (a second step earlier than the first is refused beside it) and listed in words; a route under 通知路由 takes
 * both, and the roster cannot be deleted while the route uses it. Under 维护窗口 a window every Saturday 22:00 for three
 * hours shows on every Saturday of the calendar, into Sunday's small hours. An engineer, who may not list users, builds a
 * roster by typing user names. Screenshots at 1440 and 390 px wide.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { DESKTOP, PHONE, launchChromium, newContext, screenshotPath, openFromMenu, captureBothWidths } from './support/browser'
import { startHost, type RunningHost } from './support/host'

let host: RunningHost
let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []
const shots: string[] = []

const ADMIN_PASSWORD = 'Hosp#Secure2026'
const DUTY_MAIL = '信息科值班邮件组'
const DIRECTOR_MAIL = '信息科主任邮箱'
const ROSTER = '信息科值班'
const POLICY = '紧急告警逐级升级'
const ROUTE = '紧急告警通知值班人员'
const WINDOW = 'HIS 周末维护'
const NIGHT_ROSTER = '基础设施夜间值班'
const ENGINEER = { userName: 'zhou.ping', displayName: '周平', initial: 'Init#Pass2026', password: 'Zp#Secure2026' }

// The hospital's date now (UTC+8), and the days of this month the journey looks at.
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const MONTH = TODAY.slice(0, 7)
const day = (n: number) => `${MONTH}-${String(n).padStart(2, '0')}`
const DAYS_IN_MONTH = new Date(Date.UTC(Number(MONTH.slice(0, 4)), Number(MONTH.slice(5, 7)), 0)).getUTCDate()
const weekdayOf = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay()
const SATURDAYS = Array.from({ length: DAYS_IN_MONTH }, (_, i) => day(i + 1)).filter((d) => weekdayOf(d) === 6)
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

async function chooseOption(select: Locator, optionText: string | RegExp) {
  await select.click()
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first()
  await option.waitFor()
  await option.click()
}

async function csrf(): Promise<string> {
  return (await context.cookies()).find((c) => c.name === 'hops_csrf')?.value ?? ''
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
    await page?.screenshot({ path: screenshotPath(`FAILED-alerting-oncall-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.stop()
  console.log(`on-call screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('On call, escalation and the maintenance calendar', () => {
  it('1. admin signs in; two e-mail channels exist to notify through', async () => {
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

    // Channels are the notifications journey's subject; here they are made through the API.
    for (const [name, to] of [
      [DUTY_MAIL, 'it-duty@hospital.local'],
      [DIRECTOR_MAIL, 'wang.jun@hospital.local'],
    ]) {
      const created = await page.request.post('/api/v1/alerting/channels', {
        headers: { 'X-CSRF-Token': await csrf() },
        data: { name, type: 'email', language: 'zh-CN', settings: { host: 'smtp.hospital.local', port: 587, security: 'starttls', from: 'hospitalops@hospital.local', to: [to] }, secrets: {}, ratePerMinute: 60, enabled: true },
      })
      expect(created.status(), await created.text()).toBe(201)
    }
  })

  it('2. a roster of 陈浩 and 刘洋 is built under 告警 → 值班表, put in order with the arrows; an unknown name is refused beside its field', async () => {
    await openFromMenu(page, 'alerting', 'alertingOncall')
    await page.waitForURL('**/alerting/oncall')
    // The demo hospital's own roster is listed once the page has loaded.
    await expect.poll(() => page.locator('[data-test=roster-table]').innerText()).toContain('信息科日常值班')
    await page.locator('[data-test=roster-create]').click()
    const dialog = page.locator('[data-test=roster-dialog]')
    await dialog.locator('input[name=rosterName]').fill(ROSTER)

    // 刘洋 first, then 陈浩 (found by user name), then 陈浩 moved up
    const participants = dialog.locator('[data-test=roster-participants]')
    await chooseOption(participants.locator('[data-test=roster-participants-add]'), '刘洋')
    // The first choice's dropdown (which also lists 陈浩) must be gone, or the next click lands in it while it closes.
    await expect.poll(() => page.locator('.el-select-dropdown__item:visible').count()).toBe(0)
    await expect.poll(() => participants.locator('[data-person]').count()).toBe(1)
    await participants.locator('[data-test=roster-participants-add]').click()
    await participants.locator('[data-test=roster-participants-add] input').fill('chen')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '陈浩' }).first().click()
    await expect.poll(() => participants.locator('[data-person]').count()).toBe(2)
    expect(await participants.locator('[data-person]').evaluateAll((els) => els.map((e) => e.getAttribute('data-person')))).toEqual(['liu.yang', 'chen.hao'])
    await participants.locator('[data-person="chen.hao"] [data-test=person-up]').click()
    expect(await participants.locator('[data-person]').evaluateAll((els) => els.map((e) => e.getAttribute('data-person')))).toEqual(['chen.hao', 'liu.yang'])

    // turns counted from the 1st of this month
    const anchor = dialog.locator('input[name=rosterAnchor]')
    await anchor.fill(day(1))
    await anchor.press('Enter')
    await dialog.locator('input[name=rosterName]').click()

    // 吴刚 has the 10th, a holiday
    const holidayPeople = dialog.locator('[data-test=roster-holiday-participants] [data-person]')
    for (let attempt = 0; attempt < 3 && (await holidayPeople.count()) === 0; attempt++) {
      // an earlier dropdown may still be closing: close it and choose again until 吴刚 is listed
      await dialog.locator('input[name=rosterName]').click()
      await chooseOption(dialog.locator('[data-test=roster-holiday-participants-add]'), '吴刚')
      await expect.poll(() => holidayPeople.count(), { timeout: 2000 }).toBe(1).catch(() => undefined)
    }
    expect(await holidayPeople.evaluateAll((els) => els.map((e) => e.getAttribute('data-person')))).toEqual(['wu.gang'])
    await dialog.locator('input[name=rosterHolidays]').click()
    const panel = page.locator('.el-picker-panel:visible')
    await panel.locator('.el-date-table td.available', { hasText: /^\s*10\s*$/ }).first().click()
    const confirm = panel.locator('.el-picker-panel__footer .el-button', { hasText: '确定' })
    if (await confirm.count()) await confirm.click()
    else await dialog.locator('input[name=rosterName]').click()
    await expect.poll(() => dialog.locator('.holiday-tags').innerText()).toContain(day(10))

    // an override for the evening of the 12th, first with a name that is not a user
    await dialog.locator('[data-test=override-add]').click()
    for (const [input, value] of [
      ['overrideFrom0', `${day(12)} 20:00`],
      ['overrideTo0', `${nextDay(day(12))} 08:00`],
    ]) {
      const field = dialog.locator(`input[name=${input}]`)
      await field.fill(value)
      await field.press('Enter')
    }
    await dialog.locator('input[name=overrideReason0]').fill('调班')
    const overrideUser = dialog.locator('[data-test=override-user-0]')
    await overrideUser.click()
    await overrideUser.locator('input').fill('no.such.user')
    await overrideUser.locator('input').press('Enter')
    await dialog.locator('input[name=rosterName]').click()
    await dialog.locator('[data-test=roster-save]').click()
    const userError = dialog.locator('[data-override="0"] .el-form-item__error')
    await userError.waitFor()
    expect(await userError.innerText()).toContain('不是平台用户')
    await capture('alerting-oncall-form', '[data-test=roster-overrides]')

    await chooseOption(overrideUser, '孙丽')
    await dialog.locator('input[name=rosterName]').click()
    await dialog.locator('[data-test=roster-save]').click()
    await dialog.waitFor({ state: 'hidden' })

    const saved = ((await (await page.request.get('/api/v1/alerting/oncall-schedules')).json()) as { name: string; participants: string[]; holidays: string[]; holidayParticipants: string[]; overrides: { from: string; to: string; user: string }[]; anchorDate: string }[]).find(
      (s) => s.name === ROSTER,
    )
    expect(saved?.participants).toEqual(['chen.hao', 'liu.yang'])
    expect(saved?.anchorDate).toBe(day(1))
    expect(saved?.holidays).toEqual([day(10)])
    expect(saved?.holidayParticipants).toEqual(['wu.gang'])
    expect(saved?.overrides.map((o) => [Date.parse(o.from), Date.parse(o.to), o.user])).toEqual([
      [Date.parse(`${day(12)}T20:00:00+08:00`), Date.parse(`${nextDay(day(12))}T08:00:00+08:00`), 'sun.li'],
    ])
    expect(problems).toEqual([])
  })

  it('3. the list says who is on duty now and the calendar shows them taking turns, the holiday and the override set apart', async () => {
    const row = page.locator('[data-test=roster-table] .el-table__row', { hasText: ROSTER }).first()
    await expect.poll(() => row.innerText()).toContain('陈浩 → 刘洋')
    expect(await row.innerText()).toContain('每人 1 天，08:00 交接')
    expect(await row.innerText()).toContain('1 个节假日由 吴刚（DBA） 轮值')
    expect(await row.locator('[data-test=on-duty]').innerText()).toMatch(/陈浩|刘洋|吴刚|孙丽/)

    const calendar = page.locator('[data-test=roster-calendar]')
    const cell = (d: string) => calendar.locator(`.cal-cell[data-day="${d}"]`)
    await expect.poll(() => cell(day(1)).locator('.shift').count()).toBeGreaterThan(0)
    const onDay = (d: string) => cell(d).locator('.shift').evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind'), e.getAttribute('data-user'), (e as HTMLElement).innerText.replace(/\s+/g, '')]))
    // odd days 陈浩, even days 刘洋, each from the 08:00 hand-over
    expect(await onDay(day(1))).toEqual([['rotation', 'chen.hao', '陈浩']])
    expect(await onDay(day(2))).toEqual([['rotation', 'liu.yang', '刘洋']])
    expect(await onDay(day(3))).toEqual([['rotation', 'chen.hao', '陈浩']])
    expect(await onDay(day(11))).toEqual([['rotation', 'chen.hao', '陈浩']])
    // the 10th is a holiday: 吴刚, marked
    expect(await onDay(day(10))).toEqual([['holiday', 'wu.gang', '吴刚（DBA）']])
    expect(await cell(day(10)).locator('.holiday-mark').innerText()).toBe('节假日')
    // the 12th: 刘洋 until 20:00, then 孙丽 overnight
    expect(await onDay(day(12))).toEqual([
      ['rotation', 'liu.yang', '08:00–20:00刘洋'],
      ['override', 'sun.li', '20:00–08:00（次日）孙丽（调班）'],
    ])
    const colours = await calendar.locator(`.cal-cell[data-day="${day(12)}"] .shift, .cal-cell[data-day="${day(10)}"] .shift`).evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor))
    expect(new Set(colours).size).toBe(3)
    await capture('alerting-oncall')

    // on a phone the calendar is a list of days
    await page.setViewportSize(PHONE)
    const list = page.locator('[data-test=roster-calendar] [data-test=calendar-list]')
    await list.waitFor()
    expect(await list.locator(`.cal-row[data-day="${day(12)}"]`).innerText()).toContain('孙丽')
    await page.setViewportSize(DESKTOP)
    expect(problems).toEqual([])
  })

  it('4. an escalation policy of two steps is saved under 告警 → 升级策略 and listed in words', async () => {
    await openFromMenu(page, 'alerting', 'alertingEscalation')
    await page.waitForURL('**/alerting/escalation')
    await page.locator('[data-test=policy-create]').click()
    const dialog = page.locator('[data-test=policy-dialog]')
    await dialog.locator('input[name=policyName]').fill(POLICY)
    // step 1: after 10 minutes, whoever is on duty, by the duty mail group
    expect(await dialog.locator('input[name=stepMinutes0]').inputValue()).toBe('10')
    await chooseOption(dialog.locator('[data-test=step-schedule-0]'), ROSTER)
    await chooseOption(dialog.locator('[data-test=step-channels-0]'), DUTY_MAIL)
    await dialog.locator('input[name=policyName]').click()
    // step 2: the director, through both channels — first set earlier than step 1
    await dialog.locator('[data-test=step-add]').click()
    const minutes = dialog.locator('input[name=stepMinutes1]')
    expect(await minutes.inputValue()).toBe('25')
    await minutes.fill('5')
    await dialog.locator('input[name=policyName]').click()
    await chooseOption(dialog.locator('[data-test=step-users-1]'), '王军')
    await dialog.locator('input[name=policyName]').click()
    await chooseOption(dialog.locator('[data-test=step-channels-1]'), DIRECTOR_MAIL)
    await dialog.locator('input[name=policyName]').click()
    await dialog.locator('[data-test=policy-repeat-on]').click()
    await dialog.locator('[data-test=policy-save]').click()
    const minutesError = dialog.locator('[data-step="1"] .el-form-item__error').first()
    await minutesError.waitFor()
    expect(await minutesError.innerText()).toContain('大于上一级')
    await capture('alerting-escalation-form', '[data-step="1"]')

    await minutes.fill('30')
    await dialog.locator('input[name=policyName]').click()
    expect(await dialog.locator('[data-step="1"] [data-test=step-preview]').innerText()).toBe(`30 分钟未确认 → 王军（信息科主任） 经 ${DUTY_MAIL}、${DIRECTOR_MAIL}`)
    await dialog.locator('[data-test=policy-save]').click()
    await dialog.waitFor({ state: 'hidden' })

    const row = page.locator('[data-test=policy-table] .el-table__row', { hasText: POLICY }).first()
    await row.waitFor()
    expect(await row.locator('[data-test=policy-step] > span:last-child').allInnerTexts()).toEqual([
      `10 分钟未确认 → 值班人员（${ROSTER}） 经 ${DUTY_MAIL}`,
      `30 分钟未确认 → 王军（信息科主任） 经 ${DUTY_MAIL}、${DIRECTOR_MAIL}`,
    ])
    expect(await row.locator('[data-test=policy-repeat]').innerText()).toBe('此后每 15 分钟重复最后一级')
    await capture('alerting-escalation')
    expect(problems).toEqual([])
  })

  it('5. a route under 通知路由 takes the roster and the policy; the roster cannot then be deleted', async () => {
    await openFromMenu(page, 'alerting', 'alertingRoutes')
    await page.waitForURL('**/alerting/routes')
    await page.locator('[data-test=route-create]').click()
    const dialog = page.locator('[data-test=route-dialog]')
    await dialog.locator('input[name=routeName]').fill(ROUTE)
    await dialog.locator('[data-test=route-severities] label', { hasText: '紧急' }).click()
    await chooseOption(dialog.locator('[data-test=route-channels]'), DUTY_MAIL)
    await dialog.locator('input[name=routeName]').click()
    // exactly the roster: the channel list closing under it has 信息科值班邮件组
    await chooseOption(dialog.locator('[data-test=route-schedule]'), new RegExp(`^\\s*${ROSTER}\\s*$`))
    await chooseOption(dialog.locator('[data-test=route-escalation]'), POLICY)
    await dialog.locator('[data-test=route-save]').click()
    await dialog.waitFor({ state: 'hidden' })

    const row = page.locator('[data-test=route-table] .el-table__row', { hasText: ROUTE }).first()
    await row.waitFor()
    expect(await row.locator('[data-test=route-schedule]').innerText()).toContain(ROSTER)
    expect(await row.locator('[data-test=route-policy]').innerText()).toContain(POLICY)
    const routes = (await (await page.request.get('/api/v1/alerting/routes')).json()) as { name: string; scheduleId: number | null; escalationPolicyId: number | null }[]
    const saved = routes.find((r) => r.name === ROUTE)
    expect(saved?.scheduleId).toBeGreaterThan(0)
    expect(saved?.escalationPolicyId).toBeGreaterThan(0)

    // editing keeps both
    await row.locator('[data-test=route-edit]').click()
    await dialog.locator('[data-test=route-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    const again = ((await (await page.request.get('/api/v1/alerting/routes')).json()) as typeof routes).find((r) => r.name === ROUTE)
    expect([again?.scheduleId, again?.escalationPolicyId]).toEqual([saved?.scheduleId, saved?.escalationPolicyId])
    // the roster and policy column fits beside the others at desk width: nothing scrolls sideways
    const sideways = await page.locator('[data-test=route-table] .el-table__body-wrapper .el-scrollbar__wrap').first().evaluate((el) => el.scrollWidth - el.clientWidth)
    expect(sideways).toBeLessThanOrEqual(1)
    await capture('alerting-routes-oncall')

    await openFromMenu(page, 'alerting', 'alertingOncall')
    await page.waitForURL('**/alerting/oncall')
    const roster = page.locator('[data-test=roster-table] .el-table__row', { hasText: ROSTER }).first()
    await expect.poll(() => roster.innerText()).toContain(`通知路由：${ROUTE}`)
    expect(await roster.innerText()).toContain(`升级策略：${POLICY}`)
    await roster.locator('[data-test=roster-delete]').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await expect.poll(() => page.locator('.el-message--error').first().innerText()).toContain('仍在使用中')
    expect(await page.locator('[data-test=roster-table]').innerText()).toContain(ROSTER)
    expect(problems).toEqual([])
  })

  it('6. a window every Saturday 22:00 for three hours shows on every Saturday of the maintenance calendar', async () => {
    await openFromMenu(page, 'alerting', 'alertingMaintenance')
    await page.waitForURL('**/alerting/maintenance')
    await page.locator('[data-test=window-create]').click()
    const dialog = page.locator('[data-test=window-dialog]')
    await dialog.locator('input[name=windowName]').fill(WINDOW)
    await dialog.locator('input[name=windowReason]').fill('每周六晚 HIS 数据库例行维护')
    await dialog.locator('input[name=windowCis]').fill('db-his')
    await dialog.locator('[data-test=window-once] label', { hasText: '重复' }).click()
    const weekdays = dialog.locator('[data-test=window-weekdays]')
    await weekdays.locator('label', { hasText: '日' }).click()
    await weekdays.locator('label', { hasText: '六' }).click()
    await chooseOption(dialog.locator('[data-test=window-time]'), '22:00')
    await dialog.locator('input[name=windowDuration]').fill('180')
    await dialog.locator('[data-test=window-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.locator('[data-test=window-table]').innerText()).toContain('每周六 22:00，持续 180 分钟')

    await page.locator('.el-tabs__item', { hasText: '日历' }).click()
    await page.waitForURL('**/alerting/maintenance?view=calendar')
    const calendar = page.locator('[data-test=maintenance-calendar]')
    const occurrence = (d: string) => calendar.locator(`.cal-cell[data-day="${d}"] .occurrence[data-window="${WINDOW}"]`)
    await expect.poll(() => occurrence(SATURDAYS[0]).count()).toBe(1)
    for (const saturday of SATURDAYS) {
      expect(await occurrence(saturday).getAttribute('data-recurring')).toBe('true')
      expect((await occurrence(saturday).innerText()).replace(/\s+/g, ' ')).toContain('22:00–01:00（次日）')
      expect((await occurrence(nextDay(saturday)).innerText()).replace(/\s+/g, ' ')).toContain('至 01:00')
    }
    // no other day has it: one Saturday evening and one Sunday morning in each week shown
    const weeksShown = (await calendar.locator('.cal-cell[data-day]').count()) / 7
    expect(await calendar.locator(`.occurrence[data-window="${WINDOW}"]`).count()).toBe(2 * weeksShown)
    await capture('alerting-maintenance-calendar')

    // next month too
    await calendar.locator('[data-test=calendar-next]').click()
    const next = new Date(Date.UTC(Number(MONTH.slice(0, 4)), Number(MONTH.slice(5, 7)), 1)).toISOString().slice(0, 7)
    await expect.poll(() => calendar.getAttribute('data-month')).toBe(next)
    const firstSaturday = Array.from({ length: 7 }, (_, i) => `${next}-0${i + 1}`).find((d) => weekdayOf(d) === 6) ?? ''
    await expect.poll(() => occurrence(firstSaturday).count()).toBe(1)

    // on a phone: a list of the days with maintenance
    await page.setViewportSize(PHONE)
    const list = calendar.locator('[data-test=calendar-list]')
    await list.waitFor()
    expect(await list.locator(`.cal-row[data-day="${firstSaturday}"]`).innerText()).toContain(WINDOW)
    await page.setViewportSize(DESKTOP)
    expect(problems).toEqual([])
  })

  it('7. an engineer, who may not list users, builds a roster by typing user names', async () => {
    const created = await page.request.post('/api/v1/users', {
      headers: { 'X-CSRF-Token': await csrf() },
      data: { userName: ENGINEER.userName, displayName: ENGINEER.displayName, password: ENGINEER.initial, roles: ['engineer'] },
    })
    expect(created.status(), await created.text()).toBe(201)
    const engineerContext = await newContext(browser, host.baseURL)
    try {
      const p = await engineerContext.newPage()
      p.on('pageerror', (e) => problems.push(`engineer page error: ${e.message}`))
      await p.goto('/login')
      await p.locator('input[name=userName]').fill(ENGINEER.userName)
      await p.locator('input[name=password]').fill(ENGINEER.initial)
      await p.locator('[data-test=login-submit]').click()
      await p.waitForURL('**/change-password')
      await p.locator('input[name=currentPassword]').fill(ENGINEER.initial)
      await p.locator('input[name=newPassword]').fill(ENGINEER.password)
      await p.locator('input[name=confirmPassword]').fill(ENGINEER.password)
      await p.locator('[data-test=change-password-submit]').click()
      await p.waitForURL('**/overview')
      expect((await p.request.get('/api/v1/users')).status()).toBe(403)

      await p.goto('/alerting/oncall')
      await p.locator('[data-test=roster-create]').click()
      const dialog = p.locator('[data-test=roster-dialog]')
      await dialog.locator('input[name=rosterName]').fill(NIGHT_ROSTER)
      const add = dialog.locator('[data-test=roster-participants-add]')
      for (const name of ['zheng.tao', 'ma.chao']) {
        await add.click()
        await add.locator('input').fill(name)
        await add.locator('input').press('Enter')
      }
      const people = dialog.locator('[data-test=roster-participants] [data-person]')
      await expect.poll(() => people.count()).toBe(2)
      expect(await people.evaluateAll((els) => els.map((e) => e.getAttribute('data-person')))).toEqual(['zheng.tao', 'ma.chao'])
      expect(await dialog.innerText()).toContain('填写平台用户的登录名')
      await dialog.locator('input[name=rosterName]').click()
      await dialog.locator('[data-test=roster-save]').click()
      await dialog.waitFor({ state: 'hidden' })
      const row = p.locator('[data-test=roster-table] .el-table__row', { hasText: NIGHT_ROSTER }).first()
      await expect.poll(() => row.innerText()).toContain('zheng.tao → ma.chao')
      expect(await p.locator('.el-message--error').count()).toBe(0)
    } finally {
      await engineerContext.close()
    }
    expect(problems).toEqual([])
  })
})
