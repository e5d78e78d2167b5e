export { freePort, type RedisServer, startRedisServer } from "./redis-server.js";
export { runCommandLine } from "./commands.js";
