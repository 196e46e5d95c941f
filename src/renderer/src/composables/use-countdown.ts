import { computed, onBeforeUnmount, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'

/** Seconds left until an ISO instant, ticking every second; 0 when passed or unset. */
export function useCountdown(target: Ref<string | null | undefined>) {
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), 1000)
  onBeforeUnmount(() => clearInterval(timer))
  const seconds = computed(() => {
    if (!target.value) return 0
    // Rounded, not ceiled: a fresh 15-minute lock reads 15:00, never 15:01 (the screen's clock trails the main process by a few hundred ms).
    return Math.max(0, Math.round((new Date(target.value).getTime() - now.value) / 1000))
  })
  const text = computed(() => formatDuration(seconds.value))
  return { seconds, text }
}

export function formatDuration(totalSeconds: number): string {
  const m = Math.floor(totalSeconds / 60)
  const s = totalSeconds % 60
  return `${m}:${String(s).padStart(2, '0')}`
}

/**
 * A lockout list's time left, ticking every second: each row's `secondsLeft` counts down from when
 * the list arrived (`loadedAt`); a row with none lasts until a supervisor lifts it.
 */
export function useLockoutTimeLeft(loadedAt: () => number) {
  const { t } = useI18n()
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), 1000)
  onBeforeUnmount(() => clearInterval(timer))
  return (secondsLeft: number | null): string =>
    secondsLeft === null ? t('lockouts.untilLifted') : formatDuration(Math.max(0, secondsLeft - Math.floor((now.value - loadedAt()) / 1000)))
}

/** Seconds left until any ISO instant, re-read every second (for a list of locks, each with its own end). */
export function useSecondsUntil() {
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), 1000)
  onBeforeUnmount(() => clearInterval(timer))
  return (iso: string): number => Math.max(0, Math.round((new Date(iso).getTime() - now.value) / 1000))
}
