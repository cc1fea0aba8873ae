/**
 * The Identity and CMDB journeys through the real host and Debian's chromium, in order: each test
 * starts where the one before it stopped. The host runs `serve --demo`, so the demo hospital's
 * people, units and business systems are there from the start. Every screen is captured at
 * 1440×900 and 390×844, and at 390 px the page must not scroll sideways.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { DESKTOP, PHONE, horizontalOverflow, launchChromium, newContext, screenshotPath } from './support/browser'
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
async function clearToasts() {
  await page.evaluate(() => document.querySelectorAll('.el-message').forEach((m) => m.remove()))
}

/**
 * Screenshots at desktop and phone width; at phone width nothing may overflow sideways.
 * `focus` is scrolled into view first when the subject of the screen is below the fold.
 */
async function capture(name: string, focus?: string) {
  // the pointer rests on the empty middle of the header, not on a row it would highlight
  await page.mouse.move(DESKTOP.width / 2, 5)
  await page.waitForTimeout(300)
  await clearToasts()
  if (focus) await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath(`${name}-1440`) })
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(500)
  await clearToasts()
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
async function openFromMenu(group: string | null, item: string) {
  if (group) {
    const sub = page.locator(`[data-nav=${group}]`)
    if (!(await sub.evaluate((el) => el.classList.contains('is-opened')))) {
      await sub.locator('.el-sub-menu__title').click()
    }
  }
  await page.locator(`[data-nav=${item}]`).click()
}

async function createUser(user: { userName: string; displayName: string; initial: string }, roleLabel: string) {
  await page.locator('[data-test=user-create]').click()
  const dialog = page.locator('.el-dialog[data-test=user-dialog]')
  await dialog.waitFor()
  await dialog.locator('input[name=userName]').fill(user.userName)
  await dialog.locator('input[name=displayName]').fill(user.displayName)
  await dialog.locator('input[name=password]').fill(user.initial)
  await dialog.locator('[data-test=roles-select]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: roleLabel }).click()
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
    await openFromMenu('admin', 'users')
    await page.waitForURL('**/admin/users')
    await expect.poll(() => page.locator('[data-test=users-table]').innerText()).toContain('admin')
    await capture('users')

    // a weak password is refused beside the field
    await page.locator('[data-test=user-create]').click()
    const dialog = page.locator('.el-dialog[data-test=user-dialog]')
    await dialog.locator('input[name=userName]').fill(ENGINEER.userName)
    await dialog.locator('input[name=displayName]').fill(ENGINEER.displayName)
    await dialog.locator('input[name=password]').fill('weak')
    await dialog.locator('[data-test=roles-select]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '运维工程师' }).click()
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

    await openFromMenu('admin', 'roles')
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

    await openFromMenu(null, 'monitoring')
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

    await openFromMenu('cmdb', 'cmdbBusiness')
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
    await page.locator('[data-test=cmdb-level]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '一级' }).click()
    await expect.poll(async () => (await table.locator('.el-table__row').allInnerTexts()).every((r) => r.includes('一级'))).toBe(true)
    expect(await table.innerText()).toContain('放射科 PACS/RIS')
    await page.goto('/overview')
    await page.waitForURL('**/overview')
  })

  it('5. the engineer turns on two-factor login and then signs in with a code', async () => {
    await page.locator('[data-test=user-menu] .el-button').click()
    await page.locator('[data-test=menu-account]').click()
    await page.waitForURL('**/account')
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
    await openFromMenu('admin', 'users')
    await createUser(AUDITOR, '审计员')
    await capture('users-three')

    // admin also makes an API token: the secret is shown once
    await page.locator('[data-test=user-menu] .el-button').click()
    await page.locator('[data-test=menu-account]').click()
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
    await openFromMenu('admin', 'audit')
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
    await openFromMenu('admin', 'users')
    await expect.poll(() => page.locator('.page-title').innerText()).toBe('Users')
    await capture('users-en')

    // the server answers in English too (Accept-Language)
    await logout()
    await login(AUDITOR.userName, 'wrong-password')
    await expect.poll(() => page.locator('[data-test=login-error]').innerText()).toContain('Wrong user name or password')
    await capture('login-en')
    expect(problems).toEqual([])
  })
})
