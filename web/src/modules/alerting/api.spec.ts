import { describe, expect, it } from 'vitest'
import { SEVERITIES, severityTagType } from './api'

describe('severities', () => {
  it('are listed most urgent first and each has its own colour', () => {
    expect(SEVERITIES).toEqual(['critical', 'major', 'minor', 'info'])
    expect(SEVERITIES.map(severityTagType)).toEqual(['danger', 'warning', 'primary', 'info'])
  })

  it('falls back to grey for a severity the page does not know', () => {
    expect(severityTagType('unknown')).toBe('info')
  })
})
