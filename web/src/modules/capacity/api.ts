import { http, toQuery } from '@/api/http'

/** The layers of a business system that hold capacity, top down (the OBASHI view), as the server names them. */
export type CapacityLayer = 'middleware' | 'database' | 'server' | 'storage' | 'network'

/** How a resource's values are counted (the server's units; `bitsps` is bits per second). */
export type CapacityUnit = 'bytes' | 'percent' | 'count' | 'bitsps'

export type ForecastOutcome =
  | 'FillsWithinHorizon'
  | 'AlreadyFull'
  | 'BeyondHorizon'
  | 'NotGrowing'
  | 'TooFewPoints'
  | 'HistoryTooShort'
  | 'CapacityUnknown'

/** The usage expected `days` days after now: `peak` is what fills (the seasonal high), `low`–`high` the band. */
export interface CapacityProjection {
  days: number
  at: number
  expected: number
  peak: number
  low: number
  high: number
}

/** A resource's forecast; times are Unix ms, `reason` is an English sentence. */
export interface CapacityForecast {
  /** one of ForecastOutcome (a string, so that an outcome the server adds later does not break the page) */
  outcome: ForecastOutcome | string
  reason: string
  model: 'Linear' | 'Seasonal' | 'None' | string
  cycle: string | null
  growthPerDay: number | null
  daysUntilFull: number | null
  daysUntilFullEarliest: number | null
  daysUntilFullLatest: number | null
  fullAt: number | null
  fullAtEarliest: number | null
  fullAtLatest: number | null
  cleanupAt: number | null
  projections: CapacityProjection[]
}

/** One resource of one CI (a file system, a tablespace, a link…) with its hourly usage and forecast. */
export interface CapacityResource {
  ciId: number
  ciCode: string
  ciName: string
  ciType: string
  /** codes of the business systems the CI serves */
  business: string[]
  layer: CapacityLayer | string
  kind: string
  /** the resource's name in the caller's language (文件系统, Tablespace…) */
  name: string
  /** which one of the CI's resources: a mount point, a tablespace, an interface */
  instance: string
  unit: CapacityUnit | string
  capacity: number | null
  current: number | null
  /** the fraction left, 0..1 */
  headroom: number | null
  /** [Unix ms, value], hourly */
  points: [number, number][]
  forecast: CapacityForecast
}

export interface CapacityLayerView {
  layer: CapacityLayer | string
  /** CIs of the business system in this layer (monitored or not) */
  cis: number
  resources: CapacityResource[]
}

export interface Bottleneck {
  layer: CapacityLayer | string
  ciId: number
  ciCode: string
  name: string
  instance: string
  daysUntilFull: number | null
  headroom: number | null
  reason: string
}

export interface BusinessCapacity {
  businessId: number
  businessCode: string
  businessName: string
  days: number
  from: number
  to: number
  layers: CapacityLayerView[]
  bottleneck: Bottleneck | null
}

/** A line of the capacity report: a resource that fills (or may fill) within the horizon. */
export interface CapacityReportLine {
  resource: CapacityResource
  fillsWithinDays: number | null
  mayFillWithinDays: number | null
  /** how much to add so the 180-day peak fits with 20 % spare, in the resource's unit */
  adviseAddAtLeast: number | null
}

export const HORIZONS = [30, 90, 180] as const
export type Horizon = (typeof HORIZONS)[number]

export const PERIODS = [7, 30, 90] as const
export type Period = (typeof PERIODS)[number]

/** The link that downloads the report as xlsx (the session cookie authorises a plain link). */
export function reportXlsxUrl(within: number, days = 30): string {
  return `/api/v1/capacity/report.xlsx${toQuery({ within, days })}`
}

/** Typed calls of the capacity API (base /api/v1; monitoring.read). */
export const capacityApi = {
  business: (businessId: number, days: number) => http.get<BusinessCapacity>(`/capacity/business/${businessId}${toQuery({ days })}`).then((r) => r.data),
  forecasts: (within: number, days = 30) => http.get<CapacityReportLine[]>(`/capacity/forecasts${toQuery({ within, days })}`).then((r) => r.data),
}
