import { describe, expect, it } from 'vitest'
import { ciDashboardRoute, dashboardsForCi } from './ciDashboards'

describe('dashboardsForCi', () => {
  it('gives hosts the host overview', () => {
    for (const type of ['os-instance', 'server', 'vm']) expect(dashboardsForCi(type)).toEqual(['host-overview', 'clock-drift'])
  })

  it('gives a database the overview of its engine', () => {
    expect(dashboardsForCi('database', { engine: 'postgresql' })).toEqual(['postgresql-overview', 'clock-drift'])
    expect(dashboardsForCi('database', { engine: 'oracle' })).toEqual(['oracle-overview', 'clock-drift'])
    expect(dashboardsForCi('database', { engine: 'sqlserver' })).toEqual(['sqlserver-overview', 'clock-drift'])
    expect(dashboardsForCi('database', { engine: 'mysql' })).toEqual(['mysql-overview', 'clock-drift'])
    expect(dashboardsForCi('database', { engine: 'dm' })).toEqual(['clock-drift'])
    // type codes that name the engine themselves
    expect(dashboardsForCi('postgres-cluster')).toEqual(['postgresql-overview', 'clock-drift'])
    expect(dashboardsForCi('mssql')).toEqual(['sqlserver-overview', 'clock-drift'])
  })

  it('gives middleware, modalities and interfaces theirs', () => {
    expect(dashboardsForCi('middleware', { product: 'weblogic' })).toEqual(['middleware-overview', 'clock-drift'])
    expect(dashboardsForCi('tomcat')).toEqual(['middleware-overview', 'clock-drift'])
    expect(dashboardsForCi('modality')).toEqual(['clinical-interfaces', 'clock-drift'])
    expect(dashboardsForCi('interface', { protocol: 'hl7v2-mllp' })).toEqual(['clinical-interfaces', 'clock-drift'])
  })

  it('always offers the clock drift, even for a type it does not know', () => {
    expect(dashboardsForCi('document')).toEqual(['clock-drift'])
  })

  it('opens the dashboard with the CI chosen by its code', () => {
    expect(ciDashboardRoute('host-overview', 'srv-emr-rac-1')).toEqual({ name: 'dashboard', params: { uid: 'host-overview' }, query: { 'var-ci': 'srv-emr-rac-1' } })
  })
})
