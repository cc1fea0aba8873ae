import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/http'
import { serviceDeskApi } from './api'
import { checkPicked } from './attachments'

/**
 * Sends picked files to a ticket one by one, with the progress of the one under way: what the server would refuse (too large,
 * empty, over the ticket's count) is said at once and not sent; a file the server refuses is named with its reason.
 */
export function useAttachmentUploads(ticketId: () => number | null, onTicket: () => number, afterwards: () => Promise<void>) {
  const { t } = useI18n()
  const busy = ref(false)
  const progress = ref<{ name: string; percent: number } | null>(null)

  async function upload(files: readonly File[], commentId: number | null = null): Promise<number> {
    const id = ticketId()
    if (id === null || files.length === 0) return 0
    const picked = checkPicked(files, onTicket())
    for (const r of picked.refused) {
      ElMessage.error(t(`sdFiles.${r.reason === 'empty' ? 'emptyFile' : r.reason}`, { name: r.file.name }))
    }
    if (!picked.send.length) return 0
    busy.value = true
    const sent: string[] = []
    try {
      for (const file of picked.send) {
        progress.value = { name: file.name, percent: 0 }
        try {
          await serviceDeskApi.uploadAttachment(id, file, {
            commentId,
            onProgress: (fraction) => (progress.value = { name: file.name, percent: Math.round(fraction * 100) }),
          })
          sent.push(file.name)
        } catch (e) {
          const reason = e instanceof ApiError ? (e.fieldErrors.file ?? e.fieldErrors.commentId ?? e.message) : (e as Error).message
          ElMessage.error({ message: t('sdFiles.failed', { name: file.name, reason }), duration: 6000 })
        }
      }
      if (sent.length) ElMessage.success(t('sdFiles.uploaded', { name: sent.join(t('sdAdmin.listSeparator')) }))
    } finally {
      busy.value = false
      progress.value = null
      await afterwards()
    }
    return sent.length
  }

  return { upload, busy, progress }
}
