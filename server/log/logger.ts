// Structured JSON logs. Each process names itself; requests and jobs log through children carrying their id.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(processName: string, level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { proc: processName, pid: process.pid } });
}

// Ops commands print their result on stdout; their log, warnings only, goes to stderr.
export function createCommandLogger(): Logger {
  return pino({ level: "warn", base: { proc: "cli", pid: process.pid } }, pino.destination(2));
}
