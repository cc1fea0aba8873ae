/**
 * Where alerts are sent, through the real host (demo hospital) and Debian's chromium: an engineer opens 告警 → 通知渠道,
 * adds a WeCom group robot whose URL points at a small robot this test runs on 127.0.0.1, presses 测试 and sees the
 * robot's answer — and the robot got a text message naming HospitalOps; the robot key never comes back to the page, and
 * saving without retyping it keeps it. Under 告警 → 通知路由 a route sends 紧急 alerts in office hours to that channel; the
 * routes are put in another order by dragging one onto another, and on a phone with 上移/下移; the channel can then not be
 * deleted. Screenshots at 1440 and 390 px wide.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { launchChromium, newContext, screenshotPath, openFromMenu, captureBothWidths, DESKTOP, PHONE } from './support/browser'
import { startHost, type RunningHost } from './support/host'

let host: RunningHost
let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []
const shots: string[] = []

const ADMIN_PASSWORD = 'Hosp#Secure2026'
const CHANNEL = '信息科值班群（企业微信）'
const MAIL = '信息科邮件组'
const ROUTE = '紧急告警白天发值班群'
const DB_ROUTE = 'HIS 数据库告警发邮件组'
const ROBOT_KEY = 'e2e-robot-key-0f3a'

/** A stand-in WeCom robot: records what it is sent and answers as WeCom does when a message is accepted. */
interface RobotRequest {
  method: string
  url: string
  body: string
}
let robot: Server
let robotUrl = ''
const received: RobotRequest[] = []

function startRobot(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') })
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end('{"errcode":0,"errmsg":"ok"}')
      })
    })
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

