// Turns a page fetcher into an async iterable. Written in JS because an async generator is
// the one construct that gives `for await`, early `break` and `return()` their exact
// standard behaviour for free.
export function pages(fetchPage) {
  return {
    async *[Symbol.asyncIterator]() {
      let token;
      do {
        const page = await fetchPage(token);
        for (const item of page.data) yield item;
        token = page.pagination && page.pagination.next ? page.pagination.next : undefined;
      } while (token);
    },
  };
}
