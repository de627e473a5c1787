import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'

export type { SchemaEngine }

/** One Prisma schema file as the engine wants it: path (for messages) and content. */
export interface SchemaFile {
  readonly path: string
  readonly content: string
}

/**
 * The engine reports Rust panics through this global, which the Prisma CLI installs; without it a panic
 * surfaces as "Cannot read properties of undefined (reading 'set_message')" (docs/prisma-offline.md §3.2 #6).
 */
class PanicRegistry {
  message = ''
  set_message(value: string): void {
    this.message = `RuntimeError: ${value}`
  }
}

interface PanicGlobal {
  PRISMA_WASM_PANIC_REGISTRY?: { set_message(value: string): void }
}

const ownRegistry = new PanicRegistry()

/**
 * Installs our registry unless one exists: PrismaClient's runtime installs its own (which throws the panic
 * as an error), and replacing it would break the client in the same process.
 */
function installPanicRegistry(): void {
  const g = globalThis as PanicGlobal
  g.PRISMA_WASM_PANIC_REGISTRY ??= ownRegistry
}

let instantiated: Promise<void> | undefined

/**
 * The engine arms timeouts it never clears (no clearTimeout import); left ref'd they keep a finished
 * command's process alive for 10-60 s. Unref'd, they still fire while anything else is pending.
 */
function importsWithUnrefTimers(): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...(glue as unknown as Record<string, unknown>) }
  for (const name of Object.keys(imports)) {
    if (!name.startsWith('__wbg_setTimeout_')) continue
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref()
  }
  return imports
}

/** The slice of the WebAssembly global used here (the project's lib settings do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown }
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

/** The glue module holds a single wasm instance per process, so it is instantiated once. */
function instantiateOnce(): Promise<void> {
  instantiated ??= (async () => {
    installPanicRegistry()
    const glueUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
    const wasmPath = fileURLToPath(new URL('./schema_engine_bg.wasm', glueUrl))
    const module = new wasmApi.Module(await readFile(wasmPath))
    const instance = new wasmApi.Instance(module, { './schema_engine_bg.js': importsWithUnrefTimers() })
    glue.__wbg_set_wasm(instance.exports)
    ;(instance.exports as { __wbindgen_start: () => void }).__wbindgen_start()
  })()
  return instantiated
}

/** An error raised inside the engine, with the Rust panic message when there was one. */
export class SchemaEngineError extends Error {
  override readonly name = 'SchemaEngineError'
}

/** Turns whatever the engine threw into an Error whose message says what went wrong. */
export function engineError(error: unknown): Error {
  if (ownRegistry.message !== '') {
    const message = ownRegistry.message
    ownRegistry.message = ''
    return new SchemaEngineError(`Schema engine panicked: ${message}`, { cause: error })
  }
  if (error instanceof Error) return error
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return new SchemaEngineError(String(error.message), { cause: error })
  }
  return new SchemaEngineError(String(error))
}

export interface OpenEngineOptions {
  readonly factory: SqlMigrationAwareDriverAdapterFactory
  readonly schemaFiles: readonly SchemaFile[]
  /** Receives the engine's own tracing lines (JSON). */
  readonly onLog?: (line: string) => void
}

export async function openSchemaEngine(options: OpenEngineOptions): Promise<SchemaEngine> {
  await instantiateOnce()
  const onLog = options.onLog ?? (() => undefined)
  const SchemaEngineClass = (glue as unknown as { SchemaEngine: typeof SchemaEngine }).SchemaEngine
  try {
    return await SchemaEngineClass.new(
      { datamodels: options.schemaFiles.map((f): [string, string] => [f.path, f.content]) },
      onLog,
      bindMigrationAwareSqlAdapterFactory(options.factory),
    )
  } catch (error) {
    throw engineError(error)
  }
}

/** The engine package version, for messages. */
export async function engineVersion(): Promise<string> {
  await instantiateOnce()
  return glue.version()
}
