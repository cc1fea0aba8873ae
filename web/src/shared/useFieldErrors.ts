import { reactive, ref } from 'vue'
import { ApiError } from '@/api/http'

/**
 * Server validation shown where it belongs: field messages beside their fields (bind
 * `:error="errors.field"`), anything else in one message above the form.
 */
export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({})
  const formError = ref('')

  function clear() {
    for (const k of Object.keys(errors)) {
      delete errors[k]
    }
    formError.value = ''
  }

  /** Shows the error; returns false for errors that are not about this form (rethrow those). */
  function show(e: unknown, knownFields: readonly string[]): boolean {
    clear()
    if (!(e instanceof ApiError)) {
      return false
    }
    const unplaced: string[] = []
    for (const [field, message] of Object.entries(e.fieldErrors)) {
      if (knownFields.includes(field)) {
        errors[field] = message
      } else {
        unplaced.push(message)
      }
    }
    formError.value = e.hasFieldErrors() && unplaced.length === 0 ? '' : [e.message, ...unplaced].join(' ')
    return true
  }

  return { errors, formError, clear, show }
}
