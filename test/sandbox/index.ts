// The sandbox's public surface for tests and scripts.
export { startSandbox, MAX_SEEDED_LEADS, type Sandbox, type SandboxOptions, type RecordedRequest, type Latency } from './server';
export { EXTRA_FIELDS, type Fault } from './faults';
export { LeadStore, type RawLead } from './store';
export { SAMPLE_LISTS, SAMPLE_LIST_IDS, SAMPLE_TAGS, SANDBOX_ACCOUNT_ID, generateLeads } from './seed';
export { MAX_BODY_BYTES } from './http';
export {
  VIOLATIONS_FILE_ENV,
  describeViolations,
  takeUnreportedViolations,
  type ContractViolation,
} from './violations';