async function chooseOption(select: Locator, optionText: string) {
  await select.click()
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
  robot = await startRobot()
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send`
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
    await page?.screenshot({ path: screenshotPath(`FAILED-alerting-notifications-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.stop()
  await new Promise((r) => (robot ? robot.close(r) : r(undefined)))
  console.log(`alerting notification screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('Alerting notifications', () => {
  it('1. admin signs in', async () => {
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
  })

  it('2. a WeCom robot channel is added under 告警 → 通知渠道; its key is not shown again', async () => {
    await openFromMenu(page, 'alerting', 'alertingChannels')
    await page.waitForURL('**/alerting/channels')
    await page.locator('[data-test=channel-create]').click()
    const dialog = page.locator('[data-test=channel-dialog]')
    await dialog.locator('input[name=channelName]').fill(CHANNEL)
    await chooseOption(dialog.locator('[data-test=channel-type]'), '企业微信群机器人')
    // the robot's settings replace the e-mail ones, and its URL is asked for as a secret
    await dialog.locator('[data-setting=messageType]').waitFor()
    expect(await dialog.locator('[data-setting=host]').count()).toBe(0)
    const url = dialog.locator('input[name="secrets.url"]')
    expect(await url.getAttribute('type')).toBe('password')
    expect(await url.getAttribute('placeholder')).toContain('qyapi.weixin.qq.com')
    await dialog.locator('[data-setting=mentionMobiles] textarea').fill('13800000001')
    await url.fill(`${robotUrl}?key=${ROBOT_KEY}`)
    await capture('alerting-channel-form', '[data-test=channel-dialog] [data-secret=url]')
    await dialog.locator('[data-test=channel-save]').click()

    const table = page.locator('[data-test=channel-table]')
    await expect.poll(() => table.innerText()).toContain(CHANNEL)
    const row = table.locator('.el-table__row', { hasText: CHANNEL }).first()
    const text = await row.innerText()
    expect(text).toContain('企业微信群机器人')
    expect(text).toContain(robotUrl)
    expect(text).toContain('20 条/分钟')
    expect(text).toContain('成功 0')
    expect(await page.content()).not.toContain(ROBOT_KEY)
    expect(problems).toEqual([])
  })

  it('3. 测试 sends a message through the robot and shows its answer', async () => {
    const row = page.locator('[data-test=channel-table] .el-table__row', { hasText: CHANNEL }).first()
    await row.locator('[data-test=channel-test]').click()
    const result = page.locator('[data-test=channel-test-result]')
    await result.waitFor({ timeout: 30_000 })
    expect(await result.getAttribute('data-sent')).toBe('true')
    expect(await result.innerText()).toContain('测试消息已送达')
    expect(await result.locator('[data-test=channel-test-detail]').innerText()).toBe('errcode 0: ok')

    expect(received).toHaveLength(1)
    const request = received[0]
    expect(request.method).toBe('POST')
    expect(request.url).toBe(`/cgi-bin/webhook/send?key=${ROBOT_KEY}`)
    const message = JSON.parse(request.body) as { msgtype: string; text: { content: string; mentioned_mobile_list: string[] } }
    expect(message.msgtype).toBe('text')
    expect(message.text.content).toContain('HospitalOps')
    expect(message.text.mentioned_mobile_list).toEqual(['13800000001'])
    await page.locator('[data-test=channel-test-dialog] .el-dialog__footer .el-button').click()
    await result.waitFor({ state: 'hidden' })
  })

  it('4. editing without retyping the robot URL keeps it', async () => {
    const row = page.locator('[data-test=channel-table] .el-table__row', { hasText: CHANNEL }).first()
    await row.locator('[data-test=channel-edit]').click()
    const dialog = page.locator('[data-test=channel-dialog]')
    const secret = dialog.locator('[data-secret=url]')
    expect(await secret.locator('[data-test=secret-state]').innerText()).toBe('已设置')
    expect(await secret.locator('input').inputValue()).toBe('')
    expect(await secret.locator('input').getAttribute('placeholder')).toBe('已设置，留空则保持不变')
    await dialog.locator('[data-setting=mentionMobiles] textarea').fill('')
    await dialog.locator('[data-test=channel-save]').click()
    await dialog.waitFor({ state: 'hidden' })

    await row.locator('[data-test=channel-test]').click()
    const result = page.locator('[data-test=channel-test-result]')
    await result.waitFor({ timeout: 30_000 })
    expect(await result.getAttribute('data-sent')).toBe('true')
    expect(received).toHaveLength(2)
    expect(received[1].url).toBe(`/cgi-bin/webhook/send?key=${ROBOT_KEY}`)
    expect((JSON.parse(received[1].body) as { text: { mentioned_mobile_list: string[] } }).text.mentioned_mobile_list).toEqual([])
    await page.locator('[data-test=channel-test-dialog] .el-dialog__footer .el-button').click()
    await result.waitFor({ state: 'hidden' })
    expect(problems).toEqual([])
  })

  it('5. an e-mail channel without a sender is refused with the reason beside the field, then saved', async () => {
    await page.locator('[data-test=channel-create]').click()
    const dialog = page.locator('[data-test=channel-dialog]')
    await dialog.locator('input[name=channelName]').fill(MAIL)
    await chooseOption(dialog.locator('[data-test=channel-type]'), '电子邮件（SMTP）')
    await dialog.locator('input[name="settings.host"]').fill('smtp.hospital.local')
    await dialog.locator('[data-setting=to] textarea').fill('it-duty@hospital.local\ndba@hospital.local')
    await dialog.locator('[data-test=channel-save]').click()
    const fromError = dialog.locator('[data-setting=from] .el-form-item__error')
    await fromError.waitFor()
    expect((await fromError.innerText()).trim()).not.toBe('')
    // STARTTLS on 587 by default; SSL brings its own port
    expect(await dialog.locator('input[name="settings.port"]').inputValue()).toBe('587')
    await chooseOption(dialog.locator('[data-setting=security] .el-select'), 'SSL/TLS')
    await expect.poll(() => dialog.locator('input[name="settings.port"]').inputValue()).toBe('465')
    await dialog.locator('input[name="settings.from"]').fill('hospitalops@hospital.local')
    await dialog.locator('[data-test=channel-save]').click()
    await dialog.waitFor({ state: 'hidden' })

    const row = page.locator('[data-test=channel-table] .el-table__row', { hasText: MAIL }).first()
    await row.waitFor()
    expect(await row.innerText()).toContain('smtp.hospital.local:465')
    expect(await row.innerText()).toContain('60 条/分钟')
    await capture('alerting-channels')
    expect(problems).toEqual([])
  })

  it('6. routes send 紧急 alerts in office hours to the robot, and HIS database alerts to the mail group (告警 → 通知路由)', async () => {
    await openFromMenu(page, 'alerting', 'alertingRoutes')
    await page.waitForURL('**/alerting/routes')
    await page.locator('[data-test=route-create]').click()
    const dialog = page.locator('[data-test=route-dialog]')
    await dialog.locator('input[name=routeName]').fill(ROUTE)
    await dialog.locator('[data-test=route-severities] label', { hasText: '紧急' }).click()
    await dialog.locator('[data-test=route-hours] label', { hasText: '仅在以下时段' }).click()
    await chooseOption(dialog.locator('[data-test=route-channels]'), CHANNEL)
    await dialog.locator('input[name=routeName]').click()
    // office hours by default: 08:00–18:00, Monday to Friday ticked
    expect(await dialog.locator('[data-test=route-days] .is-checked').allInnerTexts()).toEqual(['一', '二', '三', '四', '五'])
    await capture('alerting-route-form', '[data-test=route-days]')
    await dialog.locator('[data-test=route-save]').click()
    await dialog.waitFor({ state: 'hidden' })

    const table = page.locator('[data-test=route-table]')
    await expect.poll(() => table.innerText()).toContain(ROUTE)
    const text = await table.locator('.el-table__row', { hasText: ROUTE }).first().innerText()
    expect(text).toContain('紧急')
    expect(text).toContain(CHANNEL)
    expect(text).toContain('08:00–18:00 周一至周五')

    const routes = (await (await page.request.get('/api/v1/alerting/routes')).json()) as { name: string; match: { severities: string[]; hours: { days: number[] } }; channels: number[] }[]
    const saved = routes.find((r) => r.name === ROUTE)
    expect(saved?.match.severities).toEqual(['critical'])
    expect(saved?.match.hours.days).toEqual([1, 2, 3, 4, 5])
    expect(saved?.channels).toHaveLength(1)

    // the editor offers the CMDB's business systems and CI types by name
    await page.locator('[data-test=route-create]').click()
    await dialog.locator('input[name=routeName]').fill(DB_ROUTE)
    // a multiple choice stays open over the fields below it until the user clicks elsewhere
    await chooseOption(dialog.locator('[data-test=route-businesses]'), '门急诊 HIS')
    await dialog.locator('input[name=routeName]').click()
    await chooseOption(dialog.locator('[data-test=route-ci-types]'), '数据库')
    await dialog.locator('input[name=routeName]').click()
    await dialog.locator('[data-test=label-add]').click()
    await dialog.locator('input[name=labelName0]').fill('team')
    await dialog.locator('input[name=labelValue0]').fill('dba')
    await chooseOption(dialog.locator('[data-test=route-channels]'), MAIL)
    await dialog.locator('input[name=routeName]').click()
    await dialog.locator('[data-test=route-stop]').click()
    await dialog.locator('[data-test=route-save]').click()
    await dialog.waitFor({ state: 'hidden' })

    await expect.poll(() => table.innerText()).toContain(DB_ROUTE)
    const dbRow = await table.locator('.el-table__row', { hasText: DB_ROUTE }).first().innerText()
    expect(dbRow).toContain('门急诊 HIS')
    expect(dbRow).toContain('数据库')
    expect(dbRow).toContain('team = dba')
    expect(dbRow).toContain(MAIL)
    // routes are listed in the order they are tried: the second one after the first
    expect((await table.innerText()).indexOf(ROUTE)).toBeLessThan((await table.innerText()).indexOf(DB_ROUTE))
    await capture('alerting-routes')
    expect(problems).toEqual([])
  })

  it('6b. routes are reordered by dragging one onto another, and on a phone with 上移/下移', async () => {
    const order = async () => ((await (await page.request.get('/api/v1/alerting/routes')).json()) as { name: string }[]).map((r) => r.name)
    const before = await order()
    const first = before.indexOf(ROUTE)
    expect(before.indexOf(DB_ROUTE)).toBe(first + 1)
    const table = page.locator('[data-test=route-table]')
    await table.locator('.el-table__row', { hasText: DB_ROUTE }).locator('[data-test=route-drag]').dragTo(table.locator('.el-table__row', { hasText: ROUTE }).first())
    const dragged = [...before]
    dragged.splice(first, 2, DB_ROUTE, ROUTE)
    await expect.poll(order).toEqual(dragged)
    await expect.poll(async () => (await table.innerText()).indexOf(DB_ROUTE) < (await table.innerText()).indexOf(ROUTE)).toBe(true)

    await page.setViewportSize(PHONE)
    const card = page.locator('[data-test=route-cards] .record-card', { hasText: DB_ROUTE }).first()
    await card.locator('[data-test=route-down]').click()
    await expect.poll(order).toEqual(before)
    await card.scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('alerting-routes-reordered-390') })
    await page.setViewportSize(DESKTOP)
    expect(problems).toEqual([])
  })

  it('7. a channel a route still sends to cannot be deleted', async () => {
    await openFromMenu(page, 'alerting', 'alertingChannels')
    await page.waitForURL('**/alerting/channels')
    const row = page.locator('[data-test=channel-table] .el-table__row', { hasText: CHANNEL }).first()
    await row.locator('[data-test=channel-delete]').click()
    const box = page.locator('.el-message-box')
    expect(await box.innerText()).toContain(CHANNEL)
    await box.locator('.el-button--primary').click()
    await expect.poll(() => page.locator('.el-message--error').first().innerText()).toContain('仍在使用中')
    expect(await page.locator('[data-test=channel-table]').innerText()).toContain(CHANNEL)
    expect(problems).toEqual([])
  })
})
