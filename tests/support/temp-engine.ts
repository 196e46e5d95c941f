import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type AppConfig } from '../../src/main/app/config'
import { createEngine, type Engine, type EngineDeps } from '../../src/main/app/composition-root'
import type { Logger } from '../../src/main/app/logger'
import { FakeClock } from './fake-clock'

/** Cheap argon2 parameters for tests that are not about hashing cost. */
export const FAST_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 }

export function tempDir(prefix = 'teller-test-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

export interface TestEngine {
  engine: Engine
  clock: FakeClock
  dataDir: string
  logLines: string[]
  close(): Promise<void>
}

/** A real engine on a real SQLite file in a fresh temp folder, with a fake clock and captured logs. */
export async function startTestEngine(overrides: Partial<AppConfig> = {}, extra: Partial<EngineDeps> = {}): Promise<TestEngine> {
  const dir = tempDir()
  const clock = (extra.clock as FakeClock | undefined) ?? new FakeClock('2026-03-10T04:00:00.000Z')
  const logLines: string[] = []
  const logger: Logger = {
    info: (m, f) => logLines.push(JSON.stringify({ m, ...f })),
    warn: (m, f) => logLines.push(JSON.stringify({ m, ...f })),
    error: (m, f) => logLines.push(JSON.stringify({ m, ...f })),
  }
  const engine = await createEngine({
    // The production loader over an empty environment: every default as a fresh install has it.
    config: loadConfig({}, { appVersion: '0.0.0-test', shell: 'browser', dataDir: dir.path, workstation: 'ws-test-1', idleTimeoutSeconds: 300, ...overrides }),
    clock,
    logger,
    argon2: FAST_ARGON2,
    ...extra,
  })
  return {
    engine,
    clock,
    dataDir: dir.path,
    logLines,
    close: async () => {
      await engine.close()
      dir.cleanup()
    },
  }
}

/** Another engine on an existing data folder (a restart), sharing the caller's clock. */
export async function reopenEngine(dataDir: string, clock: FakeClock, extra: Partial<EngineDeps> = {}): Promise<Engine> {
  return createEngine({
    config: loadConfig({}, { appVersion: '0.0.0-test', shell: 'browser', dataDir, workstation: 'ws-test-1', idleTimeoutSeconds: 300 }),
    clock,
    argon2: FAST_ARGON2,
    ...extra,
  })
}
