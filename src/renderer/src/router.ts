import { createRouter, createWebHashHistory } from 'vue-router'
import { useSessionStore } from './stores/session.store'
import FirstRunPage from './pages/FirstRunPage.vue'
import HomePage from './pages/HomePage.vue'
import SignInPage from './pages/SignInPage.vue'
import StaffPage from './pages/StaffPage.vue'
import CustomerPage from './pages/CustomerPage.vue'
import LockoutsPage from './pages/LockoutsPage.vue'
import AuditPage from './pages/AuditPage.vue'
import PaymentPage from './pages/PaymentPage.vue'
import DisputesPage from './pages/DisputesPage.vue'
import ApprovalsPage from './pages/ApprovalsPage.vue'

// Hash history: the document never changes, so Electron's navigation guard never has to allow more.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: HomePage, meta: { auth: true } },
    { path: '/customer', name: 'customer', component: CustomerPage, meta: { auth: true } },
    { path: '/payment', name: 'payment', component: PaymentPage, meta: { auth: true } },
    { path: '/disputes', name: 'disputes', component: DisputesPage, meta: { auth: true, role: 'supervisor' } },
    { path: '/lockouts', name: 'lockouts', component: LockoutsPage, meta: { auth: true } },
    { path: '/audit', name: 'audit', component: AuditPage, meta: { auth: true, role: 'supervisor' } },
    { path: '/staff', name: 'staff', component: StaffPage, meta: { auth: true, role: 'supervisor' } },
    { path: '/approvals', name: 'approvals', component: ApprovalsPage, meta: { auth: true, role: 'supervisor' } },
    { path: '/sign-in', name: 'sign-in', component: SignInPage },
    { path: '/first-run', name: 'first-run', component: FirstRunPage },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

router.beforeEach(async (to) => {
  const store = useSessionStore()
  if (!store.status) await store.load()
  if (store.status && !store.status.initialised) return to.name === 'first-run' ? true : { name: 'first-run' }
  if (to.name === 'first-run') return { name: 'sign-in' }
  if (to.meta.auth && !store.signedIn) return { name: 'sign-in' }
  if (to.name === 'sign-in' && store.signedIn) return { name: 'home' }
  // The main process enforces roles on every call; this only keeps tellers off pages they cannot use.
  if (to.meta.role === 'supervisor' && !store.isSupervisor) return { name: 'home' }
  return true
})
