import { http } from '@/api/http'

/** 放假 (a day off) or 调休上班 (a make-up working day, always a Saturday or Sunday). */
export type HolidayKind = 'holiday' | 'workday'

/** A day of the holiday calendar; days not listed follow the week (Monday to Friday worked). */
export interface HolidayDay {
  /** `YYYY-MM-DD` */
  date: string
  kind: HolidayKind
  /** the festival it belongs to (春节, 国庆节…), or none */
  festival: string | null
}

/** What a pasted notice gives: the year's days, and whether they were stored. */
export interface NoticeResult {
  year: number
  applied: boolean
  days: HolidayDay[]
}

/** A working period: ISO weekday (1 = Monday … 7 = Sunday), `HH:mm` times of the calendar's zone, `to` up to `24:00`. */
export interface BusinessPeriod {
  weekday: number
  from: string
  to: string
}

/** A business calendar (服务时间): when SLA clocks run. */
export interface BusinessCalendar {
  id: number
  name: string
  description: string | null
  /** IANA zone the periods are wall-clock times of */
  timeZone: string
  /** 7×24: every instant counts (no periods, holidays do not apply) */
  alwaysOpen: boolean
  /** holidays are days off, make-up days are worked as the calendar's first working weekday */
  followsHolidays: boolean
  periods: BusinessPeriod[]
  builtIn: boolean
  createdAt: string
  updatedAt: string
  version: number
}

/** The calendars, and the years (this one and the next, in `zone`) whose holidays are not entered yet. */
export interface BusinessCalendarList {
  items: BusinessCalendar[]
  holidayYearsMissing: number[]
  zone: string
}

export interface SaveBusinessCalendar {
  name: string
  description: string | null
  timeZone: string
  alwaysOpen: boolean
  followsHolidays: boolean
  periods: BusinessPeriod[]
  /** the version read, to change a calendar */
  version?: number
}

export const calendarsApi = {
  holidays: (year: number) => http.get<HolidayDay[]>(`/calendars/holidays/${year}`).then((r) => r.data),
  /** Replaces the year's days with these. */
  saveHolidays: (year: number, days: HolidayDay[]) => http.put<HolidayDay[]>(`/calendars/holidays/${year}`, { days }).then((r) => r.data),
  /** The State Council's notice as published: `apply` false only shows what it gives, true stores it in place of the year's days. */
  importNotice: (year: number, text: string, apply: boolean) => http.post<NoticeResult>(`/calendars/holidays/${year}/notice`, { text, apply }).then((r) => r.data),
  /** `zone` (the reader's IANA zone) decides which years are "this year and the next" for the missing-holidays warning. */
  businessCalendars: (zone?: string) =>
    http.get<BusinessCalendarList>('/calendars/business', { params: zone ? { zone } : {} }).then((r) => r.data),
  businessCalendar: (id: number) => http.get<BusinessCalendar>(`/calendars/business/${id}`).then((r) => r.data),
  createBusinessCalendar: (body: SaveBusinessCalendar) => http.post<BusinessCalendar>('/calendars/business', body).then((r) => r.data),
  updateBusinessCalendar: (id: number, body: SaveBusinessCalendar) => http.put<BusinessCalendar>(`/calendars/business/${id}`, body).then((r) => r.data),
  removeBusinessCalendar: (id: number) => http.delete(`/calendars/business/${id}`).then(() => undefined),
}
