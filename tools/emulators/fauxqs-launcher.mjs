// Starts the fauxqs SQS emulator bound to loopback only. fauxqs's own CLI and
// startFauxqs() always listen on 0.0.0.0, so this builds the app and listens itself.
// Usage: node fauxqs-launcher.mjs <port>
import { buildApp } from "fauxqs";

const port = Number(process.argv[2] ?? process.env.FAUXQS_PORT ?? 9324);
const app = buildApp({ logger: false, defaultRegion: "us-east-1" });
await app.listen({ port, host: "127.0.0.1" });
console.log(`fauxqs listening on http://127.0.0.1:${port}`);

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
