import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { StaffEnrolmentDto, StaffSessionDto, SystemStatusDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AppError } from '../../../shared/result'

/** The signed-in staff member as the main process reports it; the renderer holds no token. */
export const useSessionStore = defineStore('session', () => {
  const session = ref<StaffSessionDto | null>(null)
  const status = ref<SystemStatusDto | null>(null)
  const lastError = ref<AppError | null>(null)
  const busy = ref(false)
  /** PCI DSS 8.4.2: the second-factor enrolment open at this window (first run, or a first sign-in). */
  const enrolment = ref<StaffEnrolmentDto | null>(null)
  /** The confirmed enrolment's session, held until the recovery codes have been seen. */
  const enrolled = ref<{ session: StaffSessionDto; recoveryCodes: string[] } | null>(null)

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

  async function signIn(login: string, password: string, code: string): Promise<boolean> {
    enrolment.value = null
    const done = await run(() => window.teller.staff.signIn({ login, password, ...(code.trim() ? { code: code.trim() } : {}) }))
    if (!done && lastError.value?.code === ErrorCode.STAFF_ENROLMENT_REQUIRED) {
      lastError.value = null
      const r = await window.teller.staff.enrolStart()
      if (r.ok) enrolment.value = r.value
      else lastError.value = r.error
    }
    return done
  }

  async function bootstrap(login: string, displayName: string, password: string): Promise<boolean> {
    busy.value = true
    lastError.value = null
    try {
      const r = await window.teller.staff.bootstrap({ login, displayName, password })
      if (!r.ok) lastError.value = r.error
      else enrolment.value = r.value
      return r.ok
    } finally {
      busy.value = false
    }
  }

  /** Confirms the enrolment with a code from the new secret; the recovery codes are then shown once. */
  async function confirmEnrolment(code: string): Promise<boolean> {
    busy.value = true
    lastError.value = null
    try {
      const r = await window.teller.staff.enrolConfirm({ code: code.trim() })
      if (!r.ok) {
        lastError.value = r.error
        // A dropped enrolment (too many wrong codes, expired): back to signing in.
        if (r.error.code === ErrorCode.UNAUTHENTICATED) enrolment.value = null
        return false
      }
      enrolment.value = null
      enrolled.value = r.value
      return true
    } finally {
      busy.value = false
    }
  }

  /** After the recovery codes were seen: the session starts in the UI and they leave memory. */
  function finishEnrolment(): void {
    if (!enrolled.value) return
    session.value = enrolled.value.session
    enrolled.value = null
    if (status.value) status.value = { ...status.value, initialised: true }
  }

  async function signOut(): Promise<void> {
    await window.teller.staff.signOut()
    session.value = null
    enrolment.value = null
    enrolled.value = null
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
    session, status, lastError, busy, signedIn, isSupervisor, enrolment, enrolled,
    load, signIn, bootstrap, confirmEnrolment, finishEnrolment, signOut, dropSession, touch, checkSession,
  }
})
