// @actions/github, loaded once and only when needed. Its entry builds a `context` at import time from
// process.env and the event file: JSON.parse throws there on a broken file (the import itself would
// fail, and with it every later use of the package), and a missing file is reported with a bare
// process.stdout.write, around the runner seam. So the package is imported with GITHUB_EVENT_PATH
// hidden; src/message/context/toolkit.ts reads the event through the same Context class once it has
// checked the file.
export type Toolkit = typeof import('@actions/github');

let loaded: Promise<Toolkit> | undefined;

export function loadToolkit(): Promise<Toolkit> {
  return (loaded ??= importWithoutEventFile());
}

async function importWithoutEventFile(): Promise<Toolkit> {
  const saved = process.env.GITHUB_EVENT_PATH;
  delete process.env.GITHUB_EVENT_PATH;
  try {
    return await import('@actions/github');
  } finally {
    if (saved !== undefined) process.env.GITHUB_EVENT_PATH = saved;
  }
}
