import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Both projects run the built app: build it when the output is missing (npm test builds first). */
export default function globalSetup(): void {
  if (!existsSync('out/renderer/index.html') || !existsSync('out/main/index.js')) {
    execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
  }
}
