// The official SDK's smallest path to a create: its BackupSchedules class imported from a
// file inside dist/. Undocumented (the SDK says to reach it through `Pinecone`), but it is
// what a size-conscious page could do, so it is measured too.
export { BackupSchedules } from '@pinecone-database/pinecone/dist/control/backupSchedules/backupSchedules.js';
