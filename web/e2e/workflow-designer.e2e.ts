/**
 * A new ticket type with its own workflow, created in the designer and used — through the real host and Debian's chromium.
 * The demo administrator draws 设备借用 under 系统 → 工单流程: 已申请 → 已借出 → 已归还 → 已关闭, the first transition by
 * dragging from one state to another, the others with the panel's form; a state with no way out is refused by the server
 * with that state drawn in red and the server's message beside it; once it is deleted the workflow saves. Under 工单类型 a
 * type 设备借用 (prefix LOAN) with a select field 设备 uses it; a ticket of that type opens in 已申请, and its 借出 step asks
 * for the device and then moves it to 已借出 — the drawn workflow drives the ticket. The priority matrix and the SLA
 * policies are shown too. Screenshots at 1440 and 390 px wide.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { captureBothWidths, launchChromium, newContext, openFromMenu, screenshotPath } from './support/browser'
import { startHost, type RunningHost } from './support/host'

let host: RunningHost
let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []
const shots: string[] = []

const ADMIN_PASSWORD = 'Hosp#Secure2026'

interface Definition {
  initial: string
  states: { key: string; name: string; category: string; sla: string; x?: number | null; y?: number | null }[]
  transitions: { key: string; name: string; from: string[]; to: string; requiredFields?: string[] }[]
}

let workflowId = 0

async function csrf(): Promise<string> {
  return (await context.cookies()).find((c) => c.name === 'hops_csrf')?.value ?? ''
}

async function api<T>(method: 'get' | 'post', path: string, data?: unknown): Promise<{ status: number; body: T }> {
  const response =
    method === 'post' ? await page.request.post(path, { headers: { 'X-CSRF-Token': await csrf() }, data: data ?? {} }) : await page.request.get(path)
  return { status: response.status(), body: (await response.json().catch(() => null)) as T }
}

async function chooseOption(select: Locator, optionText: string | RegExp) {
  await select.click()
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first()
  await option.waitFor()
  await option.click()
  // the list fades out: the next list's options are not to be confused with its own
  await page.waitForTimeout(350)
}

const node = (key: string) => page.locator(`.vue-flow__node[data-id="${key}"]`)
const panel = () => page.locator('[data-test=side-panel]')

async function capture(name: string, focus?: string) {
  await captureBothWidths(page, name, focus)
  shots.push(name)
}

/** Fills a panel input and leaves it, so a key is committed (keys are renamed on blur). */
async function fillField(name: string, value: string) {
  const input = panel().locator(`input[name=${name}]`)
  await input.fill(value)
  await input.press('Tab')
}

async function nameState(key: string, names: { key: string; name: string; nameEn: string; category?: string; sla?: string }) {
  await node(key).click()
  await panel().locator('[data-test=state-panel]').waitFor()
  await fillField('stateName', names.name)
  await fillField('stateNameEn', names.nameEn)
  if (names.category) await chooseOption(panel().locator('[data-test=state-category]'), names.category)
  if (names.sla) await chooseOption(panel().locator('[data-test=state-sla]'), names.sla)
  await fillField('stateKey', names.key)
  await node(names.key).waitFor()
}

async function addStateNamed(names: { key: string; name: string; nameEn: string; category?: string; sla?: string }) {
  await page.locator('[data-test=add-state]').click()
  // the new state is selected at once
  await panel().locator('[data-test=state-panel]').waitFor()
  const key = await panel().locator('input[name=stateKey]').inputValue()
  await page.waitForTimeout(300) // the view fits the new state in
  await nameState(key, names)
}

