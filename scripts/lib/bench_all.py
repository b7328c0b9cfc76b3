#!/usr/bin/python3
"""Every benchmark of BENCHMARKS.md in one run, nocontactd next to its peers (remind, atd,
cron, calcurse, systemd-analyze, systemd-journald's own varlink server).

Run by `scripts/bench` inside a private journald (scripts/lib/private-journald), as root. It
prints a Markdown report on standard output and keeps every raw number under $OUT.

Environment: BIN (release bin folder), VARLINK_BENCH (the compiled load generator), OUT (raw
results folder), ROOT (the checkout), IDLE_MIN (the idle window lasts at least this many
seconds; default 0: as long as the other phases), CALENDAR ("full", "whole" or "none").

The run, so that nothing measured disturbs anything else measured:
 1. The idle set starts: nocontactd (built-in default config), remind -z1, remind -z0, atd,
    cron, calcurse --daemon. Their memory is read 5 s later and their context switches are
    counted from then until the very end (only a process's own wake-ups count, so the busy
    phases do not add to them).
 2. Busy phases, one at a time: start-up, the 10,000-prompt config, varlink load and
    `nocontact days`, calendar (whole process, then in process).
 3. Delivery, on a quiet machine (between two busy phases as soon as a minute is 40-50 s old,
    or at the end): a nocontactd with a prompt every second (journal and a command) and
    remind -z1, remind -z0, atd and cron each with a job on the next two minute boundaries;
    every job runs the same stamp script, which appends `date +%s.%N`. Ends 5 s after the
    second boundary.
 4. The idle window ends (after IDLE_MIN seconds at least); everything is stopped by PID and
    the temporary trees are removed.
PHASES=varlink (scripts/bench varlink) runs one phase, without the idle set.
"""
import json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_daemon as d  # noqa: E402  (sandbox, start, stop, switches, status_kb, ...)

BIN = os.environ["BIN"]
GEN = os.environ["VARLINK_BENCH"]
OUT = os.environ["OUT"]
ROOT = os.environ.get("ROOT", os.getcwd())
IDLE_MIN = int(os.environ.get("IDLE_MIN", "0"))
CALENDAR = os.environ.get("CALENDAR", "full")
PHASES = os.environ.get("PHASES", "all")  # or a comma list of: startup, large_config, varlink, calendar, calendar_inprocess, delivery
JOURNALD_VARLINK = "/run/systemd/journal/io.systemd.journal"

WORK = tempfile.mkdtemp(prefix="nc-bench-all-")
results = {"phases": {}}
log_start = time.monotonic()


def say(message):
    print(f"[{time.monotonic() - log_start:6.1f} s] {message}", file=sys.stderr, flush=True)


def run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs).stdout


