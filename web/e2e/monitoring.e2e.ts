/**
 * The Monitoring journeys through the real host and Debian's chromium, in order: an engineer adds
 * a Prometheus target for a demo server pointing at a real node exporter, tests it, saves it and
 * collects now; finds it on the server CI's Monitoring tab; and watches a real PostgreSQL's running
 * statements and blocking tree; then adds a target for every modality in bulk, after a preview. The peers come from ./test: HOSPITALOPS_TEST_NODE_EXPORTER (a
 * node exporter's /metrics URL) and HOSPITALOPS_TEST_PG_PEER (an Npgsql connection string).
 * Without them these tests fail: they never pass on nothing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { DESKTOP, PHONE, horizontalOverflow, launchChromium, newContext, screenshotPath, clearToasts, openFromMenu } from './support/browser'
import { startHost, type RunningHost } from './support/host'

let host: RunningHost
let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []
const shots: string[] = []
const sessions: ChildProcess[] = []

const ADMIN_PASSWORD = 'Hosp#Secure2026'
/** the demo hospital's first EMR database server */
const SERVER = { code: 'srv-emr-rac-1', name: 'EMR RAC 服务器 1' }
const PROM_TARGET = 'EMR RAC 服务器 1 主机指标'
const PG_TARGET = '集成平台 PostgreSQL 运行状态'
/** the demo hospital's integration platform database */
const PG_CI = { code: 'db-integration', name: '集成平台 PostgreSQL' }
let promTargetId = 0
/** the demo hospital's four modalities (CI type modality, each with an ip attribute) */
const MODALITIES = ['CT 1（64 排）', 'MR 1（3.0T）', 'DR 1', '彩超 1']

const NODE_EXPORTER = process.env.HOSPITALOPS_TEST_NODE_EXPORTER ?? ''
const PG_PEER = process.env.HOSPITALOPS_TEST_PG_PEER ?? ''

/** The parts of `Host=…;Port=…;Username=…;Password=…;Database=…` (keys in any case). */
function connectionParts(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim()
  }
  return out
}

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
  await page.mouse.move(DESKTOP.width / 2, 5)
  await page.waitForTimeout(300)
  await clearToasts(page)
  if (focus) await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath(`${name}-1440`) })
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(500)
  await clearToasts(page)
  if (focus) await page.locator(focus).first().scrollIntoViewIfNeeded()
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(scrollWidth, `${name}: page is ${scrollWidth}px wide at 390px`).toBeLessThanOrEqual(PHONE.width + 1)
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)
  await page.screenshot({ path: screenshotPath(`${name}-390`) })
  await page.setViewportSize(DESKTOP)
  await page.waitForTimeout(300)
  shots.push(name)
}

function field(name: string): Locator {
  return page.locator(`[data-test=target-editor] [name="${name}"]`)
}

