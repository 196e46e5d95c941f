export type StaffRole = 'teller' | 'supervisor'

export interface StaffSessionDto {
  staffId: string
  login: string
  displayName: string
  role: StaffRole
  workstation: string
  signedInAt: string
  /** Idle auto-lock in seconds (configurable, default 300). */
  idleTimeoutSeconds: number
}

export interface SystemStatusDto {
  appVersion: string
  schemaVersion: number
  /** False until the first supervisor exists: the UI then shows the first-run screen. */
  initialised: boolean
  shell: 'electron' | 'browser'
}

export interface StaffMemberDto {
  id: string
  login: string
  displayName: string
  role: StaffRole
  disabled: boolean
  createdAt: string
}