def cpu_seconds(pid):
    """User + system CPU time of the whole process so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory(pid):
    return {"rss_kb": d.status_kb(pid, "VmRSS"), "anon_kb": d.status_kb(pid, "RssAnon"),
            "pss_kb": d.rollup_kb(pid, "Pss"), "threads": len(os.listdir(f"/proc/{pid}/task"))}


SANDBOXES = []  # the temporary XDG trees of every daemon started here, removed at the end


def sandbox():
    root, env = d.sandbox()
    SANDBOXES.append(root)
    return root, env


def median(values):
    return d.median(values)


def stamp_script(name):
    """A script that appends the wall-clock time at which it ran; every peer runs one."""
    path = f"{WORK}/stamp-{name}.sh"
    with open(path, "w") as script:
        script.write(f"#!/bin/sh\ndate +%s.%N >> {WORK}/stamps-{name}\n")
    os.chmod(path, 0o755)
    return path


def read_stamps(name):
    try:
        with open(f"{WORK}/stamps-{name}") as stamps:
            return [float(line) for line in stamps if line.strip()]
    except FileNotFoundError:
        return []


def wait_for(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.0005)
    return False


# ---------------------------------------------------------------------------------------------
# The peers, each started by us and stopped by PID.

STARTED = []  # every long-running process started here, stopped by PID at the end whatever happens


class Peer:
    def __init__(self, name, pid, popen=None):
        self.name, self.pid, self.popen = name, pid, popen
        STARTED.append(self)

    def stop(self):
        if self in STARTED:
            STARTED.remove(self)
        if self.popen is not None and self.popen.poll() is not None:
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        if self.popen is not None:
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        else:
            # calcurse forks: its daemon is an orphan, reparented to us (a child subreaper).
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                wait_for(lambda: not os.path.exists(f"/proc/{self.pid}"), 10)
        if self.popen is not None and self.popen.stdin:
            self.popen.stdin.close()


def isolated(setup, command):
    """Runs COMMAND in a mount namespace of its own: tmpfs over /run and /var/spool/cron, so
    that this atd or cron sees only our jobs and leaves no pid file or job on the host. The
    PID stays the peer's (unshare and sh exec)."""
    script = ("set -e\nmount -t tmpfs -o mode=755 tmpfs /run\nmount -t tmpfs -o mode=755 tmpfs /var/spool/cron\n"
              + setup + f"\nexec {command}\n")
    return subprocess.Popen(["unshare", "-m", "--propagation", "private", "sh", "-c", script],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def at_setup(jobs=(), stamp=None):
    lines = ["mkdir -m 1770 /var/spool/cron/atjobs /var/spool/cron/atspool",
             "printf 0 > /var/spool/cron/atjobs/.SEQ; chmod 600 /var/spool/cron/atjobs/.SEQ",
             "chown -R daemon:daemon /var/spool/cron/atjobs /var/spool/cron/atspool"]
    for due in jobs:  # `at -t` takes local [[CC]YY]MMDDhhmm; the job runs at that minute
        lines.append(f"echo {stamp} | at -t {time.strftime('%Y%m%d%H%M', time.localtime(due))} 2>/dev/null")
    return "\n".join(lines)


def start_atd(jobs=(), stamp=None):
    popen = isolated(at_setup(jobs, stamp), "atd -f")
    return Peer("atd -f", popen.pid, popen)


def cron_setup(name, line=None):
    directory = f"{WORK}/cron.d-{name}"
    os.makedirs(directory)
    os.chmod(directory, 0o755)
    if line:
        with open(f"{directory}/ncbench", "w") as table:
            table.write(line + "\n")
        os.chmod(f"{directory}/ncbench", 0o644)
    empty = f"{WORK}/crontab-{name}"
    open(empty, "w").close()
    # /etc/crontab and /etc/cron.d are replaced (inside the namespace only) by ours.
    return ("mkdir -m 1730 /var/spool/cron/crontabs; chgrp crontab /var/spool/cron/crontabs\n"
            f"mount --bind {directory} /etc/cron.d\nmount --bind {empty} /etc/crontab")


def start_cron(name, line=None):
    popen = isolated(cron_setup(name, line), "cron -f")
    return Peer("cron -f", popen.pid, popen)


def start_remind(mode, name, reminders, stamp=None):
    path = f"{WORK}/{name}.rem"
    with open(path, "w") as file:
        file.write(reminders)
    args = ["remind", f"-z{mode}"]
    if stamp:
        args.append(f"-k{stamp} %s")
    # -z0 (server mode) reads commands on stdin: keep it open.
    popen = subprocess.Popen(args + [path], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Peer(f"remind -z{mode}", popen.pid, popen)


def start_daemon(env, args=(), stderr_name=None):
    """nocontactd as bench_daemon.start runs it (timed to READY=1 on a notify socket),
    registered for clean-up; its standard error goes to $OUT/STDERR_NAME when given."""
    path = f"{env['XDG_RUNTIME_DIR']}/notify.sock"
    if os.path.exists(path):
        os.unlink(path)
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(path)
    receiver.settimeout(10)
    stderr = open(f"{OUT}/{stderr_name}", "w") if stderr_name else subprocess.DEVNULL
    began = time.monotonic()
    process = subprocess.Popen([f"{BIN}/nocontactd", *args], env=dict(env, NOTIFY_SOCKET=path), stderr=stderr)
    while b"READY=1" not in receiver.recv(4096):
        pass
    ready = time.monotonic() - began
    receiver.close()
    return Peer("nocontactd", process.pid, process), ready


def start_calcurse(name):
    directory = f"{WORK}/calcurse-{name}"
    os.makedirs(directory)
    open(f"{directory}/apts", "w").close()
    with open(f"{directory}/conf", "w") as conf:
        conf.write("daemon.enable=yes\ndaemon.log=no\n")
    subprocess.run(["calcurse", "-D", directory, "--daemon"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # forks; its PID is in .daemon.pid
    pidfile = f"{directory}/.daemon.pid"
    wait_for(lambda: os.path.exists(pidfile) and open(pidfile).read().strip(), 5)
    return Peer("calcurse --daemon", int(open(pidfile).read()))


# ---------------------------------------------------------------------------------------------
# Phases.

def idle_start():
    say("idle set: nocontactd (default config), remind -z1, remind -z0, atd, cron, calcurse --daemon")
    root, env = sandbox()
    daemon, _ = start_daemon(env, stderr_name="idle-nocontactd.stderr")
    far = "REM 1 Jan 2099 AT 09:00 MSG nothing due for years\n"
    peers = [daemon, start_remind(1, "idle-z1", far), start_remind(0, "idle-z0", far),
             start_atd(), start_cron("idle"), start_calcurse("idle")]
    time.sleep(5)  # the figure is defined as VmRSS 5 s after start
    idle = {"peers": peers, "began": time.monotonic(), "began_wall": time.time(), "env": env}
    idle["memory"] = {peer.name: memory(peer.pid) for peer in peers}
    idle["switches0"] = {peer.name: d.switches(peer.pid) for peer in peers}
    idle["mappings"] = d.biggest_mappings(daemon.pid)
    return idle


def idle_end(idle):
    seconds = time.monotonic() - idle["began"]
    figures = {}
    for peer in idle["peers"]:
        # A process that ended during the window has no figure: say so rather than count a zombie.
        ended = peer.popen.poll() if peer.popen is not None else (None if os.path.exists(f"/proc/{peer.pid}") else "gone")
        if ended is not None:
            figures[peer.name] = dict(idle["memory"][peer.name], switches=None, seconds=round(seconds, 1), per_minute=None,
                                      rss_end_kb=None, ended=ended)
            say(f"  {peer.name} (pid {peer.pid}) ended during the idle window: {ended}")
            continue
        switches = d.switches(peer.pid) - idle["switches0"][peer.name]
        figures[peer.name] = dict(idle["memory"][peer.name], switches=switches, seconds=round(seconds, 1),
                                  per_minute=round(switches / seconds * 60, 2), rss_end_kb=d.status_kb(peer.pid, "VmRSS"))
    daemon = idle["peers"][0]
    # Anything the idle nocontactd delivered in the window would explain wake-ups: count it.
    out = run(["journalctl", "-o", "json", "--no-pager", f"_PID={daemon.pid}"])
    figures["nocontactd"]["deliveries_in_window"] = sum(1 for entry in map(json.loads, out.splitlines())
                                                         if "NOCONTACT_DUE_USEC" in entry)
    for peer in idle["peers"]:
        peer.stop()
    results["idle"] = {"seconds": round(seconds, 1), "figures": figures,
                       "mappings": idle["mappings"]}


def startup():
    say("start-up: nocontactd start -> READY=1 (x5); atd, cron, calcurse start -> pid file (x5)")
    root, env = sandbox()
    readies = []
    for _ in range(5):
        process, ready = start_daemon(env)
        readies.append(ready)
        process.stop()
    peers = {}
    for name, pidfile_of, starter in [("atd -f", "run/atd.pid", lambda: isolated(at_setup(), "atd -f")),
                                      ("cron -f", "run/crond.pid", lambda: isolated(cron_setup(f"start{time.monotonic_ns()}"), "cron -f"))]:
        times = []
        for _ in range(5):
            began = time.monotonic()
            popen = starter()
            ok = wait_for(lambda: os.path.exists(f"/proc/{popen.pid}/root/{pidfile_of}"), 5)
            times.append(time.monotonic() - began if ok else float("nan"))
            Peer(name, popen.pid, popen).stop()
        peers[name] = times
    # The namespace setup (unshare, sh, two mounts) counted above, on its own:
    setup = []
    for _ in range(5):
        began = time.monotonic()
        isolated("", "true").wait()
        setup.append(time.monotonic() - began)
    times = []
    for index in range(5):
        directory = f"{WORK}/calcurse-start{index}"
        os.makedirs(directory)
        open(f"{directory}/apts", "w").close()
        with open(f"{directory}/conf", "w") as conf:
            conf.write("daemon.enable=yes\ndaemon.log=no\n")
        began = time.monotonic()
        subprocess.run(["calcurse", "-D", directory, "--daemon"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pidfile = f"{directory}/.daemon.pid"
        wait_for(lambda: os.path.exists(pidfile) and open(pidfile).read().strip(), 5)
        times.append(time.monotonic() - began)
        Peer("calcurse", int(open(pidfile).read())).stop()
    peers["calcurse --daemon"] = times
    results["startup"] = {"nocontactd_ready_s": readies, "peers_pidfile_s": peers, "namespace_setup_s": setup}


def large_config():
    say("large config: 10,000 prompts + 100 periods; remind -n and calcurse -n on 10,000 entries")
    root, env = sandbox()
    lines = ['timezone = "Europe/Berlin"']
    for index in range(100):
        lines += ["[[period]]", f'name = "p{index}"', f"start = 2026-{1 + index % 12:02d}-{1 + index % 28:02d}",
                  f"days = {30 + index}"]
    lines += ["[prompts]", 'schedule = ["08:30", "Mon..Fri 21:00"]']
    for index in range(10000):
        lines += ["[[prompt]]", f'text = "A prompt of my own, number {index}?"', 'theme = "growth"']
    path = f"{root}/config/nocontact/config.toml"
    with open(path, "w") as config:
        config.write("\n".join(lines) + "\n")

    def timed(args, runs=5, **kwargs):
        times = []
        for _ in range(runs):
            began = time.monotonic()
            subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
            times.append(time.monotonic() - began)
        return times

    figures = {"config_kb": os.path.getsize(path) // 1024}
    figures["next"] = timed([f"{BIN}/nocontact", "next", "-n", "1", "--config", path, "--socket", f"{root}/none"], runs=11, env=env)
    figures["check"] = timed([f"{BIN}/nocontactd", "--check", "--config", path], runs=11, env=env)
    process, ready = start_daemon(env, ["--config", path])
    time.sleep(2)
    figures["ready_s"], figures["rss_kb"] = ready, d.status_kb(process.pid, "VmRSS")
    process.stop()

    # The peers on the same amount: 10,000 reminders / appointments at 21:00 on weekdays plus
    # 100 dated ones, and each program's own "what comes next" listing.
    rem = f"{WORK}/big.rem"
    with open(rem, "w") as file:
        for index in range(100):
            file.write(f"REM {1 + index % 28} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][index % 12]} 2027 MSG period p{index}\n")
        for index in range(10000):
            file.write(f"REM Mon Tue Wed Thu Fri AT 21:00 MSG A prompt of my own, number {index}?\n")
    figures["remind_kb"] = os.path.getsize(rem) // 1024
    figures["remind_n"] = timed(["remind", "-n", rem], runs=11)
    directory = f"{WORK}/calcurse-big"
    os.makedirs(directory)
    with open(f"{directory}/apts", "w") as file:
        for index in range(100):
            file.write(f"{1 + index % 12:02d}/{1 + index % 28:02d}/2027 @ 09:00 -> {1 + index % 12:02d}/{1 + index % 28:02d}/2027 @ 09:30 |period p{index}\n")
        for index in range(10000):
            file.write(f"01/05/2026 @ 21:00 -> 01/05/2026 @ 21:05 {{1W w1 w2 w3 w4 w5}} |A prompt of my own, number {index}?\n")
    figures["calcurse_kb"] = os.path.getsize(f"{directory}/apts") // 1024
    figures["calcurse_n"] = timed(["calcurse", "-D", directory, "-n"])
    figures["calcurse_n_output"] = run(["calcurse", "-D", directory, "-n"]).strip().splitlines()[:2]
    figures["remind_n_lines"] = len(run(["remind", "-n", rem]).splitlines())
    results["large_config"] = figures


def generator(args, label, errors_ok=False, cpu=None):
    env = dict(os.environ, BENCH_VARLINK_ERRORS_OK="1") if errors_ok else None
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
    out = subprocess.run([GEN, *args], capture_output=True, text=True, env=env, preexec_fn=pin)
    if out.returncode != 0:
        raise SystemExit(f"load generator failed ({label}): {out.stderr.strip()}")
    return json.loads(out.stdout)


def set_affinity(pid, cpus):
    """Every thread of pid on cpus (sched_setaffinity per thread; no cgroups involved)."""
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            os.sched_setaffinity(int(task), cpus)
        except OSError:
            pass


def varlink_runs(path, method, prefix, pid=None, seconds=2, errors_ok=False, loads=None):
    """The same load on any varlink server (method `method` at `path`):
    seq          one connection, strictly sequential, both sides sleeping between calls;
    seq_one_core the same with the server's threads and the generator on one core: no idle
                 CPU to wake, so the figure is the server's own cost per call (on a VM each
                 cross-CPU wake-up of an idle vCPU costs tens of microseconds);
    pipe64       one connection, 64 calls in flight;
    clients100   100 connections, each calling again as soon as answered (saturation);
    clients100_10ms / _100ms / _1s   100 connections each calling every 10 ms, 100 ms, 1 s.
    With pid, the server's CPU use during each run is read from /proc."""
    core = max(os.sched_getaffinity(0))
    plan = [("seq", ["seq", path, method, str(seconds)]),
            ("seq_one_core", ["seq", path, method, str(seconds)]),
            ("pipe64", ["pipe", path, method, str(seconds), "64"]),
            ("clients100", ["clients", path, method, "100", str(seconds)]),
            ("clients100_10ms", ["clients", path, method, "100", str(seconds), "10000"]),
            ("clients100_100ms", ["clients", path, method, "100", str(seconds), "100000"]),
            ("clients100_1s", ["clients", path, method, "100", "5", "1000000"])]
    figures = {}
    for name, args in plan:
        if loads and name not in loads:
            continue
        before = cpu_seconds(pid) if pid else None
        if name == "seq_one_core":
            if not pid:
                continue
            original = os.sched_getaffinity(pid)
            set_affinity(pid, {core})
            try:
                figure = generator(args, f"{prefix} {name}", errors_ok, cpu=core)
            finally:
                set_affinity(pid, original)
        else:
            figure = generator(args, f"{prefix} {name}", errors_ok)
        if pid:
            figure["server_cpu_s"] = round(cpu_seconds(pid) - before, 3)
        figure["load_average"] = open("/proc/loadavg").read().split()[0]
        figures[name] = figure
        say(f"  {prefix} {method} {name}: {figure['calls_per_s']:.0f} calls/s" +
            (f", p50 {figure['latency_us']['p50']:.0f} us, p99 {figure['latency_us']['p99']:.0f} us" if "latency_us" in figure else ""))
    return figures


def private_journald_pid():
    """The systemd-journald of this mount namespace (scripts/lib/private-journald's)."""
    ours = os.readlink("/proc/self/ns/mnt")
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and open(f"/proc/{entry}/comm").read().strip() == "systemd-journal" \
                    and os.readlink(f"/proc/{entry}/ns/mnt") == ours:
                return int(entry)
        except OSError:
            continue
    return None


def varlink():
    say("varlink: load on nocontactd, on a do-nothing C server (the generator's ceiling), on systemd-journald")
    root, env = sandbox()
    process, _ = start_daemon(env)
    pid = process.pid
    socket_path = f"{env['XDG_RUNTIME_DIR']}/nocontact/control.socket"
    wait_for(lambda: os.path.exists(socket_path), 5)
    figures = {"memory_before": memory(pid)}
    figures["Days"] = varlink_runs(socket_path, "io.nocontact.Days", "nocontactd", pid)
    figures["GetInfo"] = varlink_runs(socket_path, "org.varlink.service.GetInfo", "nocontactd", pid)
    figures["memory_after_load"] = memory(pid)
    time.sleep(5)
    figures["memory_5s_later"] = memory(pid)

    # Whole process: `nocontact days` through this daemon, and answered offline.
    say("  nocontact days: hyperfine, through the daemon and offline")
    for name, extra in [("days_daemon", []), ("days_offline", ["--socket", f"{root}/no-daemon"])]:
        command = " ".join([f"{BIN}/nocontact", "days", *extra])
        export = f"{OUT}/hyperfine-{name}.json"
        subprocess.run(["hyperfine", "-N", "--warmup", "10", "--runs", "100", "--export-json", export, command],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(export) as file:
            result = json.load(file)["results"][0]
        figures[name] = {"command": command, "median_s": result["median"], "mean_s": result["mean"],
                         "min_s": result["min"], "max_s": result["max"], "stddev_s": result["stddev"], "runs": len(result["times"])}
    # Proof that the command answered from the daemon: the offline note is on stderr otherwise.
    note = subprocess.run([f"{BIN}/nocontact", "days"], env=env, capture_output=True, text=True)
    figures["days_daemon"]["stderr"] = note.stderr.strip()
    figures["memory_end"] = memory(pid)
    process.stop()

    # The generator against a server that does nothing but answer: its own ceiling.
    fake = f"{WORK}/canned.sock"
    canned = subprocess.Popen([GEN, "serve", fake, json.dumps({"parameters": {"periods": []}})])
    canned_peer = Peer("canned server", canned.pid, canned)
    wait_for(lambda: os.path.exists(fake), 5)
    figures["ceiling"] = varlink_runs(fake, "io.nocontact.Days", "canned C server", canned.pid,
                                      loads=["seq", "seq_one_core", "pipe64", "clients100"])
    canned_peer.stop()

    # systemd's own varlink (sd-varlink, C) in the private journald: GetInfo.
    if os.path.exists(JOURNALD_VARLINK):
        journald = private_journald_pid()
        figures["journald_GetInfo"] = varlink_runs(JOURNALD_VARLINK, "org.varlink.service.GetInfo", "systemd-journald", journald,
                                                    errors_ok=True, loads=["seq", "seq_one_core", "pipe64", "clients100",
                                                                           "clients100_100ms", "clients100_1s"])
    results["varlink"] = figures


def calendar():
    """Whole process: scripts/bench-calendar (nocontact calendar against systemd-analyze)."""
    if CALENDAR == "none":
        return
    say("calendar: scripts/bench-calendar --no-build --no-inprocess")
    out = subprocess.run([f"{ROOT}/scripts/bench-calendar", "--no-build", "--no-inprocess"], capture_output=True, text=True, cwd=ROOT)
    with open(f"{OUT}/bench-calendar.txt", "w") as file:
        file.write(out.stdout + "\n--- stderr ---\n" + out.stderr)
    if out.returncode != 0:
        say(f"  bench-calendar failed (exit {out.returncode}); see {OUT}/bench-calendar.txt")
    results["calendar"] = {"exit": out.returncode, "stdout": out.stdout, "inprocess": {}}


def calendar_inprocess():
    """In process: the Benchmarks package (ordo-one/benchmark); builds it the first time."""
    if CALENDAR != "full":
        return
    say("calendar, in process: swift package --package-path Benchmarks benchmark --no-progress --time-units nanoseconds (builds Benchmarks/.build first)")
    out = subprocess.run(["swift", "package", "--package-path", "Benchmarks", "benchmark", "--no-progress", "--time-units", "nanoseconds"],
                         capture_output=True, text=True, cwd=ROOT)
    stdout = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout)
    with open(f"{OUT}/benchmarks-inprocess.txt", "w") as file:
        file.write(stdout + "\n--- stderr ---\n" + out.stderr)
    if out.returncode != 0:
        say(f"  the in-process benchmarks failed (exit {out.returncode}); see {OUT}/benchmarks-inprocess.txt")
    results.setdefault("calendar", {"exit": 1, "stdout": "", "inprocess": {}})
    results["calendar"]["inprocess"] = parse_benchmark_tables(stdout)
    results["calendar"]["inprocess_exit"] = out.returncode


def parse_benchmark_tables(text):
    """The p50/p90 rows of ordo-one/benchmark's text tables: {name: {metric: [p0 .. p100]}}."""
    tables, name, previous = {}, None, ""
    for line in text.splitlines():
        if line.startswith("╒"):
            name = previous.strip()
            tables[name] = {}
        elif line.startswith("│") and name and "Metric" not in line:
            cells = [cell.strip() for cell in line.strip("│").split("│")]
            try:
                tables[name][cells[0]] = [int(value) for value in cells[1:8]]
            except ValueError:
                pass
        elif line.startswith("╘"):
            name = None
        previous = line
    return tables


def delivery():
    # Start at 40-50 s past a minute, so that every peer is up 10-20 s before the boundary.
    wait = seconds_to_delivery_slot()
    say(f"delivery: waiting {wait:.0f} s to start 10-20 s before a minute boundary")
    time.sleep(wait)
    now = time.time()
    first = (int(now) // 60 + 1) * 60
    boundaries = [first, first + 60]
    say(f"delivery: nocontactd every second; remind -z1, remind -z0, atd, cron at {time.strftime('%H:%M:%S', time.localtime(first))} and a minute later")
    root, env = sandbox()
    start_day = time.strftime("%Y-%m-%d", time.gmtime())
    stamp = stamp_script("nocontactd")
    with open(f"{root}/config/nocontact/config.toml", "w") as config:
        config.write(f'timezone = "UTC"\n[[period]]\nname = "bench-latency"\nstart = {start_day}\nmilestones = [3650]\n'
                     f'[prompts]\nschedule = ["*:*:*"]\n[delivery]\ndesktop = false\ncommand = ["{stamp}", "{{kind}}"]\n')
    daemon, _ = start_daemon(env)
    began_wall = time.time()
    reminders = "".join(f"REM AT {time.strftime('%H:%M', time.localtime(b))} MSG due at {b}\n" for b in boundaries)
    peers = [start_remind(1, "deliver-z1", reminders, stamp_script("remind-z1")),
             start_remind(0, "deliver-z0", reminders, stamp_script("remind-z0")),
             start_atd(boundaries, stamp_script("atd")),
             start_cron("deliver", f"* * * * * root {stamp_script('cron')}")]
    time.sleep(max(0, boundaries[-1] + 5 - time.time()))
    for peer in peers:
        peer.stop()
    daemon.stop()
    ended_wall = time.time()

    out = run(["journalctl", "-o", "json", "--no-pager", "NOCONTACT_PERIOD=bench-latency"])
    journal = [(int(e["__REALTIME_TIMESTAMP"]) - int(e["NOCONTACT_DUE_USEC"])) / 1000 for e in map(json.loads, out.splitlines())]
    figures = {"boundaries": boundaries, "window_s": round(ended_wall - began_wall, 1),
               "nocontactd_journal_ms": journal}
    stamps = read_stamps("nocontactd")
    figures["nocontactd_command_ms"] = [(t - int(t)) * 1000 for t in stamps]
    figures["nocontactd_command_at_boundaries_ms"] = [(t - b) * 1000 for t in stamps for b in boundaries if b <= t < b + 1]
    figures["missed"] = {}
    for name in ["remind-z1", "remind-z0", "atd", "cron"]:
        # Every job is due on a boundary; a stamp within 30 s after it is its delivery.
        stamps = read_stamps(name)
        figures[name] = [(t - b) * 1000 for b in boundaries for t in stamps if b <= t < b + 30]
        figures["missed"][name] = [time.strftime("%H:%M", time.gmtime(b)) for b in boundaries
                                   if not any(b <= t < b + 30 for t in stamps)]
        figures[f"{name}_raw"] = stamps
    results["delivery"] = figures


# ---------------------------------------------------------------------------------------------
# The report.

def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def mb(kb):
    return f"{kb / 1024:.1f} MB"


def spread(values, unit="ms", digits=1):
    if not values:
        return "none arrived"
    return (f"median {median(values):.{digits}f} {unit} (min {min(values):.{digits}f}, max {max(values):.{digits}f}; "
            f"n = {len(values)})")


def report(machine):
    r = results
    idle = r["idle"]["figures"]
    daemon_idle = idle["nocontactd"]
    dv = r["delivery"]
    vl = r["varlink"]
    lc = r["large_config"]
    su = r["startup"]
    days = vl["Days"]
    print("## Goals, nocontactd and its peers, one run\n")
    print(f"Run {machine['date']}, `scripts/bench{' --idle ' + str(IDLE_MIN) if IDLE_MIN else ''}` on {machine['tree']} "
          f"(everything in one run; load average {machine['load_start']} at the start, "
          f"{machine['load_end']} at the end). Peers: remind {machine['versions']['remind']}, at {machine['versions']['at']}, "
          f"cron {machine['versions']['cron']}, calcurse {machine['versions']['calcurse']}, systemd {machine['versions']['systemd']}.\n")
    print("| goal | target | nocontactd | met? | peers, same run, same method |")
    print("|---|---|---|---|---|")

    def met(ok):
        return "yes" if ok else "**no**"

    def peer_idle(key):
        return "; ".join(f"{name} {fmt(idle[name])}" for name in idle if name != "nocontactd" for fmt in [key])

    rss = daemon_idle["rss_kb"]
    print(f"| idle VmRSS, 5 s after start | <= 20 MB | {mb(rss)} (anonymous {mb(daemon_idle['anon_kb'])}) | {met(rss <= 20 * 1024)} | "
          + peer_idle(lambda f: mb(f["rss_kb"])) + " |")
    def wakeups(f):
        return f"{f['switches']} ({f['per_minute']:.1f}/min)" if f["switches"] is not None else f"ended during the window ({f['ended']})"
    print(f"| idle context switches, all threads, {r['idle']['seconds']:.0f} s window | 0 | {wakeups(daemon_idle)} | "
          f"{met(daemon_idle['switches'] == 0)} | " + peer_idle(wakeups) + " |")
    journal = dv["nocontactd_journal_ms"]
    print(f"| due -> journal, every second for {dv['window_s']:.0f} s | median <= 5 ms, max <= 20 ms | "
          f"median {median(journal):.2f} ms, max {max(journal):.2f} ms (n = {len(journal)}) | "
          f"{met(median(journal) <= 5 and max(journal) <= 20)} | (journal: none of the peers writes one) |")
    command = dv["nocontactd_command_ms"]
    def peer_delivery(name):
        text = f"{name.replace('-z', ' -z')}: " + (", ".join(f"{v:.0f}" for v in dv[name]) + " ms" if dv[name] else "nothing")
        missed = dv.get("missed", {}).get(name)
        return text + (f" (**missed** the {' and '.join(missed)} UTC one)" if missed else "")
    peers_line = "; ".join(peer_delivery(name) for name in ["remind-z1", "remind-z0", "atd", "cron"])
    print(f"| due -> stamp script ran (`date +%s.%N`) | no later than the best peer (median) | median {median(command):.1f} ms, max "
          f"{max(command):.1f} ms (n = {len(command)}); on the minute boundaries {', '.join(f'{v:.1f}' for v in dv['nocontactd_command_at_boundaries_ms'])} ms "
          f"| {met(median(command) <= min([median(dv[n]) for n in ['remind-z1', 'remind-z0', 'atd', 'cron'] if dv[n]] or [float('inf')]))} | {peers_line} |")
    ready = su["nocontactd_ready_s"]
    pidfiles = "; ".join(f"{name} {ms(median(times))}" for name, times in su["peers_pidfile_s"].items())
    print(f"| start -> READY=1 (median of 5) | <= 100 ms | {ms(median(ready))} | {met(median(ready) <= 0.1)} | "
          f"none signals readiness; start -> pid file written: {pidfiles} (atd and cron include {ms(median(su['namespace_setup_s']))} of namespace set-up) |")
    print(f"| whole `nocontact next -n 1`, 10,000 prompts + 100 periods ({lc['config_kb']} KB), median of 11 | <= 150 ms | {ms(median(lc['next']))} (min {ms(min(lc['next']))}) | "
          f"{met(median(lc['next']) <= 0.15)} | `remind -n`, 10,100 reminders ({lc['remind_kb']} KB): {ms(median(lc['remind_n']))}; "
          f"`calcurse -n`, 10,100 appointments ({lc['calcurse_kb']} KB): {ms(median(lc['calcurse_n']))} |")
    cal = calendar_rows()
    if cal:
        ratios = [row[3] for row in cal]
        print(f"| `calendar EXPR --iterations 100000`, 4 expressions | no slower than systemd | "
              f"{', '.join(f'{row[1]:.3f}' for row in cal)} s | {met(max(ratios) <= 1.0)} | systemd-analyze calendar: "
              f"{', '.join(f'{row[2]:.3f}' for row in cal)} s (ratio {min(ratios):.2f} to {max(ratios):.2f}) |")
    info = vl["GetInfo"]
    jd = vl.get("journald_GetInfo", {})
    ceiling = vl["ceiling"]

    def rates(figures):
        return (f"{figures['seq']['calls_per_s']:,.0f} sequential, {figures['seq_one_core']['calls_per_s']:,.0f} sequential on one core, "
                f"{figures['pipe64']['calls_per_s']:,.0f} pipelined")

    def per_mode(figures):
        return ", ".join(f"{met(figures[k]['calls_per_s'] >= 20000)} {label}"
                         for k, label in [("seq", "sequential"), ("seq_one_core", "one core"), ("pipe64", "pipelined")])

    print(f"| varlink calls/s, one connection, `io.nocontact.Days` | >= 20,000 | {rates(days)} | {per_mode(days)} | "
          f"do-nothing C server (the generator's ceiling): {rates(ceiling)} |")
    print(f"| same, `org.varlink.service.GetInfo` (protocol and dispatch only) | >= 20,000 | {rates(info)} | {per_mode(info)} | "
          + (f"systemd-journald (sd-varlink, C; GetInfo answered MethodNotImplemented): {rates(jd)}" if jd else "") + " |")
    closed = days["clients100"]
    for key, label in [("clients100_1s", "every second (100 calls/s in all)"), ("clients100_100ms", "every 100 ms (1,000 calls/s)"),
                       ("clients100_10ms", "every 10 ms (10,000 calls/s)")]:
        paced, lat = days[key], days[key]["latency_us"]
        peer = jd.get(key, {}).get("latency_us")
        print(f"| p99 latency, 100 concurrent clients, `Days`, each calling {label} | <= 1 ms | p99 {lat['p99'] / 1000:.2f} ms "
              f"(p50 {lat['p50'] / 1000:.2f}; {paced['calls_per_s']:,.0f} calls/s answered) | {met(lat['p99'] <= 1000)} | "
              + (f"systemd-journald: p99 {peer['p99'] / 1000:.2f} ms; " if peer else "")
              + f"nocontactd `GetInfo`: p99 {info[key]['latency_us']['p99'] / 1000:.2f} ms |")
    print(f"| same, 100 clients calling back to back (saturated) | | {closed['calls_per_s']:,.0f} calls/s, p50 "
          f"{closed['latency_us']['p50'] / 1000:.2f} ms, p99 {closed['latency_us']['p99'] / 1000:.2f} ms | (queueing: 100 in flight / throughput) | "
          + (f"systemd-journald: {jd['clients100']['calls_per_s']:,.0f} calls/s, p99 {jd['clients100']['latency_us']['p99'] / 1000:.2f} ms" if jd else "") + " |")
    dd = vl["days_daemon"]
    print(f"| whole `nocontact days` through the daemon (hyperfine, {dd['runs']} runs) | median <= 25 ms | "
          f"{ms(dd['median_s'])} (min {ms(dd['min_s'])}) | {met(dd['median_s'] <= 0.025)} | offline (no daemon): {ms(vl['days_offline']['median_s'])} |")
    mb0, mb1, mb2 = vl["memory_before"], vl["memory_after_load"], vl["memory_5s_later"]
    print(f"| daemon VmRSS before / after the varlink load / 5 s later | back near start | {mb(mb0['rss_kb'])} / {mb(mb1['rss_kb'])} / "
          f"{mb(mb2['rss_kb'])} (anonymous {mb(mb0['anon_kb'])} / {mb(mb1['anon_kb'])} / {mb(mb2['anon_kb'])}) | "
          f"{met(mb2['rss_kb'] - mb0['rss_kb'] <= 4096)} | |")
    print()


def calendar_rows():
    cal = results.get("calendar")
    if not cal or cal["exit"] != 0:
        return []
    rows = []
    for line in cal["stdout"].splitlines():
        match = re.match(r"\| `(.+)` \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", line)
        if match:
            rows.append((match.group(1), float(match.group(2)), float(match.group(3)), float(match.group(4))))
    return rows


def details():
    r = results
    print("## Raw numbers\n")
    print(f"Every figure of the run is in `{OUT}/results.json`; the generator's and hyperfine's JSON and the "
          "calendar output are next to it.\n")
    if "idle" in r:
        print_idle(r)
    if "delivery" in r:
        print_delivery(r)
    if "startup" in r:
        print_startup(r)
    if "large_config" in r:
        print_large_config(r)
    if "varlink" in r:
        print_varlink(r)
    cal = r.get("calendar")
    if cal:
        print("\n### Calendar (`scripts/bench-calendar --no-build`)\n")
        lines = cal["stdout"].splitlines()
        print("\n".join(line for line in lines if line.startswith("Whole process")) + "\n")
        print("\n".join(line for line in lines if line.startswith("|")))
        if cal["inprocess"]:
            print("\nIn process (Benchmarks/, ordo-one/benchmark; each measured iteration does 1,000 operations, "
                  "`*` metrics are per operation):\n")
            print("| benchmark | wall clock p50 (ns) | p90 (ns) | throughput p50 (K/s) | mallocs per op (p50) |")
            print("|---|---:|---:|---:|---:|")
            for name, metrics in cal["inprocess"].items():
                wall = metrics.get("Time (wall clock) (ns) *", [0] * 7)
                throughput = metrics.get("Throughput (# / s) (K)", [0] * 7)
                mallocs = metrics.get("Malloc (total) *", [0] * 7)
                print(f"| {name} | {wall[2]:,} | {wall[4]:,} | {throughput[2]:,} | {mallocs[2]} |")
        print(f"\nThe whole outputs are in `{OUT}/bench-calendar.txt` and `{OUT}/benchmarks-inprocess.txt`.")


def print_idle(r):
    print(f"### Idle ({r['idle']['seconds']:.0f} s window, starting 5 s after start)\n")
    print("| process | VmRSS | RssAnon | PSS | threads | context switches | per minute | VmRSS at the end |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, f in r["idle"]["figures"].items():
        if f["switches"] is None:
            print(f"| {name} | {f['rss_kb']} kB | {f['anon_kb']} kB | {f['pss_kb']} kB | {f['threads']} | ended during the window: {f['ended']} | | |")
            continue
        print(f"| {name} | {f['rss_kb']} kB | {f['anon_kb']} kB | {f['pss_kb']} kB | {f['threads']} | {f['switches']} | {f['per_minute']} | {f['rss_end_kb']} kB |")
    print(f"\nnocontactd deliveries during the idle window: {r['idle']['figures']['nocontactd']['deliveries_in_window']}. "
          "Largest resident mappings of the idle daemon (kB): " + ", ".join(f"{n} {s}" for n, s in r["idle"]["mappings"]) + "\n")


def print_delivery(r):
    dv = r["delivery"]
    print(f"### Delivery (due -> delivered, ms; minute boundaries {', '.join(time.strftime('%H:%M:%S', time.gmtime(b)) for b in dv['boundaries'])} UTC)\n")
    for name, key in [("nocontactd -> journal (realtime - NOCONTACT_DUE_USEC)", "nocontactd_journal_ms"),
                      ("nocontactd -> stamp script", "nocontactd_command_ms"),
                      ("nocontactd -> stamp script, on the minute boundaries", "nocontactd_command_at_boundaries_ms"),
                      ("remind -z1 -k", "remind-z1"), ("remind -z0 -k", "remind-z0"), ("atd", "atd"), ("cron", "cron")]:
        values = dv[key]
        missed = dv.get("missed", {}).get(key)
        if missed:
            print(f"- {name}: " + ", ".join(f"{v:.2f}" for v in values) + f"; missed the {' and '.join(missed)} UTC delivery "
                  f"(its stamps: {', '.join(f'{t:.3f}' for t in dv.get(key + '_raw', []))})")
            continue
        shown = ", ".join(f"{v:.2f}" for v in sorted(values)) if len(values) <= 4 else \
            f"{spread(values, digits=2)}; sorted: " + ", ".join(f"{v:.2f}" for v in sorted(values)[:3]) + " ... " + \
            ", ".join(f"{v:.2f}" for v in sorted(values)[-3:])
        print(f"- {name}: {shown}")


def print_startup(r):
    su = r["startup"]
    print("\n### Start-up (s)\n")
    print(f"- nocontactd start -> READY=1: " + ", ".join(f"{v:.4f}" for v in su["nocontactd_ready_s"]))
    for name, times in su["peers_pidfile_s"].items():
        print(f"- {name} start -> pid file: " + ", ".join(f"{v:.4f}" for v in times))
    print(f"- namespace set-up alone (unshare, sh, 2 mounts, exec true): " + ", ".join(f"{v:.4f}" for v in su["namespace_setup_s"]))


def print_large_config(r):
    lc = r["large_config"]
    print("\n### Large config (s; 11 runs each, calcurse 5)\n")
    for name, key in [("nocontact next -n 1", "next"), ("nocontactd --check", "check"), ("remind -n", "remind_n"), ("calcurse -n", "calcurse_n")]:
        print(f"- {name}: " + ", ".join(f"{v:.4f}" for v in lc[key]))
    print(f"- nocontactd with it: start -> READY=1 {lc['ready_s']:.3f} s, VmRSS {lc['rss_kb']} kB. "
          f"remind -n printed {lc['remind_n_lines']} lines; calcurse -n: {' / '.join(lc['calcurse_n_output'])}")


def print_varlink(r):
    vl = r["varlink"]
    print("\n### Varlink (2 s per run, 5 s for `clients100_1s`; latency in microseconds)\n")
    print("| server | method | load | calls/s | p50 | p90 | p99 | p99.9 | max | server CPU | generator CPU | reply bytes |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for server, method, key in [("nocontactd", "io.nocontact.Days", "Days"), ("nocontactd", "org.varlink.service.GetInfo", "GetInfo"),
                                ("do-nothing C server", "(canned reply)", "ceiling"),
                                ("systemd-journald", "GetInfo (-> MethodNotImplemented)", "journald_GetInfo")]:
        for load, f in vl.get(key, {}).items():
            lat = f.get("latency_us")
            cells = [f"{lat[k]:.0f}" for k in ["p50", "p90", "p99", "p999", "max"]] if lat else ["", "", "", "", ""]
            busy = f"{f['server_cpu_s'] / f['seconds'] * 100:.0f} %" if "server_cpu_s" in f else ""
            print(f"| {server} | {method} | {load} | {f['calls_per_s']:,.0f} | " + " | ".join(cells) +
                  f" | {busy} | {f['client_cpu_s'] / f['seconds'] * 100:.0f} % | {f['reply_bytes']} |")
    print("\nLoads: `seq` one connection, a call only after the previous reply; `pipe64` one connection, 64 calls in "
          "flight; `clients100` 100 connections each calling again as soon as answered; `clients100_10ms`, "
          "`clients100_100ms`, `clients100_1s`: 100 connections each calling every 10 ms, 100 ms, 1 s (10,000, 1,000, "
          "100 calls/s in all, staggered), "
          "latency counted from when the call was due. CPU = CPU seconds / wall seconds (100 % = one core).\n")
    for key in ["memory_before", "memory_after_load", "memory_5s_later", "memory_end"]:
        m = vl[key]
        print(f"- nocontactd {key.replace('_', ' ')}: VmRSS {m['rss_kb']} kB, RssAnon {m['anon_kb']} kB, PSS {m['pss_kb']} kB, {m['threads']} threads")
    for key in ["days_daemon", "days_offline"]:
        f = vl[key]
        print(f"- `{f['command']}` ({key.split('_')[1]}): median {ms(f['median_s'])}, mean {ms(f['mean_s'])} ± {ms(f['stddev_s'])}, "
              f"min {ms(f['min_s'])}, max {ms(f['max_s'])}, {f['runs']} runs")
    print(f"- stderr of `nocontact days` with the daemon up: {vl['days_daemon']['stderr'] or '(empty: answered by the daemon)'}")


def machine_info():
    def first(cmd):
        try:
            return run(cmd).strip().splitlines()[0]
        except Exception:
            return "?"
    versions = {}
    for package in ["remind", "at", "cron", "calcurse", "hyperfine", "systemd", "gcc"]:
        versions[package] = first(["dpkg-query", "-W", "-f=${Version}", package])
    lscpu = run(["lscpu"])
    model = re.search(r"Model name:\s*(.+)", lscpu)
    with open("/proc/meminfo") as meminfo:
        total = int(meminfo.readline().split()[1])
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "cpu": model.group(1) if model else "?",
            "cores": os.cpu_count(), "memory_gib": round(total / 1024 / 1024, 1), "kernel": os.uname().release,
            "debian": first(["cat", "/etc/debian_version"]), "swift": first(["swift", "--version"]),
            "versions": versions, "load_start": open("/proc/loadavg").read().split()[:3],
            "tree": tree_state()}


def tree_state():
    """Which code was measured: the commit, and how many files under Sources/ differ from it."""
    try:
        head = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip()
        changed = run(["git", "-C", ROOT, "status", "--porcelain", "--", "Sources", "Package.swift"]).splitlines()
        return f"commit {head}" + (f" plus {len(changed)} changed or new files under Sources/ (work in progress)" if changed else "")
    except Exception:
        return "?"


def seconds_to_delivery_slot():
    second = time.time() % 60
    return 0 if 40 <= second < 50 else (40 - second) % 60


def run_phase(phase):
    began = time.monotonic()
    load = open("/proc/loadavg").read().split()[0]
    phase()
    results["phases"][phase.__name__] = round(time.monotonic() - began, 1)
    results.setdefault("load_at_phase_start", {})[phase.__name__] = load


def main():
    # Orphans of what we start (calcurse --daemon forks) become our children, so we reap them.
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    try:
        measure()
    finally:
        for peer in list(STARTED):
            peer.stop()
        for root in [WORK, *SANDBOXES]:
            shutil.rmtree(root, ignore_errors=True)


def measure():
    os.makedirs(OUT, exist_ok=True)
    machine = machine_info()
    say(f"machine: {machine['cores']} cores, {machine['cpu']}, {machine['memory_gib']} GiB, Linux {machine['kernel']}; "
        f"load {' '.join(machine['load_start'])}")
    everything = PHASES == "all"
    idle = idle_start() if everything else None
    chosen = [phase for phase in [startup, large_config, varlink, calendar, calendar_inprocess]
              if everything or phase.__name__ in PHASES.split(",")]
    want_delivery = everything or "delivery" in PHASES.split(",")
    schedule = []
    for phase in chosen:
        # Delivery has to start 40-50 s past a minute: run it between two busy phases as soon
        # as that is at most 12 s away, rather than waiting for the slot at the end.
        if want_delivery and delivery not in schedule and seconds_to_delivery_slot() <= 12:
            run_phase(delivery)
            schedule.append(delivery)
        run_phase(phase)
        schedule.append(phase)
    if want_delivery and delivery not in schedule:
        run_phase(delivery)
    if idle:
        remaining = IDLE_MIN - (time.monotonic() - idle["began"])
        if remaining > 0:
            say(f"idle window: {remaining:.0f} s more (IDLE_MIN={IDLE_MIN})")
            time.sleep(remaining)
        idle_end(idle)
    machine["load_end"] = open("/proc/loadavg").read().split()[:3]
    machine["load_start"] = " ".join(machine["load_start"])
    machine["load_end"] = " ".join(machine["load_end"])
    results["machine"] = machine
    with open(f"{OUT}/results.json", "w") as file:
        json.dump(results, file, indent=1)
    say(f"done; raw results in {OUT}")
    if everything:
        report(machine)
    details()
    print(f"\nMachine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, Linux {machine['kernel']}, "
          f"Debian {machine['debian']}, {machine['swift']}. Phases (s): " +
          ", ".join(f"{k} {v} (load {results['load_at_phase_start'][k]} at its start)" for k, v in results["phases"].items())
          + f"; total {time.monotonic() - log_start:.0f} s.")


if __name__ == "__main__":
    main()
