import { computed, ref } from 'vue'
import { identityApi, type User } from '@/modules/identity/api'
import { useSessionStore } from '@/modules/identity/store'
import { PERMISSIONS } from '@/modules/shell/navigation'
import type { UserChoice } from './oncall'

/**
 * The people the on-call pickers offer. Listing users needs identity.users.read, which an alerting editor (运维工程师)
 * usually lacks: then the pickers take user names as typed, suggest the names the rosters and policies already use,
 * and the server says beside the field when a name is not a user.
 */
export function useUserChoices() {
  const session = useSessionStore()
  const users = ref<User[]>([])
  const canList = computed(() => session.has(PERMISSIONS.usersRead))
  const byName = computed(() => new Map(users.value.map((u) => [u.userName, u])))

  async function load() {
    if (!canList.value) return
    try {
      // the API's largest page: a hospital's IT staff and vendor engineers fit in it
      users.value = (await identityApi.users({ page: 1, pageSize: 500 })).items
    } catch {
      users.value = []
    }
  }

  function displayName(userName: string): string {
    return byName.value.get(userName)?.displayName ?? userName
  }

  /** Enabled users, then names known elsewhere (rosters, policies, the form) that the list lacks. */
  function choices(known: readonly string[] = []): UserChoice[] {
    const out: UserChoice[] = users.value.filter((u) => !u.disabled).map((u) => ({ value: u.userName, label: u.displayName }))
    const seen = new Set(out.map((c) => c.value))
    for (const name of known) {
      if (name && !seen.has(name)) {
        seen.add(name)
        out.push({ value: name, label: displayName(name) })
      }
    }
    return out
  }

  /** The user behind a user name, when the list holds them (for their phone, say). */
  function find(userName: string): User | undefined {
    return byName.value.get(userName)
  }

  return { canList, load, displayName, choices, find }
}
