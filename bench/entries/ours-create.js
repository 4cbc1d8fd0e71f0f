// What a page needs for one create with this package: the glue, which loads the .wasm.
export { default as init, createBackupSchedule } from '../../pkg/pinecone_backup_schedules.js';
