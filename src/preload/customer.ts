import { contextBridge, ipcRenderer } from 'electron'
import { createCustomerApi, type CustomerInvoke } from '../shared/ipc/customer-page-contract'

// The customer window's preload (issue 12): four named functions (pair, getPrompt, answer, cancel),
// nothing of window.teller, no way to name a channel.
const invoke: CustomerInvoke = (channel, payload) => ipcRenderer.invoke(channel, payload)

contextBridge.exposeInMainWorld('customerWindow', createCustomerApi(invoke))