async function addTransitionWithForm(from: string, to: string, names: { key: string; name: string; nameEn: string }) {
  const form = panel().locator('[data-test=add-transition]')
  await chooseOption(form.locator('[data-test=new-from]'), from)
  await chooseOption(form.locator('[data-test=new-to]'), new RegExp(`^${to}$`))
  await form.locator('input[name=newTransitionName]').fill(names.name)
  await form.locator('input[name=newTransitionNameEn]').fill(names.nameEn)
  await form.locator('input[name=newTransitionKey]').fill(names.key)
  await form.locator('[data-test=new-transition-add]').click()
  await panel().locator('[data-test=transition-panel]').waitFor()
  expect(await panel().locator('input[name=transitionKey]').inputValue()).toBe(names.key)
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
    await page?.screenshot({ path: screenshotPath(`FAILED-workflow-designer-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await host?.stop()
  console.log(`service desk administration screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('Workflow designer', () => {
  it('1. the administrator finds 工单流程 under 系统 and starts a blank workflow', async () => {
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

    await openFromMenu(page, 'admin', 'sdWorkflows')
    await page.waitForURL('**/admin/service-desk/workflows')
    // the four built-in workflows, with the types that use them
    await expect.poll(() => page.locator('[data-test=workflow-table] .el-table__row').count()).toBe(4)
    expect(await page.locator('[data-test=workflow-table]').innerText()).toContain('故障处理')

    await page.locator('[data-test=workflow-create]').click()
    await chooseOption(page.locator('[data-test=workflow-copy-from]'), '空白流程')
    await page.locator('[data-test=workflow-create-go]').click()
    await page.waitForURL('**/admin/service-desk/workflows/new')
    await node('new').waitFor()
    expect(await node('new').locator('[data-test=initial-badge]').count()).toBe(1)
  })

  it('2. draws 已申请 → 已借出 → 已归还 → 已关闭: the first transition by dragging, the others with the form', async () => {
    await page.locator('input[name=workflowKey]').fill('device_loan')
    await page.locator('input[name=workflowName]').fill('设备借用')
    await page.locator('input[name=workflowNameEn]').fill('Device loan')

    await nameState('new', { key: 'applied', name: '已申请', nameEn: 'Applied' })
    await addStateNamed({ key: 'lent', name: '已借出', nameEn: 'Lent', sla: '暂停计时' })
    await addStateNamed({ key: 'returned', name: '已归还', nameEn: 'Returned', category: '已解决类', sla: '停止计时' })
    await addStateNamed({ key: 'closed', name: '已关闭', nameEn: 'Closed', category: '已关闭类', sla: '停止计时' })
    expect(await node('lent').locator('[data-test=sla-badge]').innerText()).toBe('SLA 暂停')

    // 已借出 dragged below the row: its place is kept in the definition
    const before = await node('lent').boundingBox()
    await page.mouse.move(before!.x + before!.width / 2, before!.y + 12)
    await page.mouse.down()
    for (let i = 1; i <= 10; i++) await page.mouse.move(before!.x + before!.width / 2, before!.y + 12 + i * 12)
    await page.mouse.up()
    const after = await node('lent').boundingBox()
    expect(after!.y).toBeGreaterThan(before!.y + 80)

    // 借出: dragged from the handle on the right of 已申请 to 已借出
    const source = await node('applied').locator('.vue-flow__handle.source').boundingBox()
    const target = await node('lent').locator('.vue-flow__handle.target').boundingBox()
    await page.mouse.move(source!.x + source!.width / 2, source!.y + source!.height / 2)
    await page.mouse.down()
    for (let i = 1; i <= 10; i++) {
      await page.mouse.move(
        source!.x + ((target!.x - source!.x) * i) / 10 + source!.width / 2,
        source!.y + ((target!.y - source!.y) * i) / 10 + source!.height / 2,
      )
    }
    await page.mouse.up()
    await panel().locator('[data-test=transition-panel]').waitFor()
    await fillField('transitionName', '借出')
    await fillField('transitionNameEn', 'Lend')
    await fillField('transitionKey', 'lend')
    // the device is the type's field, not yet created: its key is typed
    const required = panel().locator('[data-test=transition-required]')
    await required.click()
    await page.keyboard.type('device')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Escape')
    await expect.poll(() => required.innerText()).toContain('device')
    await page.waitForTimeout(400) // the closing list fades out
    await chooseOption(panel().locator('[data-test=transition-roles]'), /^处理人$/)
    await page.keyboard.press('Escape')
    await page.waitForTimeout(400)
    await expect.poll(() => page.locator('.vue-flow__edge-text', { hasText: '借出' }).count()).toBe(1)

    await addTransitionWithForm('已借出', '已归还', { key: 'give_back', name: '归还', nameEn: 'Return' })
    await addTransitionWithForm('已归还', '已关闭', { key: 'close', name: '关闭', nameEn: 'Close' })
    await expect.poll(() => page.locator('.vue-flow__edge').count()).toBe(3)
    await node('lent').click()
    await page.locator('.vue-flow__edge-text', { hasText: '借出' }).click({ force: true })
    await panel().locator('[data-test=transition-panel]').waitFor()
    expect(await panel().locator('input[name=transitionKey]').inputValue()).toBe('lend')
    await page.waitForTimeout(300)
    await page.screenshot({ path: screenshotPath('servicedesk-admin-designer-transition-1440') })
  })

  it('3. a state with no way out is refused by the server, drawn in red with its message; deleted, the workflow saves', async () => {
    await addStateNamed({ key: 'lost', name: '已遗失', nameEn: 'Lost' })
    await addTransitionWithForm('已借出', '已遗失', { key: 'lose', name: '遗失', nameEn: 'Lose' })

    await page.locator('[data-test=designer-save]').click()
    const error = page.locator('[data-test=designer-error]')
    await error.waitFor()
    expect(await error.innerText()).toContain('“已遗失”没有出路')
    await expect.poll(() => node('lost').locator('.state-node').getAttribute('class')).toContain('faulty')
    expect(await panel().locator('input[name=stateKey]').inputValue()).toBe('lost')
    expect(await panel().locator('[data-test=element-error]').innerText()).toContain('没有出路')
    expect((await api<unknown[]>('get', '/api/v1/service-desk/workflows')).body).toHaveLength(4)
    await capture('servicedesk-admin-designer-refused')

    await panel().locator('[data-test=state-delete]').click()
    const confirm = page.locator('.el-message-box')
    await confirm.waitFor()
    expect(await confirm.innerText()).toContain('1 个流转')
    await confirm.locator('.el-button--primary').click()
    await expect.poll(() => node('lost').count()).toBe(0)

    await page.locator('[data-test=designer-save]').click()
    await page.waitForURL(/\/admin\/service-desk\/workflows\/\d+$/)
    workflowId = Number(page.url().split('/').pop())
    await page.locator('[data-test=current-version]').waitFor()
    expect(await page.locator('[data-test=current-version]').innerText()).toBe('第 1 版')

    const saved = (await api<{ definition: Definition }>('get', `/api/v1/service-desk/workflows/${workflowId}`)).body.definition
    expect(saved.initial).toBe('applied')
    expect(saved.states.map((s) => `${s.key}:${s.name}:${s.category}:${s.sla}`)).toEqual([
      'applied:已申请:new:running',
      'lent:已借出:open:paused',
      'returned:已归还:resolved:stopped',
      'closed:已关闭:closed:stopped',
    ])
    expect(saved.transitions.map((t) => `${t.key}:${t.from.join(',')}->${t.to}`)).toEqual(['lend:applied->lent', 'give_back:lent->returned', 'close:returned->closed'])
    expect(saved.transitions[0].requiredFields).toEqual(['device'])
    const lent = saved.states.find((s) => s.key === 'lent')!
    const applied = saved.states.find((s) => s.key === 'applied')!
    expect(lent.y! - applied.y!).toBeGreaterThan(40)
    await page.locator('.vue-flow__edge').first().waitFor()
    await capture('servicedesk-admin-designer')
  })

  it('4. a ticket type 设备借用 (LOAN) with a select field 设备 uses the workflow', async () => {
    await openFromMenu(page, 'admin', 'sdTypes')
    await page.waitForURL('**/admin/service-desk/types')
    await page.locator('[data-test=type-table] .el-table__row').first().waitFor()
    await page.locator('[data-test=type-create]').click()
    const dialog = page.locator('[data-test=type-dialog]')
    await dialog.waitFor()
    await dialog.locator('input[name=typeKey]').fill('loan')
    await dialog.locator('input[name=typePrefix]').fill('LOAN')
    await dialog.locator('input[name=typeName]').fill('设备借用')
    await dialog.locator('input[name=typeNameEn]').fill('Device loan')
    await chooseOption(dialog.locator('[data-test=type-workflow]'), '设备借用')
    await dialog.locator('[data-test=field-add]').click()
    await dialog.locator('input[name=field-key-0]').fill('device')
    await dialog.locator('input[name=field-name-0]').fill('设备')
    await dialog.locator('input[name=field-nameEn-0]').fill('Device')
    await chooseOption(dialog.locator('[data-test=field-kind-0]'), '下拉选择')
    await dialog.locator('input[name=option-value-0-0]').fill('laptop')
    await dialog.locator('input[name=option-name-0-0]').fill('笔记本电脑')
    await dialog.locator('input[name=option-nameEn-0-0]').fill('Laptop')
    await dialog.locator('[data-test=option-add-0]').click()
    await dialog.locator('input[name=option-value-0-1]').fill('projector')
    await dialog.locator('input[name=option-name-0-1]').fill('投影仪')
    await dialog.locator('input[name=option-nameEn-0-1]').fill('Projector')
    await capture('servicedesk-admin-type-dialog', '[data-test=field-row]')

    // a prefix the server refuses is shown beside it, and nothing is stored
    await dialog.locator('input[name=typePrefix]').fill('L')
    await dialog.locator('[data-test=type-save]').click()
    await expect.poll(() => dialog.locator('.el-form-item__error').first().innerText()).toContain('2 到 6 个大写字母')
    await dialog.locator('input[name=typePrefix]').fill('LOAN')
    await dialog.locator('[data-test=type-save]').click()
    await dialog.waitFor({ state: 'hidden' })

    const row = page.locator('[data-test=type-table] .el-table__row', { hasText: '设备借用' })
    await row.waitFor()
    expect(await row.innerText()).toContain('LOAN')
    expect(await row.innerText()).toContain('设备')
    const types = (await api<{ key: string; workflowId: number; fields: { key: string; kind: string; options: { value: string }[] }[] }[]>('get', '/api/v1/service-desk/types')).body
    const loan = types.find((x) => x.key === 'loan')!
    expect(loan.workflowId).toBe(workflowId)
    expect(loan.fields[0]).toMatchObject({ key: 'device', kind: 'select' })
    expect(loan.fields[0].options.map((o) => o.value)).toEqual(['laptop', 'projector'])
    await capture('servicedesk-admin-types')
  })

  it('5. a ticket of the type opens in 已申请, and its 借出 step asks for the device, then lends it', async () => {
    interface Ticket {
      id: number
      number: string
      state: string
      stateName: string
      version: number
      workflowVersion: number
      transitions: { key: string }[]
    }
    const opened = await api<Ticket>('post', '/api/v1/service-desk/tickets', { type: 'loan', title: '借用投影仪用于全院培训', description: '门诊楼三楼会议室' })
    expect(opened.status).toBe(201)
    const ticket = opened.body
    expect(ticket.number.startsWith('LOAN')).toBe(true)
    expect(ticket.state).toBe('applied')
    expect(ticket.stateName).toBe('已申请')
    expect(ticket.transitions.map((x) => x.key)).toContain('lend')

    // the field the drawn transition requires
    const refused = await api<{ errors: Record<string, { message: string }> }>('post', `/api/v1/service-desk/tickets/${ticket.id}/transitions/lend`, { version: ticket.version })
    expect(refused.status).toBe(400)
    expect(Object.keys(refused.body.errors)).toEqual(['device'])

    const lent = await api<Ticket>('post', `/api/v1/service-desk/tickets/${ticket.id}/transitions/lend`, { version: ticket.version, fields: { device: 'projector' } })
    expect(lent.status).toBe(200)
    expect(lent.body.state).toBe('lent')
    expect(lent.body.stateName).toBe('已借出')
    expect(lent.body.transitions.map((x) => x.key)).toEqual(['give_back'])
  })

  it('6. a changed workflow is a new version; the open ticket stays on the first, which can still be viewed', async () => {
    await openFromMenu(page, 'admin', 'sdWorkflows')
    await page.locator('[data-test=workflow-table] .el-table__row', { hasText: '设备借用' }).click()
    await page.waitForURL(`**/admin/service-desk/workflows/${workflowId}`)
    await node('returned').click()
    await chooseOption(panel().locator('[data-test=state-sla]'), '暂停计时')
    await page.locator('[data-test=designer-save]').click()
    const confirm = page.locator('.el-message-box')
    await confirm.waitFor()
    expect(await confirm.innerText()).toContain('保存后生成第 2 版')
    expect(await confirm.innerText()).toContain('1 张未关闭的工单仍按第 1 版办完')
    await confirm.locator('.el-button--primary').click()
    await expect.poll(() => page.locator('[data-test=current-version]').innerText()).toBe('第 2 版')

    await page.locator('[data-test=versions]').click()
    const drawer = page.locator('[data-test=versions-drawer]')
    const v1 = drawer.locator('.el-table__row', { hasText: 'v1' })
    await v1.waitFor()
    expect(await v1.innerText()).toContain('1')
    await v1.locator('[data-test=version-view]').click()
    const dialog = page.locator('[data-test=version-dialog]')
    await dialog.locator('.vue-flow__node[data-id="returned"]').waitFor()
    // drawn once measured: the first version's 已归还 still stops the clock
    await expect.poll(() => dialog.locator('.vue-flow__node[data-id="returned"] [data-test=sla-badge]').innerText()).toBe('SLA 停止')
    expect(await dialog.locator('.vue-flow__handle.connectable').count()).toBe(0)
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
  })

  it('7. the priority matrix: three grids of P1–P4, saved whole', async () => {
    await openFromMenu(page, 'admin', 'sdMatrix')
    await page.waitForURL('**/admin/service-desk/priority-matrix')
    await expect.poll(() => page.locator('[data-test=matrix-grid]').count()).toBe(3)
    // impact 科室, urgency 低, level 3 (the shipped P4) becomes P3
    const cell = page.locator('[data-cell="233"]')
    await expect.poll(() => cell.innerText()).toBe('P4')
    await chooseOption(cell, 'P3')
    await page.locator('[data-test=matrix-save]').click()
    await expect.poll(async () => (await api<{ impact: number; urgency: number; systemLevel: number; priority: number }[]>('get', '/api/v1/service-desk/priority-matrix')).body.find((c) => c.impact === 2 && c.urgency === 3 && c.systemLevel === 3)?.priority).toBe(3)
    await capture('servicedesk-admin-matrix')
  })

  it('8. SLA policies: a policy for 设备借用 in hours and minutes, with the missing-holidays warning when a year is missing', async () => {
    await openFromMenu(page, 'admin', 'sdSla')
    await page.waitForURL('**/admin/service-desk/sla-policies')
    await page.locator('[data-test=sla-table] .el-table__row').first().waitFor()
    const calendars = (await api<{ holidayYearsMissing: number[] }>('get', '/api/v1/calendars/business?zone=Asia/Shanghai')).body
    if (calendars.holidayYearsMissing.length) {
      expect(await page.locator('[data-test=holidays-missing]').innerText()).toContain('年的节假日尚未录入')
    } else {
      expect(await page.locator('[data-test=holidays-missing]').count()).toBe(0)
    }

    await page.locator('[data-test=sla-create]').click()
    const dialog = page.locator('[data-test=sla-dialog]')
    await dialog.waitFor()
    await dialog.locator('input[name=slaName]').fill('设备借用')
    await chooseOption(dialog.locator('[data-test=sla-type]'), '设备借用')
    await dialog.locator('input[name=responseMinutes-minutes]').fill('30')
    await dialog.locator('input[name=resolutionMinutes-hours]').fill('4')
    await dialog.locator('input[name=resolutionMinutes-minutes]').fill('30')
    await dialog.locator('[data-test=sla-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test=sla-table] .el-table__row', { hasText: '设备借用' })
    await row.waitFor()
    expect(await row.innerText()).toContain('4小时30分')
    const policies = (await api<{ name: string; ticketType: string; responseMinutes: number; resolutionMinutes: number; yellowAt: number }[]>('get', '/api/v1/service-desk/sla-policies')).body
    expect(policies.find((p) => p.name === '设备借用')).toMatchObject({ ticketType: 'loan', responseMinutes: 30, resolutionMinutes: 270, yellowAt: 0.5 })
    await capture('servicedesk-admin-sla')
  })

  it('9. on a phone the designer shows the diagram read-only, and no page error happened', async () => {
    await page.goto(`/admin/service-desk/workflows/${workflowId}`)
    await node('applied').waitFor()
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('[data-test=designer-readonly]').waitFor()
    expect(await page.locator('[data-test=designer-save]').count()).toBe(0)
    expect(await page.locator('.vue-flow__handle.connectable').count()).toBe(0)
    await page.setViewportSize({ width: 1440, height: 900 })
    expect(problems).toEqual([])
  })
})
