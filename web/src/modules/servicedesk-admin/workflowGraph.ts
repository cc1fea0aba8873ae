import type { Category, SlaBehaviour, WorkflowDefinition, WorkflowState, WorkflowTransition } from './api'

/**
 * The workflow designer's logic, apart from any drawing library: a definition as nodes and edges, the edits the designer
 * makes (each returns a new definition), and where a server refusal points.
 */

export interface StateNode {
  id: string
  type: 'state'
  position: { x: number; y: number }
  data: {
    state: WorkflowState
    initial: boolean
    /** transitions from any state (`*`) into this one, drawn as a note on the state */
    fromAnywhere: WorkflowTransition[]
  }
}

export interface TransitionEdge {
  id: string
  source: string
  target: string
  label: string
  data: { transition: string; from: string }
}

export type Selection = { kind: 'state'; key: string } | { kind: 'transition'; key: string } | null

const STEP_X = 200
const STEP_Y = 140
const PER_ROW = 5

/** Where a state without a stored position is drawn: left to right, five to a row, in definition order. */
export function defaultPosition(index: number): { x: number; y: number } {
  return { x: 40 + (index % PER_ROW) * STEP_X, y: 60 + Math.floor(index / PER_ROW) * STEP_Y }
}

export const edgeId = (transition: string, from: string) => `${transition}@@${from}`

export function toNodes(definition: WorkflowDefinition): StateNode[] {
  return definition.states.map((state, i) => ({
    id: state.key,
    type: 'state',
    position: state.x != null && state.y != null ? { x: state.x, y: state.y } : defaultPosition(i),
    data: {
      state,
      initial: state.key === definition.initial,
      fromAnywhere: definition.transitions.filter((t) => t.to === state.key && t.from.includes('*')),
    },
  }))
}

/** One edge per source state of each transition; `*` sources are not edges (the target carries a note). */
export function toEdges(definition: WorkflowDefinition, label: (t: WorkflowTransition) => string = (t) => t.name): TransitionEdge[] {
  const keys = new Set(definition.states.map((s) => s.key))
  return definition.transitions.flatMap((t) =>
    t.from
      .filter((from) => from !== '*' && keys.has(from) && keys.has(t.to))
      .map((from) => ({ id: edgeId(t.key, from), source: from, target: t.to, label: label(t), data: { transition: t.key, from } })),
  )
}

/** The first key `prefix1`, `prefix2`… not yet taken. */
export function freeKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  for (let i = 1; ; i++) {
    if (!used.has(`${prefix}${i}`)) return `${prefix}${i}`
  }
}

/** A definition with one state, to start a workflow from nothing. */
export function emptyDefinition(name: string, nameEn: string): WorkflowDefinition {
  return { initial: 'new', states: [{ key: 'new', name, nameEn, category: 'new', sla: 'running', x: 40, y: 60 }], transitions: [] }
}

export function addState(definition: WorkflowDefinition, names: { name: string; nameEn: string }, position?: { x: number; y: number }): { definition: WorkflowDefinition; key: string } {
  const key = freeKey('state', definition.states.map((s) => s.key))
  const at = position ?? defaultPosition(definition.states.length)
  const state: WorkflowState = { key, name: names.name, nameEn: names.nameEn, category: 'open', sla: 'running', x: at.x, y: at.y }
  return { definition: { ...definition, states: [...definition.states, state] }, key }
}

export type StatePatch = Partial<{ name: string; nameEn: string; category: Category; sla: SlaBehaviour }>

export function updateState(definition: WorkflowDefinition, key: string, patch: StatePatch): WorkflowDefinition {
  return { ...definition, states: definition.states.map((s) => (s.key === key ? { ...s, ...patch } : s)) }
}

export function moveState(definition: WorkflowDefinition, key: string, x: number, y: number): WorkflowDefinition {
  return { ...definition, states: definition.states.map((s) => (s.key === key ? { ...s, x: Math.round(x), y: Math.round(y) } : s)) }
}

export function setInitial(definition: WorkflowDefinition, key: string): WorkflowDefinition {
  return definition.states.some((s) => s.key === key) ? { ...definition, initial: key } : definition
}

/** Renames a state's key everywhere it is named (initial, transitions' sources and targets). Refused when taken. */
export function renameState(definition: WorkflowDefinition, from: string, to: string): WorkflowDefinition {
  if (from === to || definition.states.some((s) => s.key === to)) return definition
  const swap = (k: string) => (k === from ? to : k)
  return {
    initial: swap(definition.initial),
    states: definition.states.map((s) => (s.key === from ? { ...s, key: to } : s)),
    transitions: definition.transitions.map((t) => ({ ...t, from: t.from.map(swap), to: swap(t.to) })),
  }
}

/**
 * Removes a state with the transitions into it; transitions that also left from other states only lose this source.
 * The initial state moves to the first remaining state when it was this one.
 */
export function removeState(definition: WorkflowDefinition, key: string): WorkflowDefinition {
  const states = definition.states.filter((s) => s.key !== key)
  const transitions = definition.transitions
    .filter((t) => t.to !== key)
    .map((t) => ({ ...t, from: t.from.filter((f) => f !== key) }))
    .filter((t) => t.from.length > 0)
  return { initial: definition.initial === key ? (states[0]?.key ?? '') : definition.initial, states, transitions }
}

/** What removing a state takes with it, for the confirmation. */
export function transitionsTouching(definition: WorkflowDefinition, key: string): WorkflowTransition[] {
  return definition.transitions.filter((t) => t.to === key || t.from.includes(key))
}

