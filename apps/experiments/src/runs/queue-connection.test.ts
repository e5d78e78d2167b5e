import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type RedisServer, startRedisServer } from "../testing/redis-server.js";
import { checkQueueConnection, parseQueueUrl } from "./queue-connection.js";

describe("parseQueueUrl", () => {
  it("reads host, port, database, user and password, and hides the password when printed", () => {
    expect(parseQueueUrl("redis://127.0.0.1:6380")).toEqual({ redis: { host: "127.0.0.1", port: 6380, db: 0 }, display: "redis://127.0.0.1:6380/0" });
    const guarded = parseQueueUrl("redis://grid:p%40ss@queue.example:7000/3");
    expect(guarded.redis).toEqual({ host: "queue.example", port: 7000, db: 3, username: "grid", password: "p@ss" });
    expect(guarded.display).toBe("redis://grid:***@queue.example:7000/3");
    expect(parseQueueUrl("redis://:secret@localhost").redis).toEqual({ host: "localhost", port: 6379, db: 0, password: "secret" });
    expect(parseQueueUrl("rediss://localhost:6380").redis.tls).toEqual({ servername: "localhost" });
    expect(parseQueueUrl("redis://[::1]:6380").redis.host).toBe("::1");
  });

  it("rejects what is not a Redis URL, saying what is accepted", () => {
    expect(() => parseQueueUrl("localhost:6379")).toThrow(/"localhost:" in "localhost:6379" is not a Redis scheme; expected redis:\/\/\[\[user\]:password@\]host/);
    expect(() => parseQueueUrl("http://localhost:6379")).toThrow(/is not a Redis scheme/);
    expect(() => parseQueueUrl("6379")).toThrow(/"6379" is not a URL; expected redis:\/\//);
    expect(() => parseQueueUrl("redis://localhost/queue")).toThrow(/database "queue" in "redis:\/\/localhost\/queue" is not a whole number/);
  });
});

describe("checkQueueConnection", () => {
  let redis: RedisServer;
  let guarded: RedisServer;
  let silent: Server;
  let silentPort: number;

  beforeAll(async () => {
    [redis, guarded] = await Promise.all([startRedisServer(), startRedisServer({ password: "s3cret" })]);
    // Accepts connections and never answers: a port that is not Redis.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as { port: number }).port;
  }, 30_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), guarded?.stop()]);
    silent?.close();
  });

  it("answers with the server's version", async () => {
    expect(await checkQueueConnection(parseQueueUrl(redis.url))).toMatch(/^\d+\.\d+/);
    expect(await checkQueueConnection(parseQueueUrl(guarded.url))).toMatch(/^\d+\.\d+/);
  });

  it("says what is wrong, and where, within its timeout", async () => {
    const port = await freePort();
    await expect(checkQueueConnection(parseQueueUrl(`redis://127.0.0.1:${port}`))).rejects.toThrow(
      new RegExp(`cannot use the queue at redis://127.0.0.1:${port}/0: nothing listens there \\(connect ECONNREFUSED`),
    );
    await expect(checkQueueConnection(parseQueueUrl(`redis://127.0.0.1:${guarded.port}`))).rejects.toThrow(/Redis asks for a password; put it in the URL/);
    await expect(checkQueueConnection(parseQueueUrl(`redis://:wrong@127.0.0.1:${guarded.port}`))).rejects.toThrow(
      /redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0: Redis refused the password/,
    );
    const started = Date.now();
    await expect(checkQueueConnection(parseQueueUrl(`redis://127.0.0.1:${silentPort}`), 1000)).rejects.toThrow(
      /no Redis answered within 1 s; is the host reachable and is it Redis on that port\?/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  }, 30_000);
});
