import { createTellerApi, type Invoke } from '../shared/ipc/api'
import { shellCall } from './shell-call.client'

// Browser-shell stand-in for the preload: the same window.teller, carried over fetch to the
// loopback server. The token comes from the URL the server printed and is kept for the tab only.
const invoke: Invoke = shellCall('teller-shell', '/__teller/ipc')

Object.defineProperty(window, 'teller', { value: Object.freeze(createTellerApi(invoke)), writable: false })
