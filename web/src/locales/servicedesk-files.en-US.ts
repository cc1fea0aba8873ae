import type sdFilesZh from './servicedesk-files.zh-CN'

/** A ticket's attachments (files and photos from the site) and its Markdown text, in English; same keys as servicedesk-files.zh-CN.ts. */
const sdFilesEn: typeof sdFilesZh = {
  title: 'Attachments',
  count: 'Attachments ({n})',
  empty: 'No attachments yet',
  upload: 'Upload files',
  uploadHint: 'Images, PDF, text and log files, Office documents, ZIP; up to 20 MB a file and 30 files a ticket.',
  photo: 'Photo',
  photos: 'Photos',
  files: 'Files',
  uploading: 'Uploading {name}',
  uploaded: 'Uploaded {name}',
  failed: '{name} was not uploaded: {reason}',
  tooLarge: '{name} is larger than 20 MB and cannot be uploaded.',
  emptyFile: '{name} is empty.',
  tooMany: 'A ticket holds at most 30 attachments; {name} was not uploaded.',
  download: 'Download',
  remove: 'Delete',
  removeConfirm: 'Delete the attachment "{name}"? The timeline records who deleted it.',
  removeTitle: 'Delete attachment',
  removed: 'Deleted {name}',
  by: '{who} · {at} · {size}',
  attachToComment: 'Attach files',
  staged: 'Uploaded with the comment: {names}',
  clearStaged: 'Remove',
  markdownHint: 'Markdown works: **bold**, - lists, `code`, [links](https://…)',
  write: 'Write',
  preview: 'Preview',
  previewEmpty: '(nothing written)',
  thumbnail: 'Photo {name}',
}

export default sdFilesEn
