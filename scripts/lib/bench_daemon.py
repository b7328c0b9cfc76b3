#!/usr/bin/python3
"""Measures nocontactd as BENCHMARKS.md reports it. Run by scripts/bench inside a private
journald (scripts/lib/private-journald); prints a Markdown report on standard output.

Figures: start -> READY=1, idle VmRSS (and what dominates it), idle context switches,
due -> journal latency over many deliveries, and config load + first plan with a large config.
"""
import json, os, socket, subprocess, sys, tempfile, time

BIN = os.environ["BIN"]
IDLE = int(os.environ.get("IDLE", "60"))
DELIVERIES = int(os.environ.get("DELIVERIES", "50"))


def sandbox():
    root = tempfile.mkdtemp(prefix="nc-bench-")
    env = dict(os.environ)
    env.update(XDG_CONFIG_HOME=f"{root}/config", XDG_STATE_HOME=f"{root}/state", XDG_RUNTIME_DIR=f"{root}/run", HOME=root)
    os.makedirs(f"{root}/config/nocontact")
    os.makedirs(f"{root}/run", mode=0o700)
    return root, env


def start(env, args=()):
    """Starts the daemon with a notify socket; returns (process, seconds until READY=1)."""
    path = f"{env['XDG_RUNTIME_DIR']}/notify.sock"
    if os.path.exists(path):
        os.unlink(path)
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(path)
    receiver.settimeout(10)
    env = dict(env, NOTIFY_SOCKET=path)
    began = time.monotonic()
    process = subprocess.Popen([f"{BIN}/nocontactd", *args], env=env, stderr=subprocess.DEVNULL)
    while b"READY=1" not in receiver.recv(4096):
        pass
    ready = time.monotonic() - began
    receiver.close()
    return process, ready


def stop(process):
    process.terminate()
    process.wait(timeout=10)


def switches(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/status") as status:
            for line in status:
                if "ctxt_switches" in line:
                    total += int(line.split()[1])
    return total


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def rollup_kb(pid, key):
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def biggest_mappings(pid, count=5):
    rss, name = {}, ""
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            parts = line.split()
            if "-" in parts[0] and len(parts) >= 5:
                name = os.path.basename(parts[5]) if len(parts) > 5 else "[anon]"
            elif parts[0] == "Rss:":
                rss[name] = rss.get(name, 0) + int(parts[1])
    return sorted(rss.items(), key=lambda item: -item[1])[:count]


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main():
    print(f"## Daemon (`scripts/bench`, release build)\n")
    # Start -> READY and idle behaviour on the built-in default config.
    root, env = sandbox()
    readies = []
    for _ in range(5):
        process, ready = start(env)
        readies.append(ready)
        stop(process)
    process, _ = start(env)
    time.sleep(5)  # the figure is defined as VmRSS 5 s after start
    pid = process.pid
    rss, anon, threads = status_kb(pid, "VmRSS"), status_kb(pid, "RssAnon"), len(os.listdir(f"/proc/{pid}/task"))
    pss = rollup_kb(pid, "Pss")
    mappings = biggest_mappings(pid)
    before = switches(pid)
    time.sleep(IDLE)
    idle_switches = switches(pid) - before
    stop(process)
    print("| figure | value | goal |\n|---|---|---|")
    print(f"| start -> READY=1 (median of 5) | {median(readies) * 1000:.1f} ms (min {min(readies) * 1000:.1f}, max {max(readies) * 1000:.1f}) | <= 100 ms |")
    print(f"| idle VmRSS 5 s after start | {rss / 1024:.1f} MB (anonymous {anon / 1024:.1f} MB, PSS {pss / 1024:.1f} MB; {threads} threads) | <= 20 MB |")
    print(f"| idle context switches, all threads, {IDLE} s, nothing due | {idle_switches} | 0 |")

    # Latency: one prompt every second.
    root, env = sandbox()
    start_day = time.strftime("%Y-%m-%d", time.gmtime())
    with open(f"{root}/config/nocontact/config.toml", "w") as config:
        config.write(f'timezone = "UTC"\n[[period]]\nname = "bench-latency"\nstart = {start_day}\nmilestones = [3650]\n'
                     f'[prompts]\nschedule = ["*:*:*"]\n')
    process, _ = start(env)
    time.sleep(DELIVERIES + 1.5)
    stop(process)
    out = subprocess.run(["journalctl", "-o", "json", "--no-pager", "NOCONTACT_PERIOD=bench-latency"],
                         capture_output=True, text=True, check=True).stdout
    late = [int(e["__REALTIME_TIMESTAMP"]) - int(e["NOCONTACT_DUE_USEC"]) for e in map(json.loads, out.splitlines())]
    late = [value / 1000 for value in late]
    print(f"| due -> journal latency, {len(late)} deliveries (every second) | median {median(late):.2f} ms, "
          f"min {min(late):.2f}, max {max(late):.2f} | median <= 5 ms, max <= 20 ms |")

    # A large config: 10,000 prompts and 100 periods.
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
    runs = []
    for _ in range(5):
        began = time.monotonic()
        subprocess.run([f"{BIN}/nocontact", "next", "-n", "1", "--config", path, "--socket", f"{root}/none"],
                       env=env, check=True, capture_output=True)
        runs.append(time.monotonic() - began)
    check = []
    for _ in range(5):
        began = time.monotonic()
        subprocess.run([f"{BIN}/nocontactd", "--check", "--config", path], env=env, check=True, capture_output=True)
        check.append(time.monotonic() - began)
    process, ready = start(env, ["--config", path])
    time.sleep(2)
    big_rss = status_kb(process.pid, "VmRSS")
    stop(process)
    print(f"| 10,000 prompts + 100 periods ({os.path.getsize(path) // 1024} KB): whole `nocontact next -n 1` (process start, "
          f"config load, first plan) | median {median(runs) * 1000:.0f} ms | <= 150 ms |")
    print(f"| same config: `nocontactd --check` (load + validate) | median {median(check) * 1000:.0f} ms | |")
    print(f"| same config: start -> READY=1; VmRSS | {ready * 1000:.0f} ms; {big_rss / 1024:.1f} MB (+{(big_rss - rss) / 1024:.1f} MB over the default) | |")
    print("\nLargest resident mappings of the idle daemon (kB): " +
          ", ".join(f"{name} {size}" for name, size in mappings))


if __name__ == "__main__":
    main()
