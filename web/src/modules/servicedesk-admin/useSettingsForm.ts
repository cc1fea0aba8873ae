import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/http'

/**
 * The load / save round of a settings page saved whole (priority matrix, change approval, dispatch rules): what the server
 * answers is shown again after a save, a refusal keeps the form as typed with the server's words beside its fields.
 */
export function useSettingsForm<T>(read: () => Promise<T>, write: () => Promise<T>, show: (saved: T) => void, savedMessage: string) {
  const { t } = useI18n()
  const loading = ref(false)
  const saving = ref(false)
  const error = ref('')
  const errors = ref<Record<string, string>>({})

  async function load() {
    loading.value = true
    error.value = ''
    errors.value = {}
    try {
      show(await read())
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }

  async function save() {
    saving.value = true
    error.value = ''
    errors.value = {}
    try {
      show(await write())
      ElMessage.success(t(savedMessage))
    } catch (e) {
      if (e instanceof ApiError) errors.value = e.fieldErrors
      error.value = (e as Error).message
    } finally {
      saving.value = false
    }
  }

  return { loading, saving, error, errors, load, save }
}
