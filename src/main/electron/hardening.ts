import { app, session, type WebContents } from 'electron'

/**
 * Process-wide gates, installed before the first window: every permission request denied
 * (camera, geolocation, notifications...), no webviews, no new windows from any contents,
 * and no network request leaves for anything but the app's own files (S3, S4).
 */
export function hardenApp(isAllowedUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedUrl(url)) event.preventDefault()
    })
  })
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedUrl(details.url) })
  })
}
