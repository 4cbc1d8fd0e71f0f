// Hand-written fetch code for one create.
export { createSchedule } from '../page/raw.js';
