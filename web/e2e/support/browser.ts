import { expect } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** web/test-output/screenshots, or HOSPITALOPS_SCREENSHOTS (the repository's ./test collects them there) */
export const SCREENSHOT_DIR = process.env.HOSPITALOPS_SCREENSHOTS ?? join(import.meta.dirname, '..', '..', 'test-output', 'screenshots')

export const DESKTOP = { width: 1440, height: 900 }
export const PHONE = { width: 390, height: 844 }

/** Debian's chromium, headless; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 })
}

/** document width beyond the viewport, in px (0 = no horizontal page overflow) */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  return join(SCREENSHOT_DIR, `${name}.png`)
}

/** Removes the toasts on screen, so a screenshot shows the page and not the last message. */
export async function clearToasts(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('.el-message').forEach((m) => m.remove()))
}

/** Opens an entry of the left navigation, unfolding its group first (group null: a top-level entry). */
export async function openFromMenu(page: Page, group: string | null, item: string): Promise<void> {
  if (group) {
    const sub = page.locator(`[data-nav=${group}]`)
    if (!(await sub.evaluate((el) => el.classList.contains('is-opened')))) {
      await sub.locator('.el-sub-menu__title').click()
    }
  }
  await page.locator(`[data-nav=${item}]`).click()
}

/**
 * Screenshots `name-1440` and `name-390` (optionally scrolled to `focus`), checking that at phone width nothing overflows
 * sideways; the page is left at desktop width.
 */
export async function captureBothWidths(page: Page, name: string, focus?: string): Promise<void> {
  await page.mouse.move(DESKTOP.width / 2, 5)
  await page.waitForTimeout(800)
  await clearToasts(page)
  if (focus) await page.locator(focus).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath(`${name}-1440`) })
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(1000)
  await clearToasts(page)
  if (focus) await page.locator(focus).first().scrollIntoViewIfNeeded()
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(scrollWidth, `${name}: page is ${scrollWidth}px wide at 390px`).toBeLessThanOrEqual(PHONE.width + 1)
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)
  await page.screenshot({ path: screenshotPath(`${name}-390`) })
  await page.setViewportSize(DESKTOP)
  await page.waitForTimeout(500)
}
