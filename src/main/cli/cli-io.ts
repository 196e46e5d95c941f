import { readFileSync } from 'node:fs'
import { askHidden } from '../app/passphrase-source'

export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

/** A secret from standard input: hidden on a terminal, the first line otherwise; never from argv. */
export async function readSecret(prompt: string): Promise<string> {
  return (await readSecrets([prompt]))[0]!
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
  // Prompts on standard output, as the admin CLI always asked for staff passwords.
  for (const prompt of prompts) out.push(await askHidden(prompt, process.stdin, process.stdout))
  return out
}
