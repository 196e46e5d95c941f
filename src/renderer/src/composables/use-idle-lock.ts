import { onBeforeUnmount, onMounted } from 'vue'
import { useSessionStore } from '../stores/session.store'

/**
 * Reports keyboard/pointer activity to the main process (at most once every 30 s), which owns the
 * idle timer; when the main process says the session is locked, the UI returns to sign-in.
 */
export function useIdleLock(): void {
  const store = useSessionStore()
  let lastSent = 0
  const onActivity = () => {
    const now = Date.now()
    if (!store.signedIn || now - lastSent < 30_000) return
    lastSent = now
    void store.touch()
  }
  const poll = setInterval(() => {
    if (!store.signedIn) return
    void store.checkSession()
  }, 15_000)
  onMounted(() => {
    window.addEventListener('keydown', onActivity)
    window.addEventListener('pointerdown', onActivity)
  })
  onBeforeUnmount(() => {
    clearInterval(poll)
    window.removeEventListener('keydown', onActivity)
    window.removeEventListener('pointerdown', onActivity)
  })
}
