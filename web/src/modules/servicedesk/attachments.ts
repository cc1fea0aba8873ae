import type { TicketAttachment } from './api'

/** The server's limits (TicketAttachments.MaxBytes, MaxPerTicket): checked before sending, so a phone does not upload 30 MB to be refused. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
export const MAX_ATTACHMENTS = 30

/** What the file picker accepts; the server decides from the bytes, this only narrows the picker. */
export const ACCEPTED_FILES =
  'image/jpeg,image/png,image/webp,image/gif,application/pdf,text/plain,.log,.txt,.csv,.json,.xml,.trc,.out,.zip,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,.odt,.ods,.odp'

export type RefusalReason = 'tooLarge' | 'empty' | 'tooMany'

export interface PickedFiles<F> {
  /** the files to send, in the order picked */
  send: F[]
  /** those not sent, and why */
  refused: { file: F; reason: RefusalReason }[]
}

/** Sorts picked files into those to send and those the server would refuse anyway (too large, empty, over the ticket's count). */
export function checkPicked<F extends { name: string; size: number }>(files: readonly F[], alreadyOnTicket: number): PickedFiles<F> {
  const send: F[] = []
  const refused: PickedFiles<F>['refused'] = []
  for (const file of files) {
    if (file.size === 0) refused.push({ file, reason: 'empty' })
    else if (file.size > MAX_ATTACHMENT_BYTES) refused.push({ file, reason: 'tooLarge' })
    else if (alreadyOnTicket + send.length >= MAX_ATTACHMENTS) refused.push({ file, reason: 'tooMany' })
    else send.push(file)
  }
  return { send, refused }
}

/** A size as people read it: `512 B`, `12 KB`, `3.4 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  const mb = bytes / (1024 * 1024)
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`
}

/** The ticket's own attachments and each comment's, images apart from other files (the gallery shows images). */
export function groupAttachments(all: readonly TicketAttachment[]): {
  images: TicketAttachment[]
  files: TicketAttachment[]
  byComment: Map<number, { images: TicketAttachment[]; files: TicketAttachment[] }>
} {
  const images: TicketAttachment[] = []
  const files: TicketAttachment[] = []
  const byComment = new Map<number, { images: TicketAttachment[]; files: TicketAttachment[] }>()
  for (const a of all) {
    if (a.commentId === null) {
      ;(a.isImage ? images : files).push(a)
      continue
    }
    const group = byComment.get(a.commentId) ?? { images: [], files: [] }
    ;(a.isImage ? group.images : group.files).push(a)
    byComment.set(a.commentId, group)
  }
  return { images, files, byComment }
}

/** The address that downloads a file, images included (they are otherwise shown in the page). */
export function downloadUrl(attachment: Pick<TicketAttachment, 'url'>): string {
  return `${attachment.url}?download=true`
}

export interface AttachmentDetail {
  name: string
  size: number | null
  /** who had added it (on a removal) */
  by: string | null
}

/** A timeline entry's detail for an added or removed file (JSON text); the name is the whole detail when it is not JSON. */
export function attachmentDetail(detail: string | null | undefined): AttachmentDetail {
  if (!detail) return { name: '', size: null, by: null }
  try {
    const parsed = JSON.parse(detail) as Record<string, unknown>
    return {
      name: typeof parsed.name === 'string' ? parsed.name : '',
      size: typeof parsed.size === 'number' ? parsed.size : null,
      by: typeof parsed.by === 'string' ? parsed.by : null,
    }
  } catch {
    return { name: detail, size: null, by: null }
  }
}
