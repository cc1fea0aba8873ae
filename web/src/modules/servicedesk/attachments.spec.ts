import { describe, expect, it } from 'vitest'
import type { TicketAttachment } from './api'
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, attachmentDetail, checkPicked, downloadUrl, formatSize, groupAttachments } from './attachments'

const file = (name: string, size: number) => ({ name, size })

function attachment(id: number, isImage: boolean, commentId: number | null = null): TicketAttachment {
  return {
    id,
    commentId,
    fileName: `f${id}`,
    contentType: isImage ? 'image/png' : 'application/pdf',
    size: 10,
    isImage,
    uploadedBy: 'zhangwei',
    uploadedAt: '2026-11-02T01:30:00Z',
    canDelete: true,
    url: `/api/v1/service-desk/tickets/1/attachments/${id}/content`,
  }
}

describe('picked files', () => {
  it('sends what the server takes and names why the rest is refused', () => {
    const picked = checkPicked([file('photo.jpg', 3_000_000), file('empty.txt', 0), file('video.mp4', MAX_ATTACHMENT_BYTES + 1), file('limit.png', MAX_ATTACHMENT_BYTES)], 0)
    expect(picked.send.map((f) => f.name)).toEqual(['photo.jpg', 'limit.png'])
    expect(picked.refused.map((r) => [r.file.name, r.reason])).toEqual([
      ['empty.txt', 'empty'],
      ['video.mp4', 'tooLarge'],
    ])
  })

  it('stops at the ticket’s count, counting what is already there', () => {
    const picked = checkPicked([file('a.png', 1), file('b.png', 1), file('c.png', 1)], MAX_ATTACHMENTS - 2)
    expect(picked.send.map((f) => f.name)).toEqual(['a.png', 'b.png'])
    expect(picked.refused).toEqual([{ file: file('c.png', 1), reason: 'tooMany' }])
  })
})

describe('sizes', () => {
  it('reads as bytes, KB or MB', () => {
    expect(formatSize(512)).toBe('512 B')
    expect(formatSize(12_800)).toBe('13 KB')
    expect(formatSize(3.44 * 1024 * 1024)).toBe('3.4 MB')
    expect(formatSize(MAX_ATTACHMENT_BYTES)).toBe('20 MB')
  })
})

describe('grouping', () => {
  it('puts images in the gallery, other files in the list, and comments’ files with their comment', () => {
    const g = groupAttachments([attachment(1, true), attachment(2, false), attachment(3, true, 7), attachment(4, false, 7), attachment(5, true)])
    expect(g.images.map((a) => a.id)).toEqual([1, 5])
    expect(g.files.map((a) => a.id)).toEqual([2])
    expect(g.byComment.get(7)?.images.map((a) => a.id)).toEqual([3])
    expect(g.byComment.get(7)?.files.map((a) => a.id)).toEqual([4])
    expect(g.byComment.has(8)).toBe(false)
  })

  it('downloads an image instead of showing it when asked', () => {
    expect(downloadUrl(attachment(3, true))).toBe('/api/v1/service-desk/tickets/1/attachments/3/content?download=true')
  })
})

describe('timeline detail', () => {
  it('reads the name, size and who had added it', () => {
    expect(attachmentDetail('{"id":3,"name":"机房照片.png","size":2048,"image":true,"by":"zhangwei","comment":null}')).toEqual({ name: '机房照片.png', size: 2048, by: 'zhangwei' })
  })

  it('takes what is not JSON as the name, and nothing as nothing', () => {
    expect(attachmentDetail('old.png')).toEqual({ name: 'old.png', size: null, by: null })
    expect(attachmentDetail(null)).toEqual({ name: '', size: null, by: null })
  })
})
