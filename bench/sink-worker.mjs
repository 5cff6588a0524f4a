// A discarding SMTP sink in its own thread: it accepts everything, counts messages, and answers "count" with
// the number accepted so far. Plain JavaScript so it runs without a TypeScript loader.
import { parentPort } from "node:worker_threads";
import { SMTPServer } from "smtp-server";

let accepted = 0;
const server = new SMTPServer({
  logger: false,
  disableReverseLookup: true,
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  size: 100 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => {
      accepted += 1;
      callback();
    });
  },
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.server.address().port }));
parentPort.on("message", (m) => {
  if (m === "count") parentPort.postMessage({ accepted });
  if (m === "close") server.close(() => parentPort.postMessage({ closed: true }));
});
