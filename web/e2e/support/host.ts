import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const HOST_DLL = process.env.HOSPITALOPS_HOST_DLL ?? '/work/main/src/HospitalOps.Host/bin/Release/net10.0/HospitalOps.Host.dll'
const WEB_DIST_INDEX = join(import.meta.dirname, '..', '..', 'dist', 'index.html')

export interface RunningHost {
  baseURL: string
  dataDir: string
  /** the random password of `admin`, from <data-dir>/initial-admin-password */
  adminPassword: string
  output(): string
  stop(): Promise<void>
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export interface HostOptions {
  /** `serve --demo`: the demo hospital's people, units and business systems on the empty database */
  demo?: boolean
}

/**
 * Starts the real server on a free port with a throwaway data directory, waits until it is
 * ready, and reads the initial administrator password it wrote there.
 */
export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  if (!existsSync(HOST_DLL)) {
    throw new Error(`No host at ${HOST_DLL}. Build it: npm run build (web) then dotnet build src/HospitalOps.Host -c Release, or set HOSPITALOPS_HOST_DLL.`)
  }
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  const dataDir = mkdtempSync(join(tmpdir(), 'hops-e2e-'))
  let log = ''
  const args = [HOST_DLL, 'serve', ...(options.demo ? ['--demo'] : []), '--urls', baseURL, '--data-dir', dataDir]
  const child: ChildProcess = spawn('dotnet', args, {
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()))
  let exited: number | null = null
  child.on('exit', (code) => (exited = code ?? -1))

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM')
      for (let i = 0; i < 100 && exited === null; i++) await sleep(100)
      if (exited === null) child.kill('SIGKILL')
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    const deadline = Date.now() + 90_000
    for (;;) {
      if (exited !== null) throw new Error(`the host exited with ${exited}:\n${log}`)
      if (Date.now() > deadline) throw new Error(`the host was not ready within 90 s:\n${log}`)
      try {
        const ready = await fetch(`${baseURL}/health/ready`)
        if (ready.ok) break
      } catch {
        // not listening yet
      }
      await sleep(250)
    }

    const passwordFile = join(dataDir, 'initial-admin-password')
    const adminPassword = readFileSync(passwordFile, 'utf8').trim()

    // The host must serve this web build: the one in web/dist, copied in by the host's build.
    const served = await (await fetch(`${baseURL}/`)).text()
    if (!served.includes('<div id="app">')) {
      throw new Error('The host does not serve the web app. Run `npm run build` in web/, then `dotnet build src/HospitalOps.Host -c Release`.')
    }
    if (existsSync(WEB_DIST_INDEX) && readFileSync(WEB_DIST_INDEX, 'utf8').trim() !== served.trim()) {
      throw new Error('The host serves an older web build than web/dist. Rebuild the host: dotnet build src/HospitalOps.Host -c Release.')
    }
    return { baseURL, dataDir, adminPassword, output: () => log, stop }
  } catch (e) {
    await stop()
    throw e
  }
}
