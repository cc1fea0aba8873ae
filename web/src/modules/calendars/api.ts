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

export const calendarsApi = {
  holidays: (year: number) => http.get<HolidayDay[]>(`/calendars/holidays/${year}`).then((r) => r.data),
  /** Replaces the year's days with these. */
  saveHolidays: (year: number, days: HolidayDay[]) => http.put<HolidayDay[]>(`/calendars/holidays/${year}`, { days }).then((r) => r.data),
  /** The State Council's notice as published: `apply` false only shows what it gives, true stores it in place of the year's days. */
  importNotice: (year: number, text: string, apply: boolean) => http.post<NoticeResult>(`/calendars/holidays/${year}/notice`, { text, apply }).then((r) => r.data),
}
