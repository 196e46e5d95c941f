import { contextBridge, ipcRenderer } from 'electron'
import { createTellerApi, type Invoke } from '../shared/ipc/api'

// An allowlist, not a pipe: the page gets one named function per contract channel and can never
// name a channel itself or reach ipcRenderer.
const invoke: Invoke = (channel, payload) => ipcRenderer.invoke(channel, payload)

contextBridge.exposeInMainWorld('teller', createTellerApi(invoke))
