import { describe, expect, it } from 'vitest'
import type { AttributeDef } from './api'
import { columnsKey, defaultHidden, hiddenFromShown, loadHidden, resetHidden, saveHidden, shownAttributes, type StorageLike } from './columns'

const database: AttributeDef[] = [
  { name: 'engine', labelZh: '数据库类型', labelEn: 'Engine', type: 'enum', values: ['oracle'] },
  { name: 'version', labelZh: '版本', labelEn: 'Version', type: 'text' },
  { name: 'port', labelZh: '端口', labelEn: 'Port', type: 'number' },
  { name: 'password', labelZh: '监控账号密码', labelEn: 'Monitoring password', type: 'secret' },
]

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}

describe('column chooser', () => {
  it('hides secrets by default (they only ever show ******)', () => {
    expect(defaultHidden(database)).toEqual(['password'])
    expect(loadHidden('database', database, memoryStorage())).toEqual(['password'])
    expect(shownAttributes(database, ['password']).map((a) => a.name)).toEqual(['engine', 'version', 'port'])
  })

  it('remembers the choice per type in storage', () => {
    const storage = memoryStorage()
    const hidden = hiddenFromShown(database, ['engine', 'port'])
    expect(hidden).toEqual(['version', 'password'])
    saveHidden('database', hidden, storage)
    expect(storage.data.get(columnsKey('database'))).toBe('{"hidden":["password","version"]}')
    expect(loadHidden('database', database, storage)).toEqual(['password', 'version'])
    // another type keeps its own default
    expect(loadHidden('vm', [{ name: 'vcpu', labelZh: 'vCPU', labelEn: 'vCPU', type: 'number' }], storage)).toEqual([])
  })

  it('stores what is hidden, so an attribute the type gains later is shown', () => {
    const storage = memoryStorage()
    saveHidden('database', ['version'], storage)
    const grown = [...database, { name: 'sid', labelZh: '实例名', labelEn: 'SID', type: 'text' }]
    expect(shownAttributes(grown, loadHidden('database', grown, storage)).map((a) => a.name)).toEqual(['engine', 'port', 'password', 'sid'])
  })

  it('can show a secret on purpose, and forget the choice again', () => {
    const storage = memoryStorage()
    saveHidden('database', hiddenFromShown(database, ['engine', 'version', 'port', 'password']), storage)
    expect(loadHidden('database', database, storage)).toEqual([])
    resetHidden('database', storage)
    expect(loadHidden('database', database, storage)).toEqual(['password'])
  })

  it('falls back to the default when storage holds something unreadable or is unavailable', () => {
    const storage = memoryStorage()
    storage.data.set(columnsKey('database'), 'not json')
    expect(loadHidden('database', database, storage)).toEqual(['password'])
    storage.data.set(columnsKey('database'), '{"hidden":"version"}')
    expect(loadHidden('database', database, storage)).toEqual(['password'])
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('quota')
      },
      removeItem: () => undefined,
    }
    expect(loadHidden('database', database, broken)).toEqual(['password'])
    expect(() => saveHidden('database', ['version'], broken)).not.toThrow()
    expect(loadHidden('database', database, null)).toEqual(['password'])
  })
})
