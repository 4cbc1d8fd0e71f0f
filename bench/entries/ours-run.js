// Everything the timed runs use from this package.
export {
  default as init,
  createBackupSchedule,
  deleteBackupSchedule,
  validateCreateBackupSchedule,
} from '../../pkg/pinecone_backup_schedules.js';
