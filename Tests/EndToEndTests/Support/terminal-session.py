#!/usr/bin/env python3
"""Runs a command on a real pseudo-terminal and talks to it like a person at the keyboard.

    terminal-session.py STEPS -- COMMAND [ARG...]

STEPS is a JSON list of ["expect", TEXT] (wait until TEXT has appeared in the output since the
last expect, at most 20 s) and ["send", TEXT] (type TEXT). Prints the whole output, then exits
with the command's exit status; 3 when an expected text never came (the output so far is
printed). Used by the end-to-end tests for `nocontact urge` and `nocontact ready`.
"""

import json
import os
import pty
import select
import sys
import time

TIMEOUT = 20.0


def main():
    separator = sys.argv.index("--")
    steps = json.loads(sys.argv[1])
    command = sys.argv[separator + 1:]
    pid, master = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    output = b""
    seen = 0

    def read_some(deadline):
        nonlocal output
        remaining = max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([master], [], [], remaining)
        if not ready:
            return False
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            return None
        if not chunk:
            return None
        output += chunk
        return True

    for kind, text in steps:
        if kind == "send":
            os.write(master, text.encode())
            continue
        wanted = text.encode()
        deadline = time.monotonic() + TIMEOUT
        while output.find(wanted, seen) < 0:
            if not read_some(deadline):
                sys.stdout.write(output.decode(errors="replace"))
                sys.stdout.write("\n[terminal-session: never saw %r]\n" % text)
                os.kill(pid, 9)
                sys.exit(3)
        seen = output.find(wanted, seen) + len(wanted)
    deadline = time.monotonic() + TIMEOUT
    while read_some(deadline):
        pass
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(output.decode(errors="replace"))
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
