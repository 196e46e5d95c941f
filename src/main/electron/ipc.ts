import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { allChannels } from '../../shared/ipc/channels'
import { defaultMessages, ErrorCode } from '../../shared/errors'
import { err } from '../../shared/result'
import type { Dispatch } from '../ipc/dispatch'

/**
 * Binds every contract channel to the dispatcher. A call is served only when it comes from the
 * main frame of our own window showing our own document (sender-frame check).
 */
export function registerIpc(dispatch: Dispatch, isAppUrl: (url: string) => boolean, workstation: string, refuseSender?: (channel: string, ctx: { clientId: string; workstation: string }) => Promise<void>): void {
  for (const channel of allChannels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame
      const ctx = { clientId: `wc:${event.sender.id}`, workstation }
      if (!frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url)) {
        // Audited (issue 14), coalesced like every refusal; the payload is never looked at.
        return (refuseSender?.(channel, ctx) ?? Promise.resolve()).then(() => err(ErrorCode.FORBIDDEN_SENDER, defaultMessages.FORBIDDEN_SENDER))
      }
      return dispatch(channel, payload, ctx)
    })
  }
}
