import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

/** A real `redis-server` (Debian's package) on a free loopback port, for tests and benchmarks. */
export interface RedisServer {
  /** `redis://[:password@]127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGTERM: the append-only file is flushed) and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Stops it and deletes its data. */
  stop(): Promise<void>;
}

/** How long a starting server may take to answer PING. */
const START_TIMEOUT_MS = 10_000;

/** A TCP port nothing listens on now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts `redis-server` bound to 127.0.0.1 on a free port, keeping its data in an append-only file in a temporary
 * folder (so a restart keeps the queue); throws saying how to install it when it is missing.
 */
export async function startRedisServer(options: { password?: string } = {}): Promise<RedisServer> {
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error("redis-server is not installed: apt-get install -y redis-server (.ci/run installs it when missing)");
  }
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), "grid-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "yes"];
  if (options.password !== undefined) args.push("--requirepass", options.password);
  let child = await launch(args, port, options.password);
  const url = `redis://${options.password === undefined ? "" : `:${encodeURIComponent(options.password)}@`}127.0.0.1:${port}`;
  return {
    url,
    port,
    async restart() {
      await terminate(child);
      child = await launch(args, port, options.password);
    },
    async stop() {
      await terminate(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function launch(args: string[], port: number, password: string | undefined): Promise<ChildProcess> {
  const child = spawn("redis-server", args, { stdio: ["ignore", "ignore", "inherit"] });
  const client = new Redis({ host: "127.0.0.1", port, password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    for (const started = Date.now(); Date.now() - started < START_TIMEOUT_MS; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (child.exitCode !== null) throw new Error(`redis-server ${args.join(" ")} exited with ${child.exitCode}`);
      try {
        if (client.status !== "ready") await client.connect();
        if ((await client.ping()) === "PONG") return child;
      } catch {
        client.disconnect();
      }
    }
    throw new Error(`redis-server on port ${port} did not answer within ${START_TIMEOUT_MS / 1000} s`);
  } finally {
    client.disconnect();
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
