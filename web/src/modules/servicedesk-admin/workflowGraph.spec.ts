import { describe, expect, it } from 'vitest'
import type { WorkflowDefinition } from './api'
import {
  addState,
  addTransition,
  deadEndStates,
  defaultPosition,
  locate,
  moveState,
  normalized,
  removeState,
  renameState,
  renameTransition,
  setInitial,
  toEdges,
  toNodes,
  unreachableStates,
  updateState,
  updateTransition,
  isValidKey,
} from './workflowGraph'

function loan(): WorkflowDefinition {
  return {
    initial: 'applied',
    states: [
      { key: 'applied', name: 'Applied', nameEn: 'Applied', category: 'new', sla: 'running', x: 40, y: 60 },
      { key: 'lent', name: 'Lent', nameEn: 'Lent', category: 'open', sla: 'paused' },
      { key: 'returned', name: 'Returned', nameEn: 'Returned', category: 'resolved', sla: 'stopped', x: 440, y: 60 },
      { key: 'closed', name: 'Closed', nameEn: 'Closed', category: 'closed', sla: 'stopped', x: 640, y: 60 },
    ],
    transitions: [
      { key: 'lend', name: 'Lend', nameEn: 'Lend', from: ['applied'], to: 'lent', requiredFields: ['device'] },
      { key: 'give_back', name: 'Return', nameEn: 'Return', from: ['lent'], to: 'returned' },
      { key: 'close', name: 'Close', nameEn: 'Close', from: ['returned', 'applied'], to: 'closed' },
      { key: 'cancel', name: 'Cancel', nameEn: 'Cancel', from: ['*'], to: 'closed' },
    ],
  }
}

describe('definition as a graph', () => {
  it('draws each state as a node at its stored place, or placed in rows when it has none, marking the initial state', () => {
    const nodes = toNodes(loan())
    expect(nodes.map((n) => n.id)).toEqual(['applied', 'lent', 'returned', 'closed'])
    expect(nodes[0].position).toEqual({ x: 40, y: 60 })
    expect(nodes[1].position).toEqual(defaultPosition(1))
    expect(nodes.filter((n) => n.data.initial).map((n) => n.id)).toEqual(['applied'])
  })

  it('draws one edge per source state, and a transition from any state as a note on its target', () => {
    const edges = toEdges(loan())
    expect(edges.map((e) => `${e.source}->${e.target}:${e.label}`)).toEqual(['applied->lent:Lend', 'lent->returned:Return', 'returned->closed:Close', 'applied->closed:Close'])
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length)
    const closed = toNodes(loan()).find((n) => n.id === 'closed')!
    expect(closed.data.fromAnywhere.map((t) => t.key)).toEqual(['cancel'])
  })

  it('labels edges in the language asked for', () => {
    expect(toEdges(loan(), (t) => t.nameEn.toUpperCase())[0].label).toBe('LEND')
  })

  it('leaves out edges to or from a state that does not exist', () => {
    const d = loan()
    d.transitions.push({ key: 'ghost', name: 'g', nameEn: 'g', from: ['nowhere'], to: 'closed' })
    expect(toEdges(d).some((e) => e.data.transition === 'ghost')).toBe(false)
  })
})

