import type { RedisOptions as BullRedisOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";

/** The BullMQ queue every coordinator and worker on one Redis database shares (`/<db>` in the URL separates projects). */
export const QUEUE_NAME = "grid-runs";

/** How long the first connection may take before `--queue` is reported unreachable. */
const CONNECT_TIMEOUT_MS = 5000;

/** A parsed `--queue` URL: options for ioredis (and so BullMQ), and the URL to print, its password hidden. */
export interface QueueConnection {
  redis: RedisOptions;
  /** `redis://host:port/db`, with `***` for a password. */
  display: string;
}

const ACCEPTED = "redis://[[user]:password@]host[:port][/db], or rediss:// for TLS";

/** Parses `redis://[[user]:password@]host[:port][/db]` (`rediss://` for TLS); throws naming what is accepted. */
export function parseQueueUrl(url: string): QueueConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--queue: "${url}" is not a URL; expected ${ACCEPTED}`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new Error(`--queue: "${parsed.protocol}" in "${url}" is not a Redis scheme; expected ${ACCEPTED}`);
  }
  if (parsed.hostname === "") throw new Error(`--queue: "${url}" names no host; expected ${ACCEPTED}`);
  const port = parsed.port === "" ? 6379 : Number(parsed.port);
  const path = parsed.pathname.replace(/^\//, "");
  const db = path === "" ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0) throw new Error(`--queue: database "${path}" in "${url}" is not a whole number >= 0; expected ${ACCEPTED}`);
  const password = parsed.password === "" ? undefined : decodeURIComponent(parsed.password);
  const username = parsed.username === "" ? undefined : decodeURIComponent(parsed.username);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  const redis: RedisOptions = {
    host,
    port,
    db,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(parsed.protocol === "rediss:" ? { tls: { servername: host } } : {}),
  };
  const credentials = password === undefined ? (username === undefined ? "" : `${username}@`) : `${username ?? ""}:***@`;
  return { redis, display: `${parsed.protocol}//${credentials}${parsed.host}/${db}` };
}

/**
 * Options for BullMQ's long-lived connections: commands wait while Redis is away (a restart) and the client
 * reconnects every 2 s at the most, for as long as it takes.
 */
export function lastingConnection(connection: QueueConnection): BullRedisOptions {
  return { ...connection.redis, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(250 * times, 2000) };
}

/**
 * Connects once and pings, so that a wrong or unreachable URL fails within seconds, before anything is written,
 * with what was wrong and where; resolves with the server's version.
 */
export async function checkQueueConnection(connection: QueueConnection, timeoutMs = CONNECT_TIMEOUT_MS): Promise<string> {
  const client = new Redis({
    ...connection.redis,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The cause (refused, unknown host, NOAUTH) comes as an error event; connect() then only says the connection closed.
  let cause: Error | undefined;
  client.on("error", (error) => {
    cause ??= error;
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no Redis answered within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect(), timeout]);
    await Promise.race([client.ping(), timeout]);
    const info = await Promise.race([client.info("server"), timeout]);
    return /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
  } catch (error) {
    throw new Error(`cannot use the queue at ${connection.display}: ${explain((cause ?? error) as Error & { code?: string })}`);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** What a connection error means, in words a person can act on. */
function explain(error: Error & { code?: string }): string {
  const message = error.message ?? String(error);
  if (error.code === "ECONNREFUSED") return `nothing listens there (${message}); start Redis with \`redis-server --port <port>\``;
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") return `the host is not known (${message})`;
  if (/NOAUTH|Authentication required/i.test(message)) return "Redis asks for a password; put it in the URL: redis://:<password>@host:port";
  if (/WRONGPASS|invalid (username-)?password/i.test(message)) return "Redis refused the password (or user) in the URL";
  if (/ETIMEDOUT|timed? ?out|no Redis answered/i.test(message)) return `${message}; is the host reachable and is it Redis on that port?`;
  return message;
}

/** Calls `notify` at most once every 10 s (while Redis is away, every command raises an error). */
export function throttled(notify: (error: Error) => void): (error: Error) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    notify(error);
  };
}
