/**
 * Why the worker pool and the in-process runner do not run `run.cmd`: its trials are
 * processes, which only the command line's runner starts (src/cmd; docs/commands.md).
 * Said where a browser user meets such a group, so it names what to do instead.
 */
export const CMD_ELSEWHERE =
  'run.cmd (a shell command per trial) runs as processes, which only the command line starts: run this group with `hptune run FILE`';
