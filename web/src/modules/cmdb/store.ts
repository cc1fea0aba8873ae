import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { currentLanguage } from '@/i18n'
import { identityApi, type OrgUnit } from '@/modules/identity/api'
import { orgUnitResolver } from './businessSystems'
import { cmdbApi, type Ci, type CiType, type RelationType } from './api'
import { typeName as localTypeName, relationLabel, type Direction } from './model'

/** Layers in the server's order, until GET /layers has answered. */
export const DEFAULT_LAYERS = ['organisation', 'business', 'application', 'data', 'integration', 'os', 'virtualization', 'hardware', 'infrastructure', 'device', 'support']

export interface CiName {
  name: string
  type: string
  code: string
}

/**
 * What the CMDB pages share: the model (layers, CI types, relation types), the org units that
 * orgUnit attributes name, and the names of CIs that references point to. Loaded once, refreshed
 * after the model or the CIs change.
 */
export const useCmdbStore = defineStore('cmdb', () => {
  const layers = ref<string[]>(DEFAULT_LAYERS)
  const types = ref<CiType[]>([])
  const relationTypes = ref<RelationType[]>([])
  const orgUnits = ref<OrgUnit[]>([])
  const loaded = ref(false)
  let loading: Promise<void> | null = null
  /** id → name, type, code; null = does not exist (any more) */
  const ciNames = reactive(new Map<number, CiName | null>())
  const pendingNames = new Set<number>()

  const typeByCode = computed(() => new Map(types.value.map((t) => [t.code, t])))
  const relationTypeByCode = computed(() => new Map(relationTypes.value.map((t) => [t.code, t])))
  const unitName = computed(() => orgUnitResolver(orgUnits.value, currentLanguage.value))

  async function loadModel(): Promise<void> {
    const [l, t, r, u] = await Promise.allSettled([cmdbApi.layers(), cmdbApi.types(), cmdbApi.relationTypes(), identityApi.orgUnits()])
    if (l.status === 'fulfilled' && l.value.length) layers.value = l.value
    if (t.status === 'fulfilled') types.value = t.value
    if (r.status === 'fulfilled') relationTypes.value = r.value
    if (u.status === 'fulfilled') orgUnits.value = u.value
    if (t.status === 'rejected') throw t.reason
    loaded.value = true
  }

  /** Loads the model once (force: again, e.g. after an edit or an import changed the counts). */
  function ensure(force = false): Promise<void> {
    if (force || (!loaded.value && !loading)) {
      loading = loadModel().finally(() => {
        loading = null
      })
    }
    return loading ?? Promise.resolve()
  }

  function typeName(code: string): string {
    return localTypeName(typeByCode.value.get(code), currentLanguage.value, code)
  }

  function relationName(code: string, direction: Direction): string {
    return relationLabel(relationTypeByCode.value.get(code), direction, currentLanguage.value, code)
  }

  function remember(ci: Pick<Ci, 'id' | 'name' | 'type' | 'code'>) {
    ciNames.set(ci.id, { name: ci.name, type: ci.type, code: ci.code })
  }

  /** Fetches the names of CIs not known yet (for ref/person values). */
  async function resolveNames(ids: readonly number[]): Promise<void> {
    const missing = ids.filter((id) => !ciNames.has(id) && !pendingNames.has(id))
    missing.forEach((id) => pendingNames.add(id))
    await Promise.all(
      missing.map(async (id) => {
        try {
          remember(await cmdbApi.ci(id))
        } catch {
          ciNames.set(id, null)
        } finally {
          pendingNames.delete(id)
        }
      }),
    )
  }

  function ciName(id: number): string | undefined {
    return ciNames.get(id)?.name
  }

  return { layers, types, relationTypes, orgUnits, loaded, typeByCode, relationTypeByCode, unitName, ensure, typeName, relationName, remember, resolveNames, ciName, ciNames }
})
