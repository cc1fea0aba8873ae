import { ref, watch } from 'vue'

/**
 * The charts' theme, light by default; the choice is kept in this browser and every chart
 * follows it at once.
 */
export type ChartTheme = 'light' | 'dark'
export const CHART_THEME_KEY = 'hops.chartTheme'

function stored(): ChartTheme {
  try {
    return globalThis.localStorage?.getItem(CHART_THEME_KEY) === 'dark' ? 'dark' : 'light'
  } catch {
    return 'light'
  }
}

export const chartTheme = ref<ChartTheme>(stored())

watch(chartTheme, (theme) => {
  try {
    globalThis.localStorage?.setItem(CHART_THEME_KEY, theme)
  } catch {
    // private mode: the choice lasts for this page only
  }
})

export function toggleChartTheme(): void {
  chartTheme.value = chartTheme.value === 'dark' ? 'light' : 'dark'
}