describe('edits', () => {
  it('adds a state with a free key at the given place, without changing the original', () => {
    const d = loan()
    const { definition, key } = addState(d, { name: 'Lost', nameEn: 'Lost' }, { x: 300, y: 250 })
    expect(key).toBe('state1')
    expect(definition.states.at(-1)).toMatchObject({ key: 'state1', category: 'open', sla: 'running', x: 300, y: 250 })
    expect(d.states).toHaveLength(4)
    expect(addState(definition, { name: 'b', nameEn: 'b' }).key).toBe('state2')
  })

  it('adds a transition from one state to another with a free key, or the key asked for', () => {
    const { definition, key } = addTransition(loan(), 'lent', 'applied', { name: 'Back', nameEn: 'Back' })
    expect(key).toBe('step1')
    expect(definition.transitions.at(-1)).toMatchObject({ from: ['lent'], to: 'applied', roles: [], requiredFields: [], commentRequired: false })
    expect(addTransition(loan(), 'lent', 'applied', { name: 'x', nameEn: 'x' }, 'back').key).toBe('back')
    // a key in use is not taken twice
    expect(addTransition(loan(), 'lent', 'applied', { name: 'x', nameEn: 'x' }, 'lend').key).toBe('step1')
  })

  it('changes a state or a transition, and moves a state to a rounded position', () => {
    let d = updateState(loan(), 'lent', { category: 'waiting', sla: 'paused', name: 'Out' })
    expect(d.states[1]).toMatchObject({ category: 'waiting', sla: 'paused', name: 'Out' })
    d = updateTransition(d, 'lend', { roles: ['assignee', 'servicedesk.dispatch'], milestone: 'response' })
    expect(d.transitions[0]).toMatchObject({ roles: ['assignee', 'servicedesk.dispatch'], milestone: 'response', requiredFields: ['device'] })
    d = moveState(d, 'lent', 250.6, 99.2)
    expect(d.states[1]).toMatchObject({ x: 251, y: 99 })
  })

  it('sets the initial state only to a state that exists', () => {
    expect(setInitial(loan(), 'lent').initial).toBe('lent')
    expect(setInitial(loan(), 'nope').initial).toBe('applied')
  })

  it('renames a state key everywhere it is named, and refuses a taken key', () => {
    const d = renameState(loan(), 'applied', 'requested')
    expect(d.initial).toBe('requested')
    expect(d.transitions.find((t) => t.key === 'lend')!.from).toEqual(['requested'])
    expect(d.transitions.find((t) => t.key === 'close')!.from).toEqual(['returned', 'requested'])
    expect(renameState(loan(), 'applied', 'lent')).toEqual(loan())
    expect(renameTransition(loan(), 'lend', 'borrow').transitions[0].key).toBe('borrow')
    expect(renameTransition(loan(), 'lend', 'close').transitions[0].key).toBe('lend')
  })

  it('removes a state with the transitions into it; transitions leaving from it and elsewhere only lose it as a source', () => {
    const d = removeState(loan(), 'applied')
    expect(d.initial).toBe('lent')
    expect(d.transitions.map((t) => t.key)).toEqual(['give_back', 'close', 'cancel'])
    expect(d.transitions.find((t) => t.key === 'close')!.from).toEqual(['returned'])
    const noClosed = removeState(loan(), 'closed')
    expect(noClosed.transitions.map((t) => t.key)).toEqual(['lend', 'give_back'])
  })

  it('sends lists and flags that were left unset, and whole positions', () => {
    const n = normalized(moveState(loan(), 'applied', 1.4, 2.6))
    expect(n.transitions[1]).toMatchObject({ roles: [], requiredFields: [], conditions: [], actions: [], milestone: null, commentRequired: false })
    expect(n.states[1]).toMatchObject({ x: null, y: null })
  })

  it('accepts the keys the server accepts', () => {
    expect(isValidKey('lend')).toBe(true)
    expect(isValidKey('give_back.2')).toBe(true)
    expect(isValidKey('Lend')).toBe(false)
    expect(isValidKey('1st')).toBe(false)
    expect(isValidKey('')).toBe(false)
  })
})

describe('where a refusal points', () => {
  it('reads an indexed path as the state or transition it names, with the property', () => {
    expect(locate(loan(), 'definition.transitions[2].to', 'workflow_unknown_state')).toEqual({ selection: { kind: 'transition', key: 'close' }, property: 'to' })
    expect(locate(loan(), 'definition.states[1].name', 'required')).toEqual({ selection: { kind: 'state', key: 'lent' }, property: 'name' })
    expect(locate(loan(), 'definition.transitions[1]', 'x')).toEqual({ selection: { kind: 'transition', key: 'give_back' }, property: undefined })
    expect(locate(loan(), 'definition.transitions[0].conditions[0].field', 'workflow_bad_key')).toEqual({ selection: { kind: 'transition', key: 'lend' }, property: 'conditions' })
    expect(locate(loan(), 'definition.transitions[9].to')).toBeNull()
    expect(locate(loan(), 'name')).toBeNull()
  })

  it('points the initial state for a refusal of the initial state', () => {
    expect(locate(loan(), 'definition.initial', 'workflow_initial_final')).toEqual({ selection: { kind: 'state', key: 'applied' }, property: 'initial' })
  })

  it('finds the state with no way out, as the server does (the first, and none while a transition leaves from any state)', () => {
    const d = loan()
    d.transitions = d.transitions.filter((t) => t.key !== 'cancel')
    d.states.push({ key: 'lost', name: 'Lost', nameEn: 'Lost', category: 'open', sla: 'running' })
    d.transitions.push({ key: 'lose', name: 'Lose', nameEn: 'Lose', from: ['lent'], to: 'lost' })
    expect(deadEndStates(d)).toEqual(['lost'])
    expect(locate(d, 'definition.states', 'workflow_dead_end')).toEqual({ selection: { kind: 'state', key: 'lost' } })
    expect(deadEndStates(loan())).toEqual([])
  })

  it('finds the state nobody can reach', () => {
    const d = loan()
    d.states.push({ key: 'island', name: 'Island', nameEn: 'Island', category: 'open', sla: 'running' })
    expect(unreachableStates(d)).toEqual(['island'])
    expect(locate(d, 'definition.states', 'workflow_unreachable_state')).toEqual({ selection: { kind: 'state', key: 'island' } })
    // `*` leaves only states that are not closed
    const star: WorkflowDefinition = {
      initial: 'a',
      states: [
        { key: 'a', name: 'a', nameEn: 'a', category: 'closed', sla: 'stopped' },
        { key: 'b', name: 'b', nameEn: 'b', category: 'open', sla: 'running' },
      ],
      transitions: [{ key: 't', name: 't', nameEn: 't', from: ['*'], to: 'b' }],
    }
    expect(unreachableStates(star)).toEqual(['b'])
    expect(locate(loan(), 'definition.states', 'workflow_no_closed_state')).toBeNull()
  })
})
