// The bench's target: the runner's OpenAI-compatible stub with a fixed latency, in its own process so the
// runner's RSS and CPU are measured alone. Prints its base URL, exits when its parent goes away.
import { startStub } from '../../runners/execute/testdata/stub-server.ts';

const latencyMs = Number(process.argv[2] ?? 50);
const stub = await startStub({ latencyMs });
process.stdout.write(stub.baseUrl + '\n');
process.stdin.resume();
process.stdin.on('end', () => void stub.close().then(() => process.exit(0)));
