import { ref } from 'vue'
import type { AppError, Result } from '../../../shared/result'

/**
 * Runs IPC calls with a shared busy flag and the last error, for a store. The whole Result comes
 * back because several channels answer a plain `null` on success, which must not read as a failure.
 */
export function useCall() {
  const busy = ref(false)
  const error = ref<AppError | null>(null)
  async function call<T>(fn: () => Promise<Result<T>>): Promise<Result<T>> {
    busy.value = true
    error.value = null
    try {
      const r = await fn()
      if (!r.ok) error.value = r.error
      return r
    } finally {
      busy.value = false
    }
  }
  return { busy, error, call }
}
