/**
 * A real single-node Slurm for the tests and for `hptune bench --slurm` (docs/slurm.md,
 * "A cluster on one machine"): Debian's slurm-wlm and munge, started as root with every
 * file in a temporary folder this harness owns (config, state, spool, logs, pid files, the
 * munge socket and key), listening on loopback only, on free ports. `stop()` cancels the
 * jobs, stops the daemons it started, kills what they left behind and removes the folder.
 *
 * Usage:
 *   const cluster = await startCluster();            // SLURM_CONF is in cluster.env
 *   ... spawn('sbatch', [...], { env: { ...process.env, ...cluster.env } }) ...
 *   await cluster.stop();
 *
 * From a shell, a command run against a fresh cluster that is stopped afterwards:
 *   npx tsx test/slurm/cluster.ts node src/cli/hptune.js bench --slurm
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  /** The folder that holds everything (also usable as the shared filesystem for trials). */
  readonly dir: string;
  /** Environment for Slurm commands: SLURM_CONF. */
  readonly env: Readonly<Record<string, string>>;
  stopController(): Promise<void>;
  startController(): Promise<void>;
  stop(): Promise<void>;
}

/** Why the Slurm tests cannot run here, or undefined when they can (under CI they must). */
export function slurmMissing(): string | undefined {
  if (process.env['CI'] === 'true') return undefined;
  for (const bin of ['slurmctld', 'slurmd', 'munged', 'sbatch']) {
    if (!onPath(bin)) return `${bin} is not installed (apt-get install -y slurm-wlm munge); the Slurm tests need a real Slurm`;
  }
  if (process.getuid?.() !== 0) return 'the Slurm tests start slurmctld and slurmd as root, and this process is not root';
  return undefined;
}

function onPath(bin: string): boolean {
  return (process.env['PATH'] ?? '').split(':').some((d) => d !== '' && existsSync(join(d, bin))) || existsSync(join('/usr/sbin', bin));
}

/** Slurm's daemons live in /usr/sbin, which a non-login PATH may lack. */
const SBIN = '/usr/sbin';
const sbin = (bin: string): string => (existsSync(join(SBIN, bin)) ? join(SBIN, bin) : bin);