/** Adds a transition from one state to another. A transition to the same target already leaving from elsewhere is not merged: each is its own step. */
export function addTransition(
  definition: WorkflowDefinition,
  from: string,
  to: string,
  names: { name: string; nameEn: string },
  key?: string,
): { definition: WorkflowDefinition; key: string } {
  const taken = definition.transitions.map((t) => t.key)
  const chosen = key && !taken.includes(key) ? key : freeKey('step', taken)
  const transition: WorkflowTransition = {
    key: chosen,
    name: names.name,
    nameEn: names.nameEn,
    from: [from],
    to,
    roles: [],
    requiredFields: [],
    conditions: [],
    actions: [],
    milestone: null,
    commentRequired: false,
  }
  return { definition: { ...definition, transitions: [...definition.transitions, transition] }, key: chosen }
}

export type TransitionPatch = Partial<Omit<WorkflowTransition, 'key'>>

export function updateTransition(definition: WorkflowDefinition, key: string, patch: TransitionPatch): WorkflowDefinition {
  return { ...definition, transitions: definition.transitions.map((t) => (t.key === key ? { ...t, ...patch } : t)) }
}

export function renameTransition(definition: WorkflowDefinition, from: string, to: string): WorkflowDefinition {
  if (from === to || definition.transitions.some((t) => t.key === to)) return definition
  return { ...definition, transitions: definition.transitions.map((t) => (t.key === from ? { ...t, key: to } : t)) }
}

export function removeTransition(definition: WorkflowDefinition, key: string): WorkflowDefinition {
  return { ...definition, transitions: definition.transitions.filter((t) => t.key !== key) }
}

/** A key the server accepts for states and transitions: a lower-case letter, then lower-case letters, digits, `_` or `.`, at most 60. */
export function isValidKey(key: string): boolean {
  return /^[a-z][a-z0-9_.]{0,59}$/.test(key)
}

/** A copy of a definition for a new workflow (positions kept). */
export function copyDefinition(definition: WorkflowDefinition): WorkflowDefinition {
  return JSON.parse(JSON.stringify(definition)) as WorkflowDefinition
}

/** The definition as sent: unset optional lists dropped, positions rounded. */
export function normalized(definition: WorkflowDefinition): WorkflowDefinition {
  return {
    initial: definition.initial,
    states: definition.states.map((s) => ({ ...s, x: s.x == null ? null : Math.round(s.x), y: s.y == null ? null : Math.round(s.y) })),
    transitions: definition.transitions.map((t) => ({
      ...t,
      roles: t.roles ?? [],
      requiredFields: t.requiredFields ?? [],
      conditions: t.conditions ?? [],
      actions: t.actions ?? [],
      milestone: t.milestone || null,
      commentRequired: !!t.commentRequired,
    })),
  }
}

/** States a ticket could never reach from the initial one (the server's rule: `*` leaves any state that is not closed). */
export function unreachableStates(definition: WorkflowDefinition): string[] {
  const category = new Map(definition.states.map((s) => [s.key, s.category]))
  const reachable = new Set([definition.initial])
  let grew = true
  while (grew) {
    grew = false
    for (const t of definition.transitions) {
      const leaves = t.from.some((f) => (f === '*' ? [...reachable].some((r) => category.get(r) !== 'closed') : reachable.has(f)))
      if (leaves && !reachable.has(t.to)) {
        reachable.add(t.to)
        grew = true
      }
    }
  }
  return definition.states.filter((s) => !reachable.has(s.key)).map((s) => s.key)
}

/** States that are not closed and that no transition leaves: a ticket would stay there. */
export function deadEndStates(definition: WorkflowDefinition): string[] {
  const anywhere = definition.transitions.some((t) => t.from.includes('*'))
  return definition.states
    .filter((s) => s.category !== 'closed' && !anywhere && !definition.transitions.some((t) => t.from.includes(s.key)))
    .map((s) => s.key)
}

/** The element a server refusal is about, and the property of it named (`to`, `name`, `roles`…) when the path says. */
export interface Located {
  selection: Exclude<Selection, null>
  property?: string
}

/**
 * Reads a field path of a refusal (`definition.transitions[2].to`, `definition.states[1].name`, `definition.initial`) as the
 * element it names, in the definition that was sent. `definition.states` alone names no element: for a state nobody can reach
 * or leave (the codes say which) the state is found the way the server finds it, the first in definition order.
 */
export function locate(definition: WorkflowDefinition, path: string, code?: string): Located | null {
  const indexed = /^definition\.(states|transitions)\[(\d+)\](?:\.(\w+))?/.exec(path)
  if (indexed) {
    const index = Number(indexed[2])
    const property = indexed[3]
    if (indexed[1] === 'states') {
      const state = definition.states[index]
      return state ? { selection: { kind: 'state', key: state.key }, property } : null
    }
    const transition = definition.transitions[index]
    return transition ? { selection: { kind: 'transition', key: transition.key }, property } : null
  }
  if (path === 'definition.initial') {
    return definition.states.some((s) => s.key === definition.initial) ? { selection: { kind: 'state', key: definition.initial }, property: 'initial' } : null
  }
  if (path === 'definition.states') {
    const found = code === 'workflow_unreachable_state' ? unreachableStates(definition)[0] : code === 'workflow_dead_end' ? deadEndStates(definition)[0] : undefined
    return found ? { selection: { kind: 'state', key: found } } : null
  }
  return null
}
