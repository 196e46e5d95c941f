/** Every IPC channel, named `domain:action`. Nothing outside this list is reachable from the renderer. */
export const Channel = {
  SystemStatus: 'system:status',
  StaffBootstrap: 'staff:bootstrap',
  StaffSignIn: 'staff:signIn',
  StaffSignOut: 'staff:signOut',
  StaffSession: 'staff:session',
  StaffTouch: 'staff:touch',
  StaffList: 'staff:list',
  StaffCreate: 'staff:create',
  StaffSetDisabled: 'staff:setDisabled',
} as const

export type ChannelName = (typeof Channel)[keyof typeof Channel]

export const allChannels: readonly ChannelName[] = Object.values(Channel)

export function isChannel(value: unknown): value is ChannelName {
  return typeof value === 'string' && (allChannels as readonly string[]).includes(value)
}
