import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { StaffSessionDto, SystemStatusDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AppError } from '../../../shared/result'

/** The signed-in staff member as the main process reports it; the renderer holds no token. */
export const useSessionStore = defineStore('session', () => {
  const session = ref<StaffSessionDto | null>(null)
  const status = ref<SystemStatusDto | null>(null)
  const lastError = ref<AppError | null>(null)
  const busy = ref(false)

  const signedIn = computed(() => session.value !== null)
  const isSupervisor = computed(() => session.value?.role === 'supervisor')

  async function load(): Promise<void> {
    const [s, st] = await Promise.all([window.teller.system.status(), window.teller.staff.session()])
    if (s.ok) status.value = s.value
    session.value = st.ok ? st.value : null
  }

  async function run(call: () => ReturnType<typeof window.teller.staff.signIn>): Promise<boolean> {
    busy.value = true
    lastError.value = null
    try {
      const r = await call()
      if (!r.ok) {
        lastError.value = r.error
        return false
      }
      session.value = r.value
      if (status.value) status.value = { ...status.value, initialised: true }
      return true
    } finally {
      busy.value = false
    }
  }

  const signIn = (login: string, password: string) => run(() => window.teller.staff.signIn({ login, password }))
  const bootstrap = (login: string, displayName: string, password: string) =>
    run(() => window.teller.staff.bootstrap({ login, displayName, password }))

  async function signOut(): Promise<void> {
    await window.teller.staff.signOut()
    session.value = null
  }

  /** Called when any reply says the session is gone (idle lock or sign-out elsewhere). */
  function dropSession(error: AppError): void {
    session.value = null
    lastError.value = error
  }

  /** Reports activity to the main process, which owns the idle timer; a refusal means the session is gone. */
  async function touch(): Promise<void> {
    const r = await window.teller.staff.touch()
    if (!r.ok && (r.error.code === ErrorCode.SESSION_LOCKED || r.error.code === ErrorCode.SESSION_EXPIRED || r.error.code === ErrorCode.UNAUTHENTICATED)) {
      dropSession(r.error)
    }
  }

  /** Notices a lock that happened without any activity here (the main process's idle timer fired). */
  async function checkSession(): Promise<void> {
    const r = await window.teller.staff.session()
    if (r.ok && r.value === null) dropSession({ code: ErrorCode.SESSION_LOCKED, message: '' })
  }

  return {
    session, status, lastError, busy, signedIn, isSupervisor,
    load, signIn, bootstrap, signOut, dropSession, touch, checkSession,
  }
})
