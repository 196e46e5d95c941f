import { defaultMessages, ErrorCode } from '../shared/errors'
import { createCustomerApi, type CustomerInvoke } from '../shared/ipc/customer-page-contract'
import { err } from '../shared/result'

// Browser-shell stand-in for the customer window's preload: window.customerWindow (pair, getPrompt,
// answer, cancel) over fetch, with the customer page's own token, never the teller's.
const params = new URLSearchParams(location.search)
const fromUrl = params.get('token')
if (fromUrl) {
  sessionStorage.setItem('teller-customer-token', fromUrl)
  params.delete('token')
  const rest = params.toString()
  history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash)
}
const token = sessionStorage.getItem('teller-customer-token') ?? ''
let clientId = sessionStorage.getItem('teller-customer-client')
if (!clientId) {
  clientId = crypto.randomUUID()
  sessionStorage.setItem('teller-customer-client', clientId)
}

const invoke: CustomerInvoke = async (channel, payload) => {
  try {
    const res = await fetch(`/__teller/customer-ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-teller-token': token, 'x-teller-client': clientId },
      body: JSON.stringify(payload ?? {}),
    })
    return (await res.json()) as never
  } catch {
    return err(ErrorCode.INTERNAL, defaultMessages.INTERNAL)
  }
}

Object.defineProperty(window, 'customerWindow', { value: Object.freeze(createCustomerApi(invoke)), writable: false })
