export { freePort, type RedisServer, startRedisServer } from "./redis-server.js";
