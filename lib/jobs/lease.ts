// Claims, leases, heartbeats and the reaper of the job queue: the rows live in lib/store/job-leases.ts
// (every read and write of the Job table stays in lib/store); this module keeps the queue's names.
export * from '../store/job-leases';
