import { onMounted, ref } from 'vue'
import { cmdbApi } from '@/modules/cmdb/api'
import { BUSINESS_TYPE } from '@/modules/cmdb/businessSystems'
import type { CmdbLink } from './api'

/** The CMDB's business systems for the filters and the editor; empty when the user may not read the CMDB. */
export function useBusinessSystems() {
  const systems = ref<CmdbLink[]>([])
  onMounted(async () => {
    try {
      const page = await cmdbApi.cis({ type: BUSINESS_TYPE, page: 1, pageSize: 500 })
      systems.value = page.items.map((c) => ({ id: c.id, code: c.code, name: c.name }))
    } catch {
      systems.value = []
    }
  })
  return systems
}