/** A psql session against the PostgreSQL peer, left running (for a statement to watch). */
function psql(sql: string, wait = false): ChildProcess | string {
  const c = connectionParts(PG_PEER)
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', c.host ?? '127.0.0.1', '-p', c.port ?? '5432', '-U', c.username ?? c['user id'] ?? 'postgres', '-d', c.database ?? 'postgres', '-c', sql]
  const env = { ...process.env, PGPASSWORD: c.password ?? '', PGAPPNAME: 'hospitalops-e2e' }
  if (wait) {
    const r = spawnSync('psql', args, { env, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`)
    return r.stdout
  }
  const child = spawn('psql', args, { env, stdio: 'ignore' })
  sessions.push(child)
  return child
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
    await page?.screenshot({ path: screenshotPath(`FAILED-monitoring-${ctx.task.name.slice(0, 2).replace(/\W/g, '')}`), fullPage: true }).catch(() => undefined)
    console.log(`host output:\n${host?.output().slice(-4000)}`)
  }
})

afterAll(async () => {
  for (const s of sessions) s.kill('SIGTERM')
  await context?.close()
  await browser?.close()
  await host?.stop()
  console.log(`monitoring screenshots (${shots.length} screens × 2 widths): ${shots.join(', ')}`)
})

describe('Monitoring', () => {
  it('1. admin signs in and opens 监控 → 监控对象', async () => {
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

    await openFromMenu(page, 'monitoring', 'monitoringTargets')
    await page.waitForURL('**/monitoring/targets')
    // the demo hospital's targets are listed; the empty text never shows while the list loads
    await expect.poll(() => page.locator('[data-test=target-table]').innerText()).toContain('EMR WebLogic')
    expect(await page.locator('[data-test=target-table]').innerText()).not.toContain('还没有监控对象')
  })

  it('2. adds a Prometheus target for a demo server, tests it, saves it and collects now', async () => {
    expect(NODE_EXPORTER, 'HOSPITALOPS_TEST_NODE_EXPORTER (a node exporter /metrics URL) is not set; run through ./test').toMatch(/^https?:\/\//)

    await page.locator('[data-test=target-create]').click()
    await page.waitForURL('**/monitoring/targets/new')
    await page.locator('[data-test=kind-chooser] [data-kind=prometheus]').waitFor()
    await expect.poll(() => page.locator('[data-test=kind-chooser]').innerText()).toContain('Prometheus 指标端点')
    await page.locator('[data-test=kind-chooser] [data-kind=prometheus]').click()

    await chooseOption(page.locator('[data-test=target-ci]'), SERVER.name, SERVER.code)
    await field('name').fill(PROM_TARGET)

    // a wrong address: the server's words beside the field
    await field('address').fill('not a url')
    await page.locator('[data-test=target-test]').click()
    await expect.poll(() => page.locator('[data-test=target-editor] .el-form-item__error').first().innerText()).not.toBe('')

    await field('address').fill(NODE_EXPORTER)
    await page.locator('[data-test=target-test]').click()
    await page.locator('[data-test=test-result][data-success=true]').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.locator('[data-test=test-outcome]').innerText()).toContain('测试成功')
    await page.locator('[name=testFilter]').fill('node_')
    await expect.poll(() => page.locator('[data-test=test-samples]').innerText()).toMatch(/node_\w+/)
    await capture('monitoring-target-add-test', '[data-test=test-card]')

    await page.locator('[data-test=target-save]').click()
    await page.waitForURL(/\/monitoring\/targets\/\d+$/)
    promTargetId = Number(page.url().split('/').pop())
    await expect.poll(() => page.locator('[data-test=target-name]').innerText()).toBe(PROM_TARGET)

    await page.locator('[data-test=target-collect]').click()
    await expect.poll(() => page.locator('[data-test=target-detail] [data-test=health-state]').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('up')
    await expect.poll(() => page.locator('[data-test=target-detail] [data-test=health-state]').first().innerText()).toContain('正常')
    await page.locator('[name=latestFilter]').fill('node_load')
    await expect.poll(() => page.locator('[data-test=latest-samples]').innerText()).toContain('node_load1')
    await page.locator('[name=latestFilter]').fill('node_')
    await capture('monitoring-target-detail')

    // the configuration tab: settings, labels, no secrets set
    await page.locator('#tab-config').click()
    await expect.poll(() => page.locator('[data-test=target-config]').innerText()).toContain(NODE_EXPORTER)
    await expect.poll(() => page.locator('[data-test=target-secrets]').innerText()).toContain('未设置')

    // the list shows it up, with its CI
    await openFromMenu(page, 'monitoring', 'monitoringTargets')
    await expect.poll(() => page.locator('[data-test=target-table]').innerText()).toContain(PROM_TARGET)
    await expect.poll(() => page.locator('[data-test=target-table]').innerText()).toContain(SERVER.name)
    await expect.poll(() => page.locator('[data-test=target-table] [data-test=health-state]').first().getAttribute('data-state')).toBe('up')
    await capture('monitoring-targets')
  })

  it("3. the server CI's Monitoring tab lists the target with its key values", async () => {
    await page.goto(`/monitoring/targets/${promTargetId}`)
    await page.locator('[data-test=target-ci-link]').click()
    await page.waitForURL(/\/cmdb\/cis\/\d+/)
    await expect.poll(() => page.locator('[data-test=ci-name]').innerText()).toBe(SERVER.name)
    await page.locator('#tab-monitoring').click()
    const panel = page.locator('[data-test=ci-monitoring]')
    await expect.poll(() => panel.innerText()).toContain(PROM_TARGET)
    await expect.poll(() => panel.locator('[data-test=health-state]').first().getAttribute('data-state')).toBe('up')
    await expect.poll(() => panel.locator('[data-test=ci-monitoring-values]').first().innerText()).toContain('up')
    await capture('monitoring-ci-tab', '[data-test=ci-monitoring]')

    // adding from here starts with this CI chosen
    await page.locator('[data-test=ci-monitoring-add]').click()
    await page.waitForURL('**/monitoring/targets/new?ciId=*')
    await page.locator('[data-test=kind-chooser] [data-kind=icmp]').click()
    await expect.poll(() => page.locator('[data-test=target-ci]').innerText()).toContain(SERVER.name)
  })

  it('4. edits the target: a label checked beside its field, credentials kept and shown only as set', async () => {
    await page.goto(`/monitoring/targets/${promTargetId}`)
    await page.locator('[data-test=target-edit]').click()
    await page.waitForURL(`**/monitoring/targets/${promTargetId}/edit`)
    await expect.poll(() => field('name').inputValue()).toBe(PROM_TARGET)

    await page.locator('[data-test=label-add]').click()
    await field('labelName0').fill('room-1')
    await field('labelValue0').fill('B01')
    await expect.poll(() => page.locator('[data-test=label-error]').innerText()).toContain('标签名')
    await field('labelName0').fill('room')
    await expect.poll(() => page.locator('[data-test=label-error]').count()).toBe(0)
    await field('secrets.username').fill('prometheus')
    await field('secrets.password').fill('Scrape#2026')
    await page.locator('[data-test=target-save]').click()
    await page.waitForURL(`**/monitoring/targets/${promTargetId}`)

    await page.locator('#tab-config').click()
    await expect.poll(() => page.locator('[data-test=target-labels]').innerText()).toContain('room=B01')
    await expect.poll(() => page.locator('[data-test=target-secrets] [data-secret=password]').innerText()).toContain('已设置')
    await expect.poll(() => page.locator('[data-test=target-secrets] [data-secret=bearerToken]').innerText()).toContain('未设置')
    expect(await page.locator('[data-test=target-config]').innerText()).not.toContain('Scrape#2026')

    // the editor never shows a stored secret: an empty field says it is set
    await page.locator('[data-test=target-edit]').click()
    await expect.poll(() => field('secrets.password').getAttribute('placeholder')).toContain('已设置')
    expect(await field('secrets.password').inputValue()).toBe('')
    await page.goBack()
  })

  it("5. a PostgreSQL target's running statements and blocking tree", async (ctx) => {
    expect(PG_PEER, 'HOSPITALOPS_TEST_PG_PEER (a PostgreSQL connection string) is not set; run through ./test').toMatch(/host=/i)
    const c = connectionParts(PG_PEER)

    await page.goto('/monitoring/targets/new')
    await page.locator('[data-test=kind-chooser] [data-kind=postgres]').click()
    await chooseOption(page.locator('[data-test=target-ci]'), PG_CI.name, PG_CI.code)
    await field('name').fill(PG_TARGET)
    await field('address').fill(`${c.host}:${c.port ?? '5432'}`)
    await field('settings.database').fill(c.database ?? 'postgres')
    await field('settings.username').fill(c.username ?? 'postgres')
    if (c.password) await field('secrets.password').fill(c.password)
    await page.locator('[data-test=target-save]').click()
    await page.waitForURL(/\/monitoring\/targets\/\d+$/)
    const id = Number(page.url().split('/').pop())
    await expect.poll(() => page.locator('[data-test=target-kind]').innerText()).toContain('PostgreSQL')

    const probe = await page.request.get(`/api/v1/monitoring/targets/${id}/statements`)
    if (probe.status() === 404) {
      // The server has no running-statements endpoint yet: reported as skipped, never as passed.
      console.log('WAITING FOR THE SERVER: GET /api/v1/monitoring/targets/{id}/statements answers 404')
      ctx.skip()
    }

    // the saved target reaches the database
    await page.locator('[data-test=target-test-now]').click()
    await page.locator('[data-test=test-dialog] [data-test=test-result]').waitFor({ timeout: 30_000 })
    expect(await page.locator('[data-test=test-dialog] [data-test=test-result]').innerText()).toContain('测试成功')
    await page.keyboard.press('Escape')

    // one session holds a lock, a second waits for it
    psql('CREATE TABLE IF NOT EXISTS hops_e2e_lock (id int)', true)
    psql("BEGIN; LOCK TABLE hops_e2e_lock IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(40); COMMIT;")
    await page.waitForTimeout(500)
    psql('SELECT count(*) FROM hops_e2e_lock')

    await page.locator('#tab-statements').click()
    const panel = page.locator('[data-test=statements]')
    await expect.poll(() => panel.locator('[data-test=statement-table]').innerText(), { timeout: 20_000 }).toContain('pg_sleep')
    await expect.poll(() => panel.locator('[data-test=blocking-tree]').innerText(), { timeout: 20_000 }).toContain('hops_e2e_lock')
    await expect.poll(() => panel.locator('[data-test=statement-table]').innerText()).toContain('hops_e2e_lock')
    await capture('monitoring-statements', '[data-test=statements]')

    // pausing stops the refresh
    await page.locator('[data-test=statements-auto]').click()
    const before = await page.locator('[data-test=statements-time]').innerText()
    await page.waitForTimeout(6000)
    expect(await page.locator('[data-test=statements-time]').innerText()).toBe(before)
  })

  it('6. adds a TCP target for every modality in bulk, after a preview', async () => {
    await openFromMenu(page, 'monitoring', 'monitoringTargets')
    await page.waitForURL('**/monitoring/targets')
    await page.locator('[data-test=target-bulk]').click()
    const dialog = page.locator('.el-dialog[data-test=bulk-dialog]')
    await dialog.waitFor()

    // a template without a selection is refused beside the CI type
    await chooseOption(dialog.locator('[data-test=bulk-kind]'), 'TCP 端口', 'TCP')
    await dialog.locator('[name=bulkAddress]').fill('{attr.ip}:104')
    await dialog.locator('[data-test=bulk-preview]').click()
    await expect.poll(() => dialog.locator('.el-form-item__error').first().innerText()).not.toBe('')

    await chooseOption(dialog.locator('[data-test=bulk-type]'), '医疗设备/影像设备', '影像')
    await dialog.locator('[name=bulkName]').fill('{name} DICOM 端口')
    await dialog.locator('[data-test=bulk-preview]').click()
    const created = dialog.locator('[data-test=bulk-result][data-dry-run=true] [data-test=bulk-created]')
    await expect.poll(() => created.locator('li').count()).toBe(MODALITIES.length)
    for (const name of MODALITIES) {
      await expect.poll(() => created.innerText()).toContain(`${name} DICOM 端口`)
    }
    expect(await created.innerText()).toContain('10.30.0.11:104')
    await expect.poll(() => dialog.innerText()).toContain(`将创建 ${MODALITIES.length} 个监控对象`)
    await capture('monitoring-bulk-preview', '[data-test=bulk-result]')

    await dialog.locator('[data-test=bulk-create]').click()
    await expect.poll(() => page.locator('.el-message').last().innerText()).toContain(`已创建 ${MODALITIES.length} 个监控对象`)
    await dialog.waitFor({ state: 'hidden' })
    // the list has the demo's own targets too: find the new ones by their name
    await page.locator('[name=targetQuery]').fill('DICOM 端口')
    await page.locator('[data-test=target-search]').click()
    for (const name of MODALITIES) {
      await expect.poll(() => page.locator('[data-test=target-table]').innerText()).toContain(`${name} DICOM 端口`)
    }
    await expect.poll(() => page.locator('[data-test=target-table]').innerText()).toContain('10.30.0.41:104')
  })

  it('7. no page error on the way', () => {
    expect(problems).toEqual([])
  })
})
