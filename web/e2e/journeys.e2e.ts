/**
 * The Identity and CMDB journeys through the real host and Debian's chromium, in order: each test
 * starts where the one before it stopped. The host runs `serve --demo`, so the demo hospital's
 * people, units and CMDB (business systems down to servers, 231 CIs with their relations) are there
 * from the start. Every screen is captured at 1440×900 and 390×844, and at 390 px the page must not
 * scroll sideways.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { DESKTOP, PHONE, horizontalOverflow, launchChromium, newContext, screenshotPath, clearToasts, openFromMenu } from './support/browser'
import { startHost, type RunningHost } from './support/host'
import { totpFromBase32 } from './support/totp'

let host: RunningHost
let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []
const shots: string[] = []

const ADMIN_PASSWORD = 'Hosp#Secure2026'
const ENGINEER = { userName: 'zhang.wei', displayName: '张伟', initial: 'Init#Pass2026', password: 'Zw#Secure2026' }
const AUDITOR = { userName: 'audit.liu', displayName: '刘审计', initial: 'Init#Audit2026', password: 'Al#Secure2026' }
let engineerSecret = ''
let enrolledStep = 0

/** Takes away passing toasts so that they do not cover the screen being recorded. */
/**
 * Picks an option of an Element Plus select. The dropdown animates open, and a click that lands
 * while it moves can miss; so the choice is checked and, if it did not take, made again.
 */
async function chooseOption(select: Locator, optionText: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click()
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

/**
 * Screenshots at desktop and phone width; at phone width nothing may overflow sideways.
 * `focus` is scrolled into view first when the subject of the screen is below the fold.
 */
async function capture(name: string, focus?: string) {
  // the pointer rests on the empty middle of the header, not on a row it would highlight
  await page.mouse.move(DESKTOP.width / 2, 5)
  await page.waitForTimeout(300)
  await clearToasts(page)
  if (focus) await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath(`${name}-1440`) })
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(500)
  await clearToasts(page)
  if (focus) await page.locator(focus).first().scrollIntoViewIfNeeded()
  const overflow = await horizontalOverflow(page)
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(scrollWidth, `${name}: page is ${scrollWidth}px wide at 390px`).toBeLessThanOrEqual(PHONE.width + 1)
  expect(overflow).toBeLessThanOrEqual(1)
  await page.screenshot({ path: screenshotPath(`${name}-390`) })
  await page.setViewportSize(DESKTOP)
  await page.waitForTimeout(300)
  shots.push(name)
}

