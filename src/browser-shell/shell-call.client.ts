import { defaultMessages, ErrorCode } from '../shared/errors'
import { err } from '../shared/result'

/**
 * What the teller bridge and the customer bridge share: the page's own token, taken out of the URL
 * into this tab's storage, a client id per tab, and one POST per call to the page's own route.
 * Each page keeps its credentials under its own storage prefix, so the two never mix.
 */
export function shellCall(storagePrefix: string, route: string): (channel: string, payload: unknown) => Promise<never> {
  const params = new URLSearchParams(location.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    sessionStorage.setItem(`${storagePrefix}-token`, fromUrl)
    params.delete('token')
    const rest = params.toString()
    history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash)
  }
  const token = sessionStorage.getItem(`${storagePrefix}-token`) ?? ''
  let clientId = sessionStorage.getItem(`${storagePrefix}-client`)
  if (!clientId) {
    clientId = crypto.randomUUID()
    sessionStorage.setItem(`${storagePrefix}-client`, clientId)
  }
  const client = clientId
  return async (channel, payload) => {
    try {
      const res = await fetch(`${route}/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-teller-token': token, 'x-teller-client': client },
        body: JSON.stringify(payload ?? {}),
      })
      // The server replies with the dispatcher's Result for this channel.
      return (await res.json()) as never
    } catch {
      return err(ErrorCode.INTERNAL, defaultMessages.INTERNAL) as never
    }
  }
}
