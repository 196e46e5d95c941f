import { createCustomerApi, type CustomerInvoke } from '../shared/ipc/customer-page-contract'
import { shellCall } from './shell-call.client'

// Browser-shell stand-in for the customer window's preload: window.customerWindow (pair, getPrompt,
// answer, cancel) over fetch, with the customer page's own token, never the teller's.
const invoke: CustomerInvoke = shellCall('teller-customer', '/__teller/customer-ipc')

Object.defineProperty(window, 'customerWindow', { value: Object.freeze(createCustomerApi(invoke)), writable: false })
