import type { BulkCreateRequest } from './api'

/** The placeholders the address and name patterns of a bulk add understand. */
export const BULK_PLACEHOLDERS = '{name} {code} {id} {attr.X}'

/** Skip reasons with their own words (monitoring.bulk.reasons.<code>); any other code is shown as it is. */
export const BULK_REASONS = ['missing_attribute', 'name_taken', 'invalid_address', 'required', 'too_long', 'invalid_reference'] as const

export interface AttributeFilterRow {
  name: string
  value: string
}

/** What the bulk dialog's form holds. */
export interface BulkForm {
  type: string
  businessId: number | null
  attributes: AttributeFilterRow[]
  query: string
  kind: string
  address: string
  name: string
  intervalSeconds: number | null
}

export function emptyBulkForm(): BulkForm {
  return { type: '', businessId: null, attributes: [], query: '', kind: '', address: '', name: '', intervalSeconds: null }
}

/** The form as the API's request: empty parts left out, attribute rows without a name dropped. */
export function bulkRequest(form: BulkForm, dryRun: boolean): BulkCreateRequest {
  const attributes: Record<string, string> = {}
  for (const row of form.attributes) {
    const name = row.name.trim()
    if (name) attributes[name] = row.value.trim()
  }
  const selector: BulkCreateRequest['selector'] = {}
  if (form.type) selector.type = form.type
  if (form.businessId !== null && form.businessId !== undefined) selector.businessId = form.businessId
  if (Object.keys(attributes).length) selector.attributes = attributes
  if (form.query.trim()) selector.query = form.query.trim()
  const template: BulkCreateRequest['template'] = { kind: form.kind, address: form.address.trim() }
  if (form.name.trim()) template.name = form.name.trim()
  if (form.intervalSeconds !== null && form.intervalSeconds !== undefined && form.intervalSeconds > 0) template.intervalSeconds = form.intervalSeconds
  return { selector, template, dryRun }
}