async function login(userName: string, password: string) {
  await page.goto('/login')
  await page.locator('input[name=userName]').fill(userName)
  await page.locator('input[name=password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
}

/** The account page through the user menu; a click that lands while a dialog is still closing is tried again. */
async function openAccount() {
  for (let attempt = 1; ; attempt++) {
    await page.locator('[data-test=user-menu] .el-button').click()
    await page.locator('[data-test=menu-account]').click()
    try {
      await page.waitForURL('**/account', { timeout: 5_000 })
      return
    } catch (error) {
      if (attempt === 3) throw error
    }
  }
}

async function logout() {
  await page.locator('[data-test=user-menu] .el-button').click()
  await page.locator('[data-test=menu-logout]').click()
  await page.waitForURL('**/login')
}

async function changeForcedPassword(current: string, next: string) {
  await page.waitForURL('**/change-password')
  await page.locator('input[name=currentPassword]').fill(current)
  await page.locator('input[name=newPassword]').fill(next)
  await page.locator('input[name=confirmPassword]').fill(next)
  await page.locator('[data-test=change-password-submit]').click()
  await page.waitForURL('**/overview')
}

/** Opens a page from the left menu, as a user would. */
async function createUser(user: { userName: string; displayName: string; initial: string }, roleLabel: string) {
  await page.locator('[data-test=user-create]').click()
  const dialog = page.locator('.el-dialog[data-test=user-dialog]')
  await dialog.waitFor()
  await dialog.locator('input[name=userName]').fill(user.userName)
  await dialog.locator('input[name=displayName]').fill(user.displayName)
  await dialog.locator('input[name=password]').fill(user.initial)
  await chooseOption(dialog.locator('[data-test=roles-select]'), roleLabel)
  await dialog.locator('.el-dialog__header').click()
  await dialog.locator('[data-test=user-save]').click()
  await dialog.waitFor({ state: 'hidden' })
  await expect.poll(() => page.locator('[data-test=users-table]').innerText()).toContain(user.userName)
}

/** Waits until the authenticator shows a code of a later step than any used before (codes are good once). */
async function freshCode(secret: string, after: number): Promise<string> {
  while (Math.floor(Date.now() / 1000 / 30) <= after) {
    await page.waitForTimeout(1000)
  }
  return totpFromBase32(secret)
}

beforeAll(async () => {
  host = await startHost({ demo: true })
  browser = await launchChromium()
  context = await newContext(browser, host.baseURL)
  page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
})

// The journeys build on each other: after one fails, the rest would only fail for that reason.
let failed = false
beforeEach((ctx) => {
  if (failed) ctx.skip()
})
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    failed = true
    await page?.screenshot({ path: screenshotPath(`FAILED-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.stop()
  console.log(`screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('HospitalOps web app', () => {
  it('1. admin signs in with the generated password and is made to change it first', async () => {
    await page.goto('/')
    await page.waitForURL('**/login')
    await expect.poll(() => page.locator('.auth-product').innerText()).toContain('医院运维平台')
    await capture('login')

    // a wrong password: the server's message, in Chinese
    await login('admin', 'not-the-password')
    await expect.poll(() => page.locator('[data-test=login-error]').innerText()).toContain('用户名或密码错误')
    await capture('login-error')

    await login('admin', host.adminPassword)
    await page.waitForURL('**/change-password')
    // nothing else is reachable until the password is changed
    await page.goto('/admin/users')
    await page.waitForURL('**/change-password')
    await capture('change-password-forced')

    // the server's field error appears beside the field
    await page.locator('input[name=currentPassword]').fill(host.adminPassword)
    await page.locator('input[name=newPassword]').fill('short')
    await page.locator('input[name=confirmPassword]').fill('short')
    await page.locator('[data-test=change-password-submit]').click()
    await expect.poll(() => page.locator('.el-form-item__error').first().innerText()).toContain('密码长度至少 8 位')

    await page.locator('input[name=newPassword]').fill(ADMIN_PASSWORD)
    await page.locator('input[name=confirmPassword]').fill(ADMIN_PASSWORD)
    await page.locator('[data-test=change-password-submit]').click()
    await page.waitForURL('**/overview')
    await expect.poll(() => page.locator('[data-test=welcome]').innerText()).toContain('系统管理员')
    await expect.poll(() => page.locator('[data-test=product-name]').innerText()).toMatch(/HospitalOps\s*医院运维平台/)
    await capture('overview')
  })

  it('2. admin creates an engineer', async () => {
    await openFromMenu(page, 'admin', 'users')
    await page.waitForURL('**/admin/users')
    await expect.poll(() => page.locator('[data-test=users-table]').innerText()).toContain('admin')
    await capture('users')

    // a weak password is refused beside the field
    await page.locator('[data-test=user-create]').click()
    const dialog = page.locator('.el-dialog[data-test=user-dialog]')
    await dialog.locator('input[name=userName]').fill(ENGINEER.userName)
    await dialog.locator('input[name=displayName]').fill(ENGINEER.displayName)
    await dialog.locator('input[name=password]').fill('weak')
    await chooseOption(dialog.locator('[data-test=roles-select]'), '运维工程师')
    await dialog.locator('.el-dialog__header').click()
    await dialog.locator('[data-test=user-save]').click()
    await expect.poll(() => dialog.locator('.el-form-item__error').first().innerText()).toContain('密码长度至少 8 位')
    await capture('user-create-dialog')
    await dialog.locator('input[name=password]').fill(ENGINEER.initial)
    await dialog.locator('[data-test=user-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.locator('[data-test=users-table]').innerText()).toContain(ENGINEER.userName)
    const row = page.locator('[data-test=users-table] .el-table__row', { hasText: ENGINEER.userName })
    await expect.poll(() => row.innerText()).toContain('运维工程师')
    await expect.poll(() => row.innerText()).toContain('待改密')
    await capture('users-after-create')

    // someone else saves the user while the edit dialog is open: 409, then reload and save
    await row.locator(`[data-test="edit-${ENGINEER.userName}"]`).click()
    const edit = page.locator('.el-dialog[data-test=user-dialog]')
    await edit.locator('input[name=displayName]').waitFor()
    const csrf = (await context.cookies()).find((c) => c.name === 'hops_csrf')?.value ?? ''
    const current = await (await page.request.get(`/api/v1/users?query=${ENGINEER.userName}`)).json()
    const user = current.items[0]
    const meanwhile = await page.request.put(`/api/v1/users/${user.id}`, {
      headers: { 'X-CSRF-Token': csrf },
      data: { displayName: user.displayName, email: 'zhang.wei@hospital.example', phone: null, roles: ['engineer'], disabled: false, orgUnitId: null, version: user.version },
    })
    expect(meanwhile.status()).toBe(200)
    await edit.locator('input[name=phone]').fill('13800000099')
    await edit.locator('[data-test=user-save]').click()
    await edit.locator('[data-test=conflict]').waitFor()
    expect(await edit.locator('[data-test=conflict]').innerText()).toContain('已被他人修改')
    await capture('user-edit-conflict')
    await edit.locator('[data-test=conflict-reload]').click()
    await expect.poll(() => edit.locator('input[name=email]').inputValue()).toBe('zhang.wei@hospital.example')
    await edit.locator('input[name=phone]').fill('13800000099')
    await edit.locator('[data-test=user-save]').click()
    await edit.waitFor({ state: 'hidden' })
    await expect.poll(() => page.locator('[data-test=users-table]').innerText()).toContain(ENGINEER.userName)

    await openFromMenu(page, 'admin', 'roles')
    await expect.poll(() => page.locator('[data-test=roles-table]').innerText()).toContain('审计员')
    await capture('roles')
  })

  it('3. the engineer signs in, changes the initial password, and has no Administration', async () => {
    await logout()
    await login(ENGINEER.userName, ENGINEER.initial)
    await changeForcedPassword(ENGINEER.initial, ENGINEER.password)
    await expect.poll(() => page.locator('[data-test=welcome]').innerText()).toContain(ENGINEER.displayName)

    const menu = page.locator('[data-test=sidebar]')
    await expect.poll(() => menu.innerText()).toContain('总览')
    expect(await page.locator('[data-nav=admin]').count()).toBe(0)
    expect(await page.locator('[data-nav=users]').count()).toBe(0)
    expect(await menu.innerText()).not.toContain('用户管理')

    await page.goto('/admin/users')
    await page.locator('[data-test=no-permission]').waitFor()
    expect(page.url()).toContain('/admin/users')
    await capture('no-permission')

    // inspections (巡检) are still to come
    await openFromMenu(page, null, 'inspections')
    await page.locator('[data-test=coming-soon]').waitFor()
    await expect.poll(() => page.locator('[data-test=coming-soon]').innerText()).toContain('后续版本')
    await capture('coming-soon')

    // the phone layout: the menu is a drawer behind the hamburger button
    await page.setViewportSize(PHONE)
    await page.locator('[data-test=menu-toggle]').click()
    await page.locator('.nav-drawer [data-nav=overview]').waitFor()
    await page.waitForTimeout(400)
    await page.screenshot({ path: screenshotPath('nav-drawer-390') })
    await page.locator('.nav-drawer [data-nav=overview]').click()
    await page.waitForURL('**/overview')
    await page.setViewportSize(DESKTOP)
  })

  it('4. the engineer opens 配置 → 业务系统 and finds the PACS systems', async () => {
    // the overview's CMDB card is live and leads to the list
    const card = page.locator('[data-test=module-cmdb]')
    await card.waitFor()
    expect(await card.innerText()).not.toContain('即将推出')
    expect(await card.getAttribute('href')).toBe('/cmdb/business')

    await openFromMenu(page, 'cmdb', 'cmdbBusiness')
    await page.waitForURL('**/cmdb/business')
    await expect.poll(() => page.locator('.page-title').innerText()).toBe('业务系统')
    const table = page.locator('[data-test=cmdb-business-table]')
    await expect.poll(() => table.innerText()).toContain('电子病历系统（EMR）')
    // the demo hospital has 28 business systems; the pager counts all of them
    await expect.poll(async () => Number((await page.locator('.el-pagination__total').innerText()).match(/\d+/)?.[0] ?? 0)).toBeGreaterThanOrEqual(25)
    // column labels from the type's attribute schema; org-unit codes shown as names; level 1 in red
    const header = await table.locator('.el-table__header').innerText()
    for (const label of ['系统名称', '编码', '系统等级', '业务科室', '维护团队', '厂商', '数据库']) expect(header).toContain(label)
    const emr = table.locator('.el-table__row', { hasText: '电子病历系统（EMR）' })
    expect(await emr.innerText()).toContain('医务处')
    expect(await emr.innerText()).not.toContain('medical-affairs')
    expect(await emr.locator('.el-tag--danger').innerText()).toContain('一级')
    await capture('cmdb-business')

    await page.locator('input[name=cmdbQuery]').fill('PACS')
    await page.locator('[data-test=cmdb-search]').click()
    await expect.poll(() => table.innerText()).not.toContain('电子病历系统（EMR）')
    const rows = await table.locator('.el-table__row').allInnerTexts()
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some((r) => r.includes('放射科 PACS/RIS'))).toBe(true)
    expect(rows.every((r) => r.includes('PACS'))).toBe(true)
    await capture('cmdb-business-pacs')

    // the level filter narrows the same list to the core systems
    await chooseOption(page.locator('[data-test=cmdb-level]'), '一级')
    await expect.poll(async () => (await table.locator('.el-table__row').allInnerTexts()).every((r) => r.includes('一级'))).toBe(true)
    expect(await table.innerText()).toContain('放射科 PACS/RIS')

    // an engineer edits CIs but not the model: 配置模型 is read-only for them
    await openFromMenu(page, 'cmdb', 'cmdbModel')
    await page.waitForURL('**/cmdb/model')
    await expect.poll(() => page.locator('[data-layer=business]').innerText()).toContain('业务系统')
    expect(await page.locator('[data-test=type-create]').count()).toBe(0)
    expect(await page.locator('[data-test=model-page] .el-alert').innerText()).toContain('只有查看权限')
    await openFromMenu(page, 'cmdb', 'cmdbCis')
    await page.locator('[data-test=type-picker] [data-type=business]').click()
    await page.locator('[data-test=ci-create]').waitFor()
    await page.goto('/overview')
    await page.waitForURL('**/overview')
  })

  it('5. the engineer turns on two-factor login and then signs in with a code', async () => {
    await openAccount()
    await capture('account')

    await page.locator('[data-test=totp-start]').click()
    const secret = page.locator('[data-test=totp-secret]')
    await secret.waitFor()
    engineerSecret = (await secret.getAttribute('data-secret')) ?? ''
    expect(engineerSecret).toMatch(/^[A-Z2-7]{16,}$/)
    expect(await page.locator('[data-test=totp-qr]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    await capture('totp-enroll', '[data-test=totp-enrollment]')

    enrolledStep = Math.floor(Date.now() / 1000 / 30)
    await page.locator('input[name=totpConfirmCode]').fill(totpFromBase32(engineerSecret))
    await page.locator('[data-test=totp-confirm]').click()
    const codes = page.locator('[data-test=recovery-codes] li')
    await expect.poll(() => codes.count()).toBe(10)
    // the account already shows two-factor login as on while the codes are still on screen
    await expect.poll(() => page.locator('[data-test=totp-status]').innerText()).toContain('已启用')
    await capture('totp-recovery-codes', '[data-test=two-factor-panel]')
    await page.locator('[data-test=recovery-done]').click()
    await expect.poll(() => page.locator('[data-test=totp-status]').innerText()).toContain('已启用')

    await logout()
    await login(ENGINEER.userName, ENGINEER.password)
    const codeInput = page.locator('input[name=totpCode]')
    await codeInput.waitFor()
    await capture('login-two-factor')
    await codeInput.fill(await freshCode(engineerSecret, enrolledStep))
    await page.locator('[data-test=totp-submit]').click()
    await page.waitForURL('**/overview')
    await expect.poll(() => page.locator('[data-test=welcome]').innerText()).toContain(ENGINEER.displayName)
    await logout()
  })

  it('6. an auditor reads the audit trail and verifies its chain', async () => {
    await login('admin', ADMIN_PASSWORD)
    await page.waitForURL('**/overview')
    await openFromMenu(page, 'admin', 'users')
    await createUser(AUDITOR, '审计员')
    await capture('users-three')

    // admin also makes an API token: the secret is shown once
    await openAccount()
    await page.locator('[data-test=token-create]').click()
    const tokenDialog = page.locator('.el-dialog[data-test=token-dialog]')
    await tokenDialog.locator('input[name=tokenName]').fill('Grafana')
    await tokenDialog.locator('[data-test=token-save]').click()
    const secret = page.locator('[data-test=token-secret]')
    await expect.poll(() => secret.innerText()).toMatch(/^hops_/)
    await capture('token-secret')
    await page.locator('.el-dialog[data-test=token-secret-dialog] .el-button--primary').click()
    await expect.poll(() => page.locator('[data-test=tokens-table]').innerText()).toContain('Grafana')
    await logout()

    await login(AUDITOR.userName, AUDITOR.initial)
    await changeForcedPassword(AUDITOR.initial, AUDITOR.password)
    // an auditor has no cmdb.read: no 配置 in the menu, no CMDB card, and the page itself says no
    await page.locator('[data-nav=admin]').waitFor()
    expect(await page.locator('[data-nav=cmdb]').count()).toBe(0)
    expect(await page.locator('[data-nav=cmdbBusiness]').count()).toBe(0)
    expect(await page.locator('[data-test=module-cmdb]').count()).toBe(0)
    await page.goto('/cmdb/business')
    await page.locator('[data-test=no-permission]').waitFor()
    await openFromMenu(page, 'admin', 'audit')
    await page.waitForURL('**/admin/audit')
    const table = page.locator('[data-test=audit-table]')
    await expect.poll(() => table.innerText()).toContain('auth.login')
    const text = await table.innerText()
    expect(text).toContain('登录')
    expect(text).toContain(ENGINEER.userName)
    expect(text).toContain(AUDITOR.userName)
    await capture('audit')

    await page.locator('[data-test=audit-verify]').click()
    const verdict = page.locator('[data-test=audit-verification]')
    await verdict.waitFor()
    expect(await verdict.getAttribute('data-ok')).toBe('true')
    expect(await verdict.innerText()).toContain('审计日志完整')
    await capture('audit-verified')

    // filter by user and action, and export the same selection as CSV
    await page.locator('input[name=auditUserName]').fill(ENGINEER.userName)
    await page.locator('input[name=auditAction]').fill('auth.login')
    await page.locator('[data-test=audit-search]').click()
    await expect.poll(async () => (await table.locator('.el-table__row').allInnerTexts()).every((r) => r.includes(ENGINEER.userName))).toBe(true)
    const href = await page.locator('[data-test=audit-export]').getAttribute('href')
    expect(href).toBe(`/api/v1/audit/export.csv?userName=${ENGINEER.userName}&action=auth.login`)
    const csv = await page.request.get(href!)
    expect(csv.status()).toBe(200)
    expect(csv.headers()['content-type']).toContain('text/csv')
    const body = await csv.text()
    expect(body).toContain('auth.login')
    expect(body).toContain(ENGINEER.userName)
  })

  it('7. the auditor switches to English, and the choice is remembered', async () => {
    await page.locator('[data-test=language-switch] .el-button').click()
    await page.locator('[data-test="language-en-US"]').click()
    await expect.poll(() => page.locator('.page-title').innerText()).toBe('Audit trail')
    await expect.poll(() => page.locator('[data-test=sidebar]').innerText()).toContain('Administration')
    expect(await page.locator('[data-test=product-name]').innerText()).toContain('HospitalOps')
    await capture('audit-en')

    await page.reload()
    await expect.poll(() => page.locator('.page-title').innerText()).toBe('Audit trail')
    await openFromMenu(page, 'admin', 'users')
    await expect.poll(() => page.locator('.page-title').innerText()).toBe('Users')
    await capture('users-en')

    // the server answers in English too (Accept-Language)
    await logout()
    await login(AUDITOR.userName, 'wrong-password')
    await expect.poll(() => page.locator('[data-test=login-error]').innerText()).toContain('Wrong user name or password')
    await capture('login-en')
    expect(problems).toEqual([])
  })

  it('8. admin extends the CMDB model with UPS, creates, relates, edits and imports CIs', async () => {
    await login('admin', ADMIN_PASSWORD)
    await page.waitForURL('**/overview')
    // the auditor left the browser in English: back to Chinese
    await page.locator('[data-test=sidebar]').waitFor()
    if (!(await page.locator('[data-test=sidebar]').innerText()).includes('总览')) {
      await page.locator('[data-test=language-switch] .el-button').click()
      await page.locator('[data-test="language-zh-CN"]').click()
    }
    await expect.poll(() => page.locator('[data-test=sidebar]').innerText()).toContain('配置')

    // 配置 → 配置项: the type picker by layer with counts; the database type's columns from its schema
    await openFromMenu(page, 'cmdb', 'cmdbCis')
    await page.waitForURL('**/cmdb/cis')
    const picker = page.locator('[data-test=type-picker]')
    await expect.poll(() => picker.innerText()).toContain('数据')
    await picker.locator('[data-type=database]').click()
    await page.waitForURL('**/cmdb/cis?type=database')
    const table = page.locator('[data-test=ci-table]')
    await expect.poll(() => table.innerText()).toContain('db-emr')
    const header = () => table.locator('.el-table__header').innerText()
    for (const label of ['编码', '名称', '数据库类型', '版本', '端口']) expect(await header()).toContain(label)
    // the secret is hidden by default; the column chooser hides 版本 and remembers it for this type
    expect(await header()).not.toContain('监控账号密码')
    await page.locator('[data-test=column-chooser]').click()
    await page.locator('[data-test=column-chooser-panel] [data-column=version]').click()
    await expect.poll(header).not.toContain('版本')
    await page.locator('.page-title').click()
    // the engine filter (an enum attribute) narrows the list on the server
    await chooseOption(page.locator('[data-test=filter-engine]'), 'oracle')
    await expect.poll(async () => (await table.locator('.el-table__row').allInnerTexts()).every((r) => r.includes('oracle'))).toBe(true)
    await page.reload()
    await expect.poll(() => table.innerText()).toContain('db-emr')
    expect(await header()).not.toContain('版本')
    await capture('cmdb-ci-browser')

    // 配置模型: a new CI type "ups" on the infrastructure layer with a required number attribute
    await openFromMenu(page, 'cmdb', 'cmdbModel')
    await page.waitForURL('**/cmdb/model')
    await expect.poll(() => page.locator('[data-layer=infrastructure]').innerText()).toContain('网络设备')
    await capture('cmdb-model')
    await page.locator('[data-test=type-create]').click()
    const typeDialog = page.locator('.el-dialog[data-test=type-dialog]')
    await typeDialog.waitFor()
    await typeDialog.locator('input[name=typeCode]').fill('ups')
    await typeDialog.locator('input[name=typeNameZh]').fill('UPS 电源')
    await typeDialog.locator('input[name=typeNameEn]').fill('UPS')
    await chooseOption(typeDialog.locator('[data-test=type-layer]'), '基础设施')
    await typeDialog.locator('[data-test=attribute-add]').click()
    await typeDialog.locator('input[name=attrName0]').fill('capacityKva')
    await typeDialog.locator('input[name=attrLabelZh0]').fill('容量(kVA)')
    await typeDialog.locator('input[name=attrLabelEn0]').fill('Capacity (kVA)')
    await chooseOption(typeDialog.locator('[data-test=attr-type-0]'), '数字')
    await typeDialog.locator('[data-test=attr-required-0]').click()
    await typeDialog.locator('[data-test=attribute-add]').click()
    await typeDialog.locator('input[name=attrName1]').fill('room')
    await typeDialog.locator('input[name=attrLabelZh1]').fill('安装位置')
    await typeDialog.locator('input[name=attrLabelEn1]').fill('Room')
    await capture('cmdb-type-editor')
    await typeDialog.locator('[data-test=type-save]').click()
    await typeDialog.waitFor({ state: 'hidden' })
    const tile = page.locator('[data-layer=infrastructure] [data-type=ups]')
    await expect.poll(() => tile.innerText()).toContain('UPS 电源')
    expect(await tile.innerText()).toContain('容量(kVA)')
    const savedType = await (await page.request.get('/api/v1/cmdb/types/ups')).json()
    expect(savedType.attributeSchema.map((a: { name: string; type: string; required: boolean }) => [a.name, a.type, a.required]))
      .toEqual([['capacityKva', 'number', true], ['room', 'text', false]])

    // two UPS through the editor; the first save lacks the required capacity: the server says so beside the field
    await tile.locator('.count-link').click()
    await page.waitForURL('**/cmdb/cis?type=ups')
    await expect.poll(() => page.locator('.page-title').innerText()).toContain('UPS 电源')
    const createUps = async (code: string, name: string, capacity: string, room: string, firstWithoutCapacity = false) => {
      await page.locator('[data-test=ci-create]').click()
      const editor = page.locator('.el-dialog[data-test=ci-editor]')
      await editor.locator('input[name=ciCode]').waitFor()
      await editor.locator('input[name=ciCode]').fill(code)
      await editor.locator('input[name=ciName]').fill(name)
      await editor.locator('input[name=attr-room]').fill(room)
      if (firstWithoutCapacity) {
        await editor.locator('[data-test=ci-save]').click()
        await expect.poll(() => editor.locator('[data-field=capacityKva] .el-form-item__error').innerText()).toContain('必填')
        expect(await editor.locator('[data-field=code] .el-form-item__error').count()).toBe(0)
        await capture('cmdb-ci-editor')
      }
      await editor.locator('input[name=attr-capacityKva]').fill(capacity)
      await editor.locator('input[name=attr-capacityKva]').press('Tab')
      await editor.locator('[data-test=ci-save]').click()
      await editor.waitFor({ state: 'hidden' })
    }
    await createUps('ups-a01', '机房 A UPS 1', '200', '主机房 A', true)
    await createUps('ups-a02', '机房 A UPS 2', '200', '主机房 A')
    const upsTable = page.locator('[data-test=ci-table]')
    await expect.poll(() => upsTable.locator('.el-table__row').count()).toBe(2)
    expect(await upsTable.innerText()).toContain('机房 A UPS 2')

    // the demo's physical server srv-esxi-01 depends on the UPS
    await page.goto('/cmdb/cis?type=physical-server')
    await page.locator('[data-test=ci-table] .el-table__row', { hasText: 'srv-esxi-01' }).locator('a').first().click()
    await page.waitForURL(/\/cmdb\/cis\/\d+$/)
    await expect.poll(() => page.locator('[data-test=ci-code]').innerText()).toBe('srv-esxi-01')
    await page.locator('.el-tabs__item', { hasText: '关系' }).click()
    await page.locator('[data-test=relation-add]').click()
    const relationDialog = page.locator('.el-dialog[data-test=relation-dialog]')
    await relationDialog.locator('[data-test=relation-type]').click()
    await page.locator('.el-select-dropdown__item:visible[data-relation="depends-on:outgoing"]').click()
    await relationDialog.locator('[data-test=relation-other]').click()
    await relationDialog.locator('[data-test=relation-other] input').fill('ups-a01')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '机房 A UPS 1' }).click()
    await relationDialog.locator('[data-test=relation-save]').click()
    await relationDialog.waitFor({ state: 'hidden' })
    const outgoing = page.locator('[data-test=relations-outgoing]')
    await expect.poll(() => outgoing.innerText()).toContain('机房 A UPS 1')
    expect(await outgoing.locator('[data-relation=depends-on]').innerText()).toContain('依赖')
    await capture('cmdb-ci-relations', '[data-test=relations-outgoing]')

    // and the UPS sees it from its side, under the inverse name
    await outgoing.locator('[data-relation=depends-on] a', { hasText: '机房 A UPS 1' }).click()
    await expect.poll(() => page.locator('[data-test=ci-code]').innerText()).toBe('ups-a01')
    await page.locator('.el-tabs__item', { hasText: '关系' }).click()
    const incoming = page.locator('[data-test=relations-incoming]')
    await expect.poll(() => incoming.innerText()).toContain('虚拟化服务器 1')
    expect(await incoming.locator('[data-relation=depends-on]').innerText()).toContain('被依赖')

    // an edit is in the history: who, when, 容量 200 → 250; "as of" the creation shows 200 again
    await page.locator('[data-test=ci-edit]').click()
    const editor = page.locator('.el-dialog[data-test=ci-editor]')
    await expect.poll(() => editor.locator('input[name=attr-capacityKva]').inputValue()).toBe('200')
    await editor.locator('input[name=attr-capacityKva]').fill('250')
    await editor.locator('input[name=attr-capacityKva]').press('Tab')
    await editor.locator('[data-test=ci-save]').click()
    await editor.waitFor({ state: 'hidden' })
    await expect.poll(() => page.locator('[data-test=ci-attributes] [data-attribute=capacityKva]').innerText()).toBe('250')
    await page.locator('.el-tabs__item', { hasText: '变更历史' }).click()
    const update = page.locator('[data-test=ci-history] [data-action=update]').first()
    await expect.poll(() => update.innerText()).toContain('容量(kVA)')
    const updateText = await update.innerText()
    expect(updateText).toContain('admin')
    expect(updateText).toMatch(/200\s*→\s*250/)
    expect(await page.locator('[data-test=ci-history] [data-action=relation-added]').first().innerText()).toContain('虚拟化服务器 1')
    await capture('cmdb-ci-history')
    await page.locator('[data-test=ci-history] [data-action=create] [data-test=history-as-of]').click()
    await page.locator('[data-test=as-of-banner]').waitFor()
    await expect.poll(() => page.locator('[data-test=ci-attributes] [data-attribute=capacityKva]').innerText()).toBe('200')
    expect(await page.locator('[data-test=ci-edit]').count()).toBe(0)
    // when it was created nothing depended on it yet: the as-of relations are empty
    await expect.poll(() => page.locator('.el-tabs__item', { hasText: '关系' }).first().innerText()).toContain('(0)')
    await page.locator('[data-test=back-to-now]').click()
    await expect.poll(() => page.locator('[data-test=ci-attributes] [data-attribute=capacityKva]').innerText()).toBe('250')
    await expect.poll(() => page.locator('.el-tabs__item', { hasText: '关系' }).first().innerText()).toContain('(1)')

    // import: a file with a bad row is refused with its row number and reason, and nothing is imported
    const upsCount = async () => (await (await page.request.get('/api/v1/cmdb/cis?type=ups&pageSize=1')).json()).total as number
    expect(await upsCount()).toBe(2)
    await page.goto('/cmdb/cis?type=ups')
    await expect.poll(() => page.locator('[data-test=ci-table] .el-table__row').count()).toBe(2)
    await page.locator('[data-test=ci-import]').click()
    const wizard = page.locator('.el-dialog[data-test=import-wizard]')
    await expect.poll(() => wizard.locator('[data-test=import-header]').innerText()).toContain('capacityKva')
    expect(await wizard.locator('[data-test=import-template-csv]').getAttribute('href')).toBe('/api/v1/cmdb/types/ups/export?format=csv')
    const csv = (rows: string[]) => ({ name: 'ups.csv', mimeType: 'text/csv', buffer: Buffer.from(['code,name,capacityKva,安装位置', ...rows].join('\n') + '\n') })
    await wizard.locator('[data-test=import-file]').setInputFiles(csv(['ups-b01,机房 B UPS 1,100,主机房 B', 'ups-b02,机房 B UPS 2,abc,主机房 B', 'ups-b03,机房 B UPS 3,120,主机房 B']))
    await expect.poll(() => wizard.locator('[data-test=import-file-name]').innerText()).toContain('ups.csv')
    await wizard.locator('[data-test=import-check]').click()
    const errors = wizard.locator('[data-test=import-errors]')
    await expect.poll(() => errors.locator('.el-table__row').count()).toBe(1)
    const errorRow = await errors.locator('.el-table__row').first().innerText()
    expect(errorRow).toMatch(/^3\b/)
    expect(errorRow).toContain('容量(kVA)')
    expect(errorRow).toContain('请输入数字')
    expect(await wizard.locator('[data-test=import-errors-summary]').innerText()).toContain('3 行中有 1 行有错误')
    expect(await wizard.locator('[data-test=import-run]').isDisabled()).toBe(true)
    await capture('cmdb-import-errors')
    expect(await upsCount()).toBe(2)

    // the corrected file checks clean, then imports
    await wizard.locator('[data-test=import-choose-again]').click()
    await wizard.locator('[data-test=import-file]').setInputFiles(csv(['ups-b01,机房 B UPS 1,100,主机房 B', 'ups-b02,机房 B UPS 2,160,主机房 B', 'ups-b03,机房 B UPS 3,120,主机房 B']))
    await wizard.locator('[data-test=import-check]').click()
    await expect.poll(() => wizard.locator('[data-test=import-check-ok]').innerText()).toContain('新建 3 条')
    expect(await upsCount()).toBe(2)
    await wizard.locator('[data-test=import-run]').click()
    await expect.poll(() => wizard.locator('[data-test=import-done]').innerText()).toContain('新建 3 条')
    await wizard.locator('[data-test=import-close]').click()
    await wizard.waitFor({ state: 'hidden' })
    expect(await upsCount()).toBe(5)
    await expect.poll(() => page.locator('[data-test=ci-table] .el-table__row').count()).toBe(5)
    await expect.poll(() => page.locator('[data-test=type-picker] [data-type=ups]').innerText()).toContain('5')
    await capture('cmdb-ci-browser-ups')
    expect(problems).toEqual([])
  })
  it('9. admin reads the EMR service model, runs what-if, the failure matrix, typical faults and network zones', async () => {
    // 业务系统 → EMR → 服务模型: one band per layer
    await openFromMenu(page, 'cmdb', 'cmdbBusiness')
    await page.waitForURL('**/cmdb/business')
    const emrRow = page.locator('[data-test=cmdb-business-table] .el-table__row', { hasText: '电子病历系统（EMR）' }).first()
    await emrRow.locator('[data-test=service-model-link]').first().click()
    await page.waitForURL(/\/cmdb\/business\/\d+\/model/)
    await expect.poll(() => page.locator('[data-test=service-model-title]').innerText()).toContain('电子病历系统（EMR）')
    const bands = page.locator('[data-test=layer-bands]')
    for (const layer of ['应用', '数据', '集成', '虚拟化', '硬件']) await expect.poll(() => bands.innerText()).toContain(layer)
    expect(await bands.locator('[data-layer=integration] .ci-chip').count()).toBeGreaterThan(0)
    await capture('cmdb-service-model')

    // the topology graph: a canvas, more than ten nodes, a legend that says live status comes with monitoring
    await page.locator('.el-tabs__item', { hasText: '拓扑图' }).click()
    const graph = page.locator('[data-test=topology-graph]').first()
    await graph.locator('canvas').first().waitFor()
    expect(Number(await graph.getAttribute('data-nodes'))).toBeGreaterThan(10)
    expect(await page.locator('[data-test=graph-legend]').innerText()).toContain('状态未知')
    await page.waitForTimeout(500)
    await capture('cmdb-topology')

    // what-if from the service model: the main storage fails → EMR is down, with the path
    await page.locator('[data-test=open-what-if]').click()
    await page.waitForURL(/\/cmdb\/what-if\?business=\d+/)
    const pickFailed = async (search: string, label: string) => {
      await page.locator('[data-test=fail-select] input').first().fill(search)
      await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click()
      await page.locator('.page-title').click()
    }
    await pickFailed('storage-main', '主存储阵列')
    const impact = page.locator('[data-test=impact-list]')
    const emr = impact.locator('[data-business=emr]')
    await expect.poll(() => emr.getAttribute('data-state')).toBe('down')
    expect(await emr.innerText()).toContain('电子病历系统（EMR）')
    expect(await emr.innerText()).toContain('停止')
    expect(await emr.locator('[data-test=impact-path] .ci-chip').count()).toBeGreaterThanOrEqual(2)
    expect(await emr.locator('[data-test=impact-path] .ci-chip').first().innerText()).toContain('主存储阵列')
    // the graph colours the failed storage black and what stands on it red
    const whatIfGraph = page.locator('[data-test=topology-graph]').first()
    await whatIfGraph.locator('canvas').first().waitFor()
    await expect.poll(() => whatIfGraph.getAttribute('data-statuses')).toMatch(/failed:1\b/)
    expect(await whatIfGraph.getAttribute('data-statuses')).toMatch(/down:\d+/)
    await page.waitForTimeout(500)
    await capture('cmdb-what-if', '[data-test=what-if-result]')

    // the LIS database has a cold standby: LIS can be recovered by switching to it
    await page.locator('[data-test=what-if-clear]').click()
    await pickFailed('db-lis', 'LIS 数据库（SQL Server 主库）')
    const lis = impact.locator('[data-business=lis]')
    await expect.poll(() => lis.getAttribute('data-state')).toBe('recoverable')
    expect(await lis.innerText()).toContain('可切换恢复')
    expect(await lis.locator('[data-test=switch-to]').innerText()).toContain('LIS 数据库（日志传送备库）')
    await capture('cmdb-what-if-standby', '[data-test=what-if-result]')

    // the failure matrix: X cells, the legend, the XLSX link that downloads
    await openFromMenu(page, 'cmdb', 'cmdbMatrix')
    await page.waitForURL('**/cmdb/failure-matrix')
    const matrix = page.locator('[data-test=failure-matrix]')
    await expect.poll(() => matrix.locator('td.cell-x').count()).toBeGreaterThan(10)
    expect(await matrix.innerText()).toContain('主存储阵列')
    expect(await page.locator('[data-test=matrix-legend]').innerText()).toContain('单点故障')
    const xlsx = await page.locator('[data-test=matrix-export]').getAttribute('href')
    expect(xlsx).toBe('/api/v1/cmdb/failure-matrix?format=xlsx')
    const download = await page.request.get(xlsx!)
    expect(download.status()).toBe(200)
    expect(download.headers()['content-type']).toContain('spreadsheetml')
    await capture('cmdb-failure-matrix')

    // typical faults and the fault tree of 门急诊 HIS include the main storage
    await openFromMenu(page, 'cmdb', 'cmdbBusiness')
    const hisRow = page.locator('[data-test=cmdb-business-table] .el-table__row', { hasText: '门急诊 HIS' }).first()
    await hisRow.locator('[data-test=service-model-link]').first().click()
    await page.waitForURL(/\/cmdb\/business\/\d+\/model/)
    await page.locator('.el-tabs__item', { hasText: '典型故障与故障树' }).click()
    const faults = page.locator('[data-test=typical-faults]')
    await expect.poll(() => faults.innerText()).toContain('主存储阵列')
    expect(await faults.innerText()).toContain('单点')
    await expect.poll(() => page.locator('[data-test=fault-tree]').innerText()).toContain('或门')
    await capture('cmdb-typical-faults')
    await capture('cmdb-fault-tree', '[data-test=fault-tree]')

    // LIS: its database has a cold standby, which the fault tree names
    await openFromMenu(page, 'cmdb', 'cmdbBusiness')
    const lisRow = page.locator('[data-test=cmdb-business-table] .el-table__row', { hasText: '检验信息系统（LIS' }).first()
    await lisRow.locator('[data-test=service-model-link]').first().click()
    await page.waitForURL(/\/cmdb\/business\/\d+\/model/)
    await page.locator('.el-tabs__item', { hasText: '典型故障与故障树' }).click()
    await page.locator('[data-test=fault-tree-expand]').click()
    await expect.poll(() => page.locator('[data-test=fault-tree]').innerText()).toContain('可切换到冷备 LIS 数据库（日志传送备库） 恢复')

    // network zones: the CIs in the DMZ
    await openFromMenu(page, 'cmdb', 'cmdbZones')
    await page.waitForURL('**/cmdb/zones**')
    await page.locator('[data-test=zone-list] [data-zone=zone-dmz]').click()
    await expect.poll(() => page.locator('[data-test=zone-cis] .row').count()).toBeGreaterThan(0)
    expect(await page.locator('[data-test=zone-cis]').innerText()).toContain('DMZ')
    // losing the DMZ stops the follow-up system; its service model is one click away
    const followUp = page.locator('[data-test=zone-businesses] [data-business=follow-up]')
    await expect.poll(() => followUp.count()).toBe(1)
    expect(await followUp.locator('[data-test=zone-service-model]').getAttribute('href')).toMatch(/\/cmdb\/business\/\d+\/model$/)
    await capture('cmdb-zones')
    expect(problems).toEqual([])
  })
})
