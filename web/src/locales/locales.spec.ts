import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import zhCN from './zh-CN'
import enUS from './en-US'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') {
      out.set(path, v)
    } else {
      for (const [p, s] of leaves(v, path)) out.set(p, s)
    }
  }
  return out
}

const SRC = join(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.spec.ts') ? [path] : []
  })
}

const zh = leaves(zhCN as unknown as Tree)
const en = leaves(enUS as unknown as Tree)

describe('locale files', () => {
  it('have the same keys in zh-CN and en-US', () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort())
  })

  it('have no empty message', () => {
    // the Chinese duration words are written without a space between them
    const mayBeEmpty = new Set(['duration.separator'])
    for (const [key, text] of [...zh, ...en]) {
      if (mayBeEmpty.has(key)) continue
      expect(text.trim(), key).not.toBe('')
    }
  })

  it('keep placeholders the same in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, text] of zh) {
      expect(placeholders(en.get(key) ?? ''), key).toEqual(placeholders(text))
    }
  })

  it('use no character vue-i18n would read as syntax (@ and |)', () => {
    for (const [key, text] of [...zh, ...en]) {
      expect(/[@|]/.test(text), `${key}: ${text}`).toBe(false)
    }
  })

  it('contain every key that the components pass to t()', () => {
    const missing: string[] = []
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8')
      for (const call of text.matchAll(/\bt\(([^()]*)\)/g)) {
        for (const literal of call[1].matchAll(/'([A-Za-z][\w]*(?:\.[\w]+)+)'/g)) {
          if (!zh.has(literal[1])) missing.push(`${relative(SRC, file)}: ${literal[1]}`)
        }
      }
    }
    expect(missing).toEqual([])
  })

  it('are the only place with Chinese text (no literals in components)', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => !f.includes(`${join('src', 'locales')}`))
      .filter((f) => /[\u3400-\u9fff\uff00-\uffef]/.test(readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')))
      .map((f) => relative(SRC, f))
    expect(offenders).toEqual([])
  })
})
