// The baseline of the read benchmark: bare Fastify answering the app's own JSON from memory.
// A process of its own, like the app, so neither shares an event loop with the load generator.
// Plain JavaScript: started with plain node. Gets { routes: { path: json } }, answers { port }.
import Fastify from 'fastify';

process.once('message', async ({ routes }) => {
  const app = Fastify({ logger: false });
  for (const [path, body] of Object.entries(routes)) {
    const value = JSON.parse(body);
    // Returned as an object, so it is serialised per request, as a route without a cache would be.
    app.get(path, async () => value);
  }
  await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
  process.send({ port: app.server.address().port });
});
process.on('disconnect', () => process.exit(0));
