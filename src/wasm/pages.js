// Turns a page fetcher into an async iterable. Written in JS because an async generator is
// the one construct that gives `for await`, early `break` and `return()` their exact
// standard behaviour for free.
export function pages(fetchPage) {
  return {
    async *[Symbol.asyncIterator]() {
      const seen = new Set();
      let token;
      do {
        const page = await fetchPage(token);
        for (const item of page.data) yield item;
        token = page.pagination && page.pagination.next ? page.pagination.next : undefined;
        if (token !== undefined) {
          // A server that hands back a token it already gave would make the loop endless.
          if (seen.has(token)) throw repeatedToken();
          seen.add(token);
        }
      } while (token);
    },
  };
}

function repeatedToken() {
  const error = new Error('unexpected response: the server repeated a page token; paging stopped to avoid an endless loop');
  error.name = 'PineconeResponseError';
  error.status = 200;
  error.path = 'pagination.next';
  error.body = '';
  error.operation = 'iterate';
  error.attempts = 0;
  return error;
}
