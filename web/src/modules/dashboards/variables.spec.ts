import { describe, expect, it } from 'vitest'
import type { DashboardVariable } from './model'
import { ALL, initialValue, listOptions, listVariableNames, optionsSelector, regexEscape, substitute, usedVariables, valuesFromQuery, valuesToQuery, variableText } from './variables'

const ci: DashboardVariable = { name: 'ci', label: 'CI', kind: 'label_values', metric: 'up', labelName: 'ci', multi: false, includeAll: true }
const zone: DashboardVariable = { name: 'zone', label: 'Zone', kind: 'label_values', metric: 'up', labelName: 'zone', multi: true, includeAll: true }

describe('substitute', () => {
  it('replaces $name and ${name}; a single value as it is', () => {
    expect(substitute('up{ci=~"$ci"} + up{ci="${ci}"}', { ci: ['HIS-APP-01'] })).toBe('up{ci=~"HIS-APP-01"} + up{ci="HIS-APP-01"}')
  })

  it('makes several values a regex alternative, each escaped, and All .+', () => {
    expect(substitute('up{ci=~"$ci"}', { ci: ['a.b', 'c'] })).toBe('up{ci=~"a\\\\.b|c"}')
    expect(substitute('up{ci=~"$ci"}', { ci: [ALL] })).toBe('up{ci=~".+"}')
  })

  it('leaves unknown names and fills the built-in intervals', () => {
    expect(substitute('rate(x{a="$other"}[$__rate_interval])', {}, { stepSeconds: 15 })).toBe('rate(x{a="$other"}[1m])')
    expect(substitute('avg_over_time(x[$__interval]) / $__range', {}, { stepSeconds: 300, rangeSeconds: 21_600 })).toBe('avg_over_time(x[5m]) / 6h')
    expect(substitute('rate(x[$__rate_interval])', {}, { stepSeconds: 300 })).toBe('rate(x[20m])')
  })

  it('does not confuse $ci with $ci_type', () => {
    expect(substitute('$ci $ci_type', { ci: ['a'], ci_type: ['b'] })).toBe('a b')
    expect(usedVariables('x{a=~"$ci", b="${zone}"} $ci')).toEqual(['ci', 'zone'])
  })

  it('escapes quotes and backslashes', () => {
    expect(variableText(['say "hi"'])).toBe('say \\"hi\\"')
    expect(regexEscape('a(b)')).toBe('a\\\\(b\\\\)')
  })
})

describe('URL', () => {
  it('reads var-… for the dashboard variables only; one value for a single-value variable', () => {
    expect(valuesFromQuery({ 'var-ci': 'HIS-APP-01', 'var-zone': ['a', 'b'], 'var-other': 'x', from: 'now-1h' }, [ci, zone])).toEqual({ ci: ['HIS-APP-01'], zone: ['a', 'b'] })
    expect(valuesFromQuery({ 'var-ci': ['x', 'y'] }, [ci])).toEqual({ ci: ['x'] })
    expect(valuesFromQuery({}, [ci])).toEqual({})
  })

  it('writes var-… and keeps the rest of the query', () => {
    expect(valuesToQuery({ from: 'now-1h', 'var-ci': 'old' }, { ci: ['new'], zone: ['a', 'b'] })).toEqual({ from: 'now-1h', 'var-ci': 'new', 'var-zone': ['a', 'b'] })
  })
})

describe('initial values and options', () => {
  it('starts at the default, else All, else the first option', () => {
    expect(initialValue({ ...ci, default: 'b' }, ['a', 'b'])).toEqual(['b'])
    expect(initialValue({ ...ci, default: 'zz' }, ['a', 'b'])).toEqual([ALL])
    expect(initialValue(ci, ['a'])).toEqual([ALL])
    expect(initialValue({ ...ci, includeAll: false }, ['a', 'b'])).toEqual(['a'])
    expect(initialValue({ ...ci, includeAll: false }, [])).toEqual([])
  })

  it('narrows the options by the variables chosen before it', () => {
    const vars = [zone, ci]
    expect(optionsSelector(ci, vars, { zone: ['dmz', 'core'] })).toBe('up{zone=~"dmz|core"}')
    expect(optionsSelector(ci, vars, { zone: [ALL] })).toBe('up')
    expect(optionsSelector(zone, vars, { ci: ['x'] })).toBe('up')
    expect(optionsSelector({ ...ci, metric: '' }, [ci], {})).toBe('')
    expect(optionsSelector({ ...ci, metric: '{job="node"}' }, [ci], {})).toBe('{job="node"}')
  })
})

describe('list labels (a CI needed by several business systems)', () => {
  it('offers each business code once', () => {
    expect(listOptions(['emr,his-outpatient,pacs-ris', 'his-outpatient', 'lis'])).toEqual(['emr', 'his-outpatient', 'lis', 'pacs-ris'])
  })

  it('matches the chosen codes as whole items of the list', () => {
    const text = substitute('up{business=~"$business"}', { business: ['his-outpatient', 'lis'] }, {}, ['business'])
    expect(text).toBe('up{business=~"(.*,)?(his-outpatient|lis)(,.*)?"}')
    const regex = new RegExp('^(?:(.*,)?(his-outpatient|lis)(,.*)?)$')
    expect(regex.test('emr,his-outpatient,pacs-ris')).toBe(true)
    expect(regex.test('lis')).toBe(true)
    expect(regex.test('his-outpatient-2')).toBe(false)
    expect(regex.test('emr')).toBe(false)
  })

  it('narrows the next variable by whole codes too', () => {
    const variables = [
      { name: 'business', label: '', kind: 'label_values' as const, metric: 'up', labelName: 'business', multi: false, includeAll: false },
      { name: 'ci', label: '', kind: 'label_values' as const, metric: 'up', labelName: 'ci', multi: false, includeAll: false },
    ]
    expect(listVariableNames(variables)).toEqual(['business'])
    expect(optionsSelector(variables[1], variables, { business: ['emr'] })).toBe('up{business=~"(.*,)?(emr)(,.*)?"}')
  })
})
