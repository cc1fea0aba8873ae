import { http } from '@/api/http'

export type SlaColour = 'black' | 'red' | 'yellow' | 'green'
export type BoardKey = 'information' | 'dispatch' | 'status' | 'service-model'

export interface BoardTicket {
  id: number
  number: string
  title: string
  priority: number
  state: string
  stateName: string
  stateNameEn: string
  stateCategory: string
  businessSystemId: number | null
  businessSystemName: string | null
  assignee: string | null
  assigneeName: string | null
  team: string | null
  fromAlert: boolean
  inMaintenance: boolean
  openedAt: string
  slaColour: SlaColour
  slaDueAt: string | null
  slaBreached: boolean
}

export interface InformationBoard {
  now: string
  counts: Record<SlaColour, number>
  tickets: Record<SlaColour, BoardTicket[]>
  listLimit: number
}

export interface EngineerQueue {
  userName: string
  displayName: string
  total: number
  byPriority: number[]
  byColour: Record<SlaColour, number>
  tickets: BoardTicket[]
}

export interface DispatchBoard {
  now: string
  engineers: EngineerQueue[]
  unassigned: BoardTicket[]
}

export interface FaultyCi {
  ciId: number
  ciCode: string
  ciName: string
  ciType: string | null
  businessSystems: string[]
  ticket: BoardTicket
  ticketCount: number
  handlers: string[]
  since: string
  slaColour: SlaColour
}

export interface StatusBoard {
  now: string
  cis: FaultyCi[]
}

export interface ModelSystem {
  id: number
  code: string
  name: string
  level: number | null
  colour: SlaColour
  worstPriority: number | null
  openTickets: number
}

export interface ModelLink {
  fromId: number
  toId: number
  kind: 'interface' | 'depends'
  interfaces: string[]
}

export interface ServiceModelBoard {
  now: string
  systems: ModelSystem[]
  links: ModelLink[]
}

export interface BoardData {
  information: InformationBoard
  dispatch: DispatchBoard
  status: StatusBoard
  'service-model': ServiceModelBoard
}

export const BOARDS_PATH = '/api/v1/service-desk/boards'

/** A board's data. Fetched because the stream said so, not because the user did something: a background request. */
export async function fetchBoard<K extends BoardKey>(board: K): Promise<BoardData[K]> {
  const { data } = await http.get<BoardData[K]>(`/service-desk/boards/${board}`, { background: true })
  return data
}
