import { onMounted, ref } from 'vue'
import { cmdbApi } from '@/modules/cmdb/api'
import { BUSINESS_TYPE } from '@/modules/cmdb/businessSystems'
import { systemLevel } from './desk'

export interface BusinessSystemChoice {
  id: number
  code: string
  name: string
  /** 1 most critical; 3 when the CMDB gives none */
  level: number
}

/** The CMDB's business systems for the pickers and the filter; empty when the user may not read the CMDB. */
export function useBusinessSystems() {
  const systems = ref<BusinessSystemChoice[]>([])
  onMounted(async () => {
    try {
      // a hospital has tens of business systems: one page holds them
      const page = await cmdbApi.cis({ type: BUSINESS_TYPE, page: 1, pageSize: 500 })
      systems.value = page.items.map((c) => ({ id: c.id, code: c.code, name: c.name, level: systemLevel(c.attributes) }))
    } catch {
      systems.value = []
    }
  })
  return systems
}
