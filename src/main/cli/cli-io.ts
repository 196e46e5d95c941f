import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

/** A secret from standard input: hidden on a terminal, the first line otherwise; never from argv. */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? ''
    return line
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })
  process.stdout.write(prompt)
  write._writeToOutput = () => {} // hide what is typed
  const answer = await new Promise<string>((ok) => rl.question('', ok))
  rl.close()
  process.stdout.write('\n')
  return answer
}

/**
 * Several secrets from standard input, in order: on a terminal each asked for hidden; otherwise one
 * line each (standard input is read once). An empty answer is ''.
 */
export async function readSecrets(prompts: string[]): Promise<string[]> {
  if (!process.stdin.isTTY) {
    const lines = readFileSync(0, 'utf8').split(/\r?\n/)
    return prompts.map((_, i) => lines[i] ?? '')
  }
  const out: string[] = []
  for (const prompt of prompts) out.push(await readSecret(prompt))
  return out
}
