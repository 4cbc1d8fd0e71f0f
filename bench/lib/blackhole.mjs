// The browser's proxy: a loopback socket that writes down what tried to reach another host
// and closes the connection. Loopback itself bypasses the proxy, so the emulator is reached
// directly while anything else (the SDK's default host, say) goes nowhere and is reported.

import net from 'node:net';

export async function startBlackhole() {
  const attempts = [];
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (chunk) => {
      // "CONNECT host:443 HTTP/1.1" or "GET http://host/path?query HTTP/1.1": keep the
      // method and where it aimed, not the query.
      const [method = '?', target = '?'] = chunk.toString('latin1').split('\r\n')[0].split(' ');
      attempts.push(`${method} ${target.replace(/[?#].*$/, '')}`.slice(0, 200));
      socket.destroy();
    });
    socket.on('error', () => {});
    socket.setTimeout(2_000, () => socket.destroy());
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    server: `http://127.0.0.1:${server.address().port}`,
    attempts,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
