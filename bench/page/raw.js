// The floor: the shortest honest code a page could write by hand for the same two calls.
// No validation, no retries, no timeout; it only checks the status and parses the body.

const VERSION = '2026-07';

export async function createSchedule(baseUrl, apiKey, indexName, request, fetchFn = fetch) {
  const response = await fetchFn(`${baseUrl}/indexes/${encodeURIComponent(indexName)}/backup-schedules`, {
    method: 'POST',
    headers: { 'Api-Key': apiKey, 'X-Pinecone-Api-Version': VERSION, 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`create answered ${response.status}: ${await response.text()}`);
  return response.json();
}

export async function deleteSchedule(baseUrl, apiKey, scheduleId, fetchFn = fetch) {
  const response = await fetchFn(`${baseUrl}/backup-schedules/${encodeURIComponent(scheduleId)}`, {
    method: 'DELETE',
    headers: { 'Api-Key': apiKey, 'X-Pinecone-Api-Version': VERSION },
  });
  if (!response.ok) throw new Error(`delete answered ${response.status}: ${await response.text()}`);
}
