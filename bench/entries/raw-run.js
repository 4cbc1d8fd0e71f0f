// Hand-written fetch code for the timed runs.
export { createSchedule, deleteSchedule } from '../page/raw.js';
