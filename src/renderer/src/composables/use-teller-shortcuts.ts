import { useRouter } from 'vue-router'
import { useSessionStore } from '../stores/session.store'
import { focusFirst, onShortcut, useShortcutKeys } from './use-shortcuts'

/**
 * What each teller shortcut does (the keys are in use-shortcuts.ts): open the page of the action and
 * put the cursor in its first field, as a mouse user would click there. Signed in only; the main
 * process still checks every call.
 */
export function useTellerShortcuts(signOut: () => Promise<void>): void {
  const router = useRouter()
  const session = useSessionStore()
  useShortcutKeys()

  async function go(name: string, ...focus: string[]): Promise<void> {
    if (!session.signedIn) return
    if (router.currentRoute.value.name !== name) await router.push({ name })
    for (const [i, selector] of focus.entries()) if (await focusFirst(selector, i === focus.length - 1 ? 3000 : 300)) return
  }

  onShortcut('home', () => void go('home', '[data-testid="desk-verify"]'))
  onShortcut('verify', () => void go('customer', '[data-testid="customer-phone"]'))
  // The registration step if the customer at the counter is there already, else the phone to start from.
  onShortcut('register', () => void go('customer', '[data-step="register"]', '[data-step]', '[data-testid="customer-phone"]'))
  onShortcut('pay', () => void go('payment', 'main'))
  onShortcut('repeat', () => void go('payment', '[data-testid="payment-again"]', 'main'))
  onShortcut('customerPassword', () => void go('customer', '[data-testid="password-change-start"]', '[data-testid="customer-phone"]'))
  onShortcut('lockouts', () => void go('lockouts', 'main'))
  onShortcut('audit', () => void (session.isSupervisor && go('audit', 'main')))
  onShortcut('signOut', () => void (session.signedIn && signOut()))
}