export interface ClusterOptions {
  /** CPUs the node offers; sleeping test jobs each hold some, so more than the cores is useful. Default 8. */
  readonly cpus?: number;
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'hptune-slurm-'));
  // munged refuses a socket folder others cannot traverse, or one others can write to.
  chmodSync(dir, 0o755);
  const conf = join(dir, 'slurm.conf');
  const env = { SLURM_CONF: conf };
  const started: string[] = [];
  const cluster: Cluster = {
    dir,
    env,
    stopController: async () => {
      await stopDaemon(join(dir, 'slurmctld.pid'));
    },
    startController: async () => {
      await daemon(sbin('slurmctld'), ['-f', conf], env, dir);
      await waitFor(() => run('squeue', ['-h'], env).ok, 'slurmctld to answer', dir, 15_000);
      // slurmd would register again on its own schedule (~15 s); ask it to now.
      run('scontrol', ['reconfigure'], env);
    },
    stop: async () => {
      // Jobs first (their processes are not children of the daemons), then the daemons.
      if (existsSync(join(dir, 'slurmctld.pid'))) run('scancel', ['--full', '--user=root'], env);
      for (const pid of started) await stopDaemon(pid);
      killLeftovers(conf);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    const [ctldPort, dPort] = [await freePort(), await freePort()];
    const node = hostname().split('.')[0]!;
    const realMemory = Math.max(512, Math.min(4096, Math.floor(totalmem() / 2 ** 20 / 4)));
    for (const sub of ['state', 'spool', 'log']) mkdirSync(join(dir, sub));
    const key = join(dir, 'munge.key');
    const made = spawnSync(sbin('mungekey'), ['--create', `--keyfile=${key}`]);
    if (made.status !== 0) throw new Error(`mungekey failed: ${String(made.stderr)}`);
    const sock = join(dir, 'munge.sock');
    await daemon(sbin('munged'), ['--force', `--socket=${sock}`, `--key-file=${key}`, `--log-file=${join(dir, 'log', 'munged.log')}`, `--pid-file=${join(dir, 'munged.pid')}`, `--seed-file=${join(dir, 'munged.seed')}`], {}, dir);
    started.push(join(dir, 'munged.pid'));
    writeFileSync(conf, slurmConf({ dir, node, ctldPort, dPort, sock, cpus: opts.cpus ?? 8, realMemory }));
    await daemon(sbin('slurmctld'), ['-f', conf], env, dir);
    started.unshift(join(dir, 'slurmctld.pid'));
    await daemon(sbin('slurmd'), ['-f', conf], env, dir);
    started.unshift(join(dir, 'slurmd.pid'));
    await waitFor(() => /idle/.test(run('sinfo', ['-h', '-o', '%T'], env).out), 'the node to be idle (sinfo)', dir, 20_000);
    return cluster;
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}

interface ConfArgs {
  dir: string;
  node: string;
  ctldPort: number;
  dPort: number;
  sock: string;
  cpus: number;
  realMemory: number;
}

function slurmConf(a: ConfArgs): string {
  return `# hptune test cluster: one node, loopback only, everything under ${a.dir}
ClusterName=hptune
SlurmctldHost=${a.node}(127.0.0.1)
SlurmctldPort=${a.ctldPort}
SlurmdPort=${a.dPort}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${a.sock}
StateSaveLocation=${a.dir}/state
SlurmdSpoolDir=${a.dir}/spool
SlurmctldPidFile=${a.dir}/slurmctld.pid
SlurmdPidFile=${a.dir}/slurmd.pid
SlurmctldLogFile=${a.dir}/log/slurmctld.log
SlurmdLogFile=${a.dir}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
DefMemPerCPU=64
# Start jobs as soon as they are submitted (the default lets batch jobs wait up to 3 s).
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
# No slurmdbd: sacct reads the job completion file instead (sacct --completion).
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=${a.dir}/log/jobcomp.txt
MpiDefault=none
ReturnToService=2
# Commands give up on an unreachable controller after ~MessageTimeout (default 10 s).
MessageTimeout=3
KillWait=2
# The node may offer more CPUs than the machine has: test jobs mostly sleep.
SlurmdParameters=config_overrides
NodeName=${a.node} NodeAddr=127.0.0.1 CPUs=${a.cpus} RealMemory=${a.realMemory} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
`;
}

function run(cmd: string, args: string[], env: Record<string, string>): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 15_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Starts a daemon that forks itself into the background; resolves when the launcher returns. */
function daemon(cmd: string, args: string[], env: Record<string, string>, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr || stdout || err.message}${logs(dir)}`));
      else resolve();
    });
  });
}

async function stopDaemon(pidFile: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1) return;
  signal(pid, 'SIGTERM');
  const until = Date.now() + 10_000;
  while (alive(pid) && Date.now() < until) await sleep(50);
  if (alive(pid)) signal(pid, 'SIGKILL');
  rmSync(pidFile, { force: true });
}

/** Job steps (slurmstepd) and job processes outlive the daemons: find them by the SLURM_CONF they inherited. */
function killLeftovers(conf: string): void {
  const mark = `SLURM_CONF=${conf}`;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(mark)) signal(pid, 'SIGKILL');
    } catch {
      // gone, or not ours to read
    }
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Running, and not a zombie waiting for the init process to reap it. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor(ok: () => boolean, what: string, dir: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${logs(dir)}`);
    await sleep(200);
  }
}

function logs(dir: string): string {
  const tail = (f: string) => {
    try {
      return readFileSync(join(dir, 'log', f), 'utf8').split('\n').slice(-8).join('\n');
    } catch {
      return '(none)';
    }
  };
  return `\n--- slurmctld.log ---\n${tail('slurmctld.log')}\n--- slurmd.log ---\n${tail('slurmd.log')}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Run as a script: start a cluster, run the command line given with its SLURM_CONF, stop it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) {
    console.error('usage: npx tsx test/slurm/cluster.ts COMMAND [ARGS...]');
    process.exit(2);
  }
  const cluster = await startCluster();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...cluster.env } });
    child.on('error', (e) => {
      console.error(e.message);
      resolve(1);
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  await cluster.stop();
  process.exit(code);
}
