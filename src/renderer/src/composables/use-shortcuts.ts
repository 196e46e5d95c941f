import { nextTick, onBeforeUnmount, onMounted, ref } from 'vue'

/**
 * The keyboard shortcuts of the teller window, defined once (issue 16: every teller flow without a
 * mouse). Alt+letter: the browser and Electron leave it free, and it types nothing in a field, so it
 * works while typing too. The key's place on the keyboard (`KeyboardEvent.code`), not its letter:
 * the same keys under a Russian or Kazakh layout. `?` (outside a text field) or F1 open the help.
 */
export type ShortcutId = 'home' | 'verify' | 'register' | 'pay' | 'repeat' | 'customerPassword' | 'ownPassword' | 'lockouts' | 'audit' | 'signOut'

export interface Shortcut {
  id: ShortcutId
  /** `KeyboardEvent.code` of the letter pressed with Alt. */
  code: string
  supervisorOnly?: boolean
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'home', code: 'KeyH' },
  { id: 'verify', code: 'KeyV' },
  { id: 'register', code: 'KeyR' },
  { id: 'pay', code: 'KeyP' },
  { id: 'repeat', code: 'KeyY' },
  { id: 'customerPassword', code: 'KeyC' },
  { id: 'ownPassword', code: 'KeyK' },
  { id: 'lockouts', code: 'KeyL' },
  { id: 'audit', code: 'KeyA', supervisorOnly: true },
  { id: 'signOut', code: 'KeyQ' },
]

/** The keys as shown in the help: ['Alt', 'V']. */
export const keysOf = (s: Shortcut): string[] => ['Alt', s.code.replace(/^Key/, '')]

/** The help overlay's state, shared by the key handler and the overlay. */
export const helpOpen = ref(false)

const handlers = new Map<ShortcutId, () => void>()

/** Where a key press types text: shortcuts that are characters (`?`) leave it alone. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type)
  return false
}

/** The shortcut a key press means, if any: Alt with a letter, no Ctrl, Meta or Shift. */
export function shortcutOf(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>): Shortcut | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null
  return SHORTCUTS.find((s) => s.code === e.code) ?? null
}

/** A component binds a shortcut to what it does while it is mounted. */
export function onShortcut(id: ShortcutId, run: () => void): void {
  onMounted(() => handlers.set(id, run))
  onBeforeUnmount(() => {
    if (handlers.get(id) === run) handlers.delete(id)
  })
}

/** The one key listener of the window (App.vue). */
export function useShortcutKeys(): void {
  function onKey(e: KeyboardEvent): void {
    if (e.key === 'F1' || (e.key === '?' && !e.altKey && !e.ctrlKey && !e.metaKey && !isTextEntry(e.target))) {
      e.preventDefault()
      helpOpen.value = true
      return
    }
    const s = shortcutOf(e)
    const run = s && handlers.get(s.id)
    if (!run) return
    e.preventDefault()
    run()
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}

const FOCUSABLE = 'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])'

/** The first field or button inside the element `selector` names (or that element itself), when it shows up (pages load). */
export async function focusFirst(selector: string, waitMs = 3000): Promise<boolean> {
  await nextTick()
  const until = Date.now() + waitMs
  for (;;) {
    const root = document.querySelector<HTMLElement>(selector)
    const target = root?.matches(FOCUSABLE) ? root : root?.querySelector<HTMLElement>(FOCUSABLE)
    if (target && target.offsetParent !== null) {
      target.focus()
      return true
    }
    if (Date.now() > until) return false
    await new Promise((r) => setTimeout(r, 50))
  }
}
