import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The layer rules of STYLE.md are enforced by lint; these specs prove the rules bite.
const eslint = new ESLint({ cwd: process.cwd() })

async function restricted(filePath: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.some((m) => m.ruleId === 'no-restricted-imports')
}

describe('import boundaries', () => {
  it('renderer cannot import electron, node modules, main-process code or backend packages', async () => {
    const f = 'src/renderer/src/pages/Probe.ts'
    expect(await restricted(f, "import { ipcRenderer } from 'electron'\nvoid ipcRenderer")).toBe(true)
    expect(await restricted(f, "import fs from 'node:fs'\nvoid fs")).toBe(true)
    expect(await restricted(f, "import fs from 'fs'\nvoid fs")).toBe(true)
    expect(await restricted(f, "import { openStore } from '../../../main/store/data-source'\nvoid openStore")).toBe(true)
    expect(await restricted(f, "import { DataSource } from 'typeorm'\nvoid DataSource")).toBe(true)
    expect(await restricted(f, "import { ErrorCode } from '../../../shared/errors'\nvoid ErrorCode")).toBe(false)
  })

  it('engine, store and browser shell cannot import electron; the Electron shell can', async () => {
    const code = "import { app } from 'electron'\nvoid app"
    expect(await restricted('src/main/engine/probe.ts', code)).toBe(true)
    expect(await restricted('src/main/store/probe.ts', code)).toBe(true)
    expect(await restricted('src/browser-shell/probe.ts', code)).toBe(true)
    expect(await restricted('src/main/electron/probe.ts', code)).toBe(false)
  })

  it('shared imports nothing but zod', async () => {
    expect(await restricted('src/shared/probe.ts', "import { createHash } from 'node:crypto'\nvoid createHash")).toBe(true)
    expect(await restricted('src/shared/probe.ts', "import { ref } from 'vue'\nvoid ref")).toBe(true)
    expect(await restricted('src/shared/probe.ts', "import { z } from 'zod'\nvoid z")).toBe(false)
  })

  it('the engine reaches the store only through the UnitOfWork port, and nothing above it', async () => {
    const f = 'src/main/engine/customers/probe.ts'
    expect(await restricted(f, "import { DataSource } from 'typeorm'\nvoid DataSource")).toBe(true)
    expect(await restricted(f, "import { CustomerEntity } from '../../store/entities/customer.entity'\nvoid CustomerEntity")).toBe(true)
    expect(await restricted(f, "import { sql } from '../../store/dialect'\nvoid sql")).toBe(true)
    expect(await restricted(f, "import { createLogger } from '../../app/logger'\nvoid createLogger")).toBe(true)
    expect(await restricted(f, "import { createGate } from '../../ipc/gate'\nvoid createGate")).toBe(true)
    expect(await restricted(f, "import type { UnitOfWork } from '../kernel/unit-of-work'\nexport type U = UnitOfWork")).toBe(false)
  })

  it('handlers reach neither the store nor the audit writer', async () => {
    const f = 'src/main/ipc/handlers/probe.handler.ts'
    expect(await restricted(f, "import { SqlUnitOfWork } from '../../store/unit-of-work'\nvoid SqlUnitOfWork")).toBe(true)
    expect(await restricted(f, "import { AuditService } from '../../engine/audit/audit.service'\nvoid AuditService")).toBe(true)
    expect(await restricted(f, "import type { CounterDesk } from '../../engine/counter/counter-desk.service'\nexport type D = CounterDesk")).toBe(false)
  })
})
