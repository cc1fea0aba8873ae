import { ElMessage, ElMessageBox } from 'element-plus'

/**
 * Asks before deleting, deletes, says so and refreshes. Returns false when the user declined. A refusal from the server
 * (a record still in use, 409) is shown with `describeError` when given, else with the server's own message.
 */
export async function confirmDelete(options: {
  question: string
  title: string
  remove: () => Promise<unknown>
  done?: string
  reload: () => Promise<unknown>
  describeError?: (error: unknown) => string | undefined
}): Promise<boolean> {
  try {
    await ElMessageBox.confirm(options.question, options.title, { type: 'warning' })
  } catch {
    return false
  }
  try {
    await options.remove()
    if (options.done) ElMessage.success(options.done)
    await options.reload()
  } catch (e) {
    ElMessage.error(options.describeError?.(e) ?? (e as Error).message)
  }
  return true
}
