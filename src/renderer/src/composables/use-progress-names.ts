import { onBeforeUnmount, onMounted, watch } from 'vue'

const OURS = 'data-named-progress'

/**
 * Every progressbar of the window has an accessible name in the UI language (axe
 * `aria-progressbar-name`, WCAG 4.1.2), also the spinner Vuetify puts inside a busy button, which
 * takes no attributes from us. One observer per window names each one as it appears; a progressbar
 * that brings its own name keeps it.
 */
export function useProgressNames(label: () => string): void {
  function name(): void {
    const text = label()
    for (const el of document.querySelectorAll<HTMLElement>('[role="progressbar"]')) {
      const own = el.hasAttribute('aria-label') && !el.hasAttribute(OURS)
      if (own || el.hasAttribute('aria-labelledby') || el.getAttribute('aria-label') === text) continue
      el.setAttribute('aria-label', text)
      el.setAttribute(OURS, '')
    }
  }
  const observer = new MutationObserver(name)
  onMounted(() => {
    name()
    observer.observe(document.body, { childList: true, subtree: true })
  })
  watch(label, name)
  onBeforeUnmount(() => observer.disconnect())
}
