import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { currentLanguage } from '@/i18n'
import { monitoringApi, type TargetKindInfo } from './api'

/** The kinds of target (names in both languages, address form, secret fields), loaded once. */
export const useMonitoringStore = defineStore('monitoring', () => {
  const kinds = ref<TargetKindInfo[]>([])
  let loading: Promise<void> | null = null

  const kindByCode = computed(() => new Map(kinds.value.map((k) => [k.code, k])))

  function ensure(): Promise<void> {
    if (!kinds.value.length && !loading) {
      loading = monitoringApi
        .kinds()
        .then((list) => {
          kinds.value = list
        })
        .finally(() => {
          loading = null
        })
    }
    return loading ?? Promise.resolve()
  }

  function kindName(code: string): string {
    const k = kindByCode.value.get(code)
    if (!k) return code
    return currentLanguage.value === 'zh-CN' ? k.nameZh : k.nameEn
  }

  return { kinds, kindByCode, ensure, kindName }
})
