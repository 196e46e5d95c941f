import { createTellerApi, type Invoke } from '../shared/ipc/api'
import { defaultMessages, ErrorCode } from '../shared/errors'
import { err } from '../shared/result'

// Browser-shell stand-in for the preload: the same window.teller, carried over fetch to the
// loopback server. The token comes from the URL the server printed and is kept for the tab only.
const params = new URLSearchParams(location.search)
const fromUrl = params.get('token')
if (fromUrl) {
  sessionStorage.setItem('teller-shell-token', fromUrl)
  params.delete('token')
  const rest = params.toString()
  history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash)
}
const token = sessionStorage.getItem('teller-shell-token') ?? ''
let clientId = sessionStorage.getItem('teller-shell-client')
if (!clientId) {
  clientId = crypto.randomUUID()
  sessionStorage.setItem('teller-shell-client', clientId)
}

const invoke: Invoke = async (channel, payload) => {
  try {
    const res = await fetch(`/__teller/ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-teller-token': token, 'x-teller-client': clientId },
      body: JSON.stringify(payload ?? {}),
    })
    // The server replies with the dispatcher's Result for this channel.
    return (await res.json()) as never
  } catch {
    return err(ErrorCode.INTERNAL, defaultMessages.INTERNAL)
  }
}

Object.defineProperty(window, 'teller', { value: Object.freeze(createTellerApi(invoke)), writable: false })
