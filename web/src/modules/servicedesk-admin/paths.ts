/** The service desk's administration pages (系统 → 工单类型, 工单流程, 优先级矩阵, SLA 策略, 变更审批, 派单规则). */
export const SD_ADMIN_PATHS = {
  types: '/admin/service-desk/types',
  workflows: '/admin/service-desk/workflows',
  matrix: '/admin/service-desk/priority-matrix',
  sla: '/admin/service-desk/sla-policies',
  changeApproval: '/admin/service-desk/change-approval',
  dispatch: '/admin/service-desk/dispatch-rules',
} as const

export const WORKFLOWS_PATH = SD_ADMIN_PATHS.workflows

export function workflowPath(id: number): string {
  return `${SD_ADMIN_PATHS.workflows}/${id}`
}
