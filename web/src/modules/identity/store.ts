import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError } from '@/api/http'
import { identityApi, type LoginRequest, type Me } from './api'

/** What the signed-in user must do before anything else, if anything. */
export type PendingStep = 'change-password' | 'enroll-two-factor' | null

export function pendingStepOf(me: Pick<Me, 'mustChangePassword' | 'mustEnrollTwoFactor'> | null): PendingStep {
  if (!me) {
    return null
  }
  if (me.mustChangePassword) {
    return 'change-password'
  }
  if (me.mustEnrollTwoFactor) {
    return 'enroll-two-factor'
  }
  return null
}

/** The session: who is signed in, what they may do, what they must do first. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  /** true once /auth/me has answered (signed in or not) */
  const checked = ref(false)
  const csrfToken = ref<string | undefined>()

  const signedIn = computed(() => me.value !== null)
  const permissions = computed(() => me.value?.permissions ?? [])
  const pendingStep = computed(() => pendingStepOf(me.value))

  function has(permission: string): boolean {
    return permissions.value.includes(permission)
  }

  function set(value: Me | null) {
    me.value = value
    checked.value = true
    if (value?.csrfToken) {
      csrfToken.value = value.csrfToken
    }
  }

  /** Asks the server who is signed in; null when nobody is. */
  async function load(): Promise<Me | null> {
    try {
      set(await identityApi.me())
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        set(null)
      } else {
        throw e
      }
    }
    return me.value
  }

  async function login(request: LoginRequest): Promise<Me> {
    const result = await identityApi.login(request)
    set(result)
    return result
  }

  async function logout() {
    try {
      await identityApi.logout()
    } finally {
      clear()
    }
  }

  function clear() {
    me.value = null
    csrfToken.value = undefined
    checked.value = true
  }

  return { me, checked, csrfToken, signedIn, permissions, pendingStep, has, set, load, login, logout, clear }
})
