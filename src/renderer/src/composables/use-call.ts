import { ref } from 'vue'
import type { AppError, Result } from '../../../shared/result'

/** Runs IPC calls with a shared busy flag and the last error, for a page or store. */
export function useCall() {
  const busy = ref(false)
  const error = ref<AppError | null>(null)
  async function call<T>(fn: () => Promise<Result<T>>): Promise<T | null> {
    busy.value = true
    error.value = null
    try {
      const r = await fn()
      if (!r.ok) {
        error.value = r.error
        return null
      }
      return r.value
    } finally {
      busy.value = false
    }
  }
  return { busy, error, call }
}
