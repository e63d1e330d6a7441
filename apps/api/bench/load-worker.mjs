// The load generator, on its own thread so it does not compete with the server for its event loop.
// Plain JavaScript: a worker started from tsx does not inherit the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';

const { url, bodies, headers, timeoutMs } = workerData;

async function fire(body) {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      started,
      ended: performance.now(),
      body: response.ok ? text : text.slice(0, 300),
    };
  } catch (error) {
    return { status: 0, started, ended: performance.now(), body: String(error) };
  }
}

// Every request in flight at once: the burst of a popular meeting opening to the whole region.
const results = await Promise.all(bodies.map(fire));
parentPort.postMessage(results);
