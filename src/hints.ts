// Advice that more than one room gives: the input parser (before anything runs) and the stage that
// fails later say the same thing in the same words.

/** The YAML that lets a job request GitHub ID tokens; shown wherever that permission is missing. */
export const OIDC_PERMISSION_HINT = [
  'GitHub OIDC needs the job (or the whole workflow) to allow ID tokens. Add:',
  '  permissions:',
  '    id-token: write',
  '    contents: read',
  'A job that sets permissions gets only those it lists. Runs for pull requests from forks normally get no ID token.',
].join('\n');
