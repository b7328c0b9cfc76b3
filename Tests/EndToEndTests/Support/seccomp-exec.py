#!/usr/bin/python3
# Applies nocontactd.service's SystemCallFilter= (with SystemCallErrorNumber=),
# MemoryDenyWriteExecute= and RestrictAddressFamilies= to a program, as systemd does (stacked
# seccomp filters, the allow-list last), then execs it. The syscall groups come from
# `systemd-analyze syscall-filter`. Used by UnitHardeningTests:
#     seccomp-exec.py UNIT PROGRAM [ARGUMENT...]
import ctypes, errno, os, subprocess, sys

unit_path, program = sys.argv[1], sys.argv[2:]
settings = {}
section = ""
for line in open(unit_path):
    line = line.strip()
    if line.startswith("["):
        section = line
    elif section == "[Service]" and line and not line.startswith("#") and "=" in line:
        key, value = line.split("=", 1)
        settings.setdefault(key, []).append(value)

groups, current = {}, None
listing = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True, text=True, check=True).stdout
for line in listing.splitlines():
    if line.startswith("@"):
        current = line.strip()
        groups[current] = []
    elif line.strip() and not line.strip().startswith("#") and current:
        groups[current].append(line.strip())

def expand(name, seen=()):
    if not name.startswith("@"):
        return {name}
    names = set()
    for member in groups[name]:
        if member not in seen:
            names |= expand(member, seen + (name,))
    return names

allowed = None
for value in settings.get("SystemCallFilter", []):
    names = set()
    for word in value.lstrip("~").split():
        names |= expand(word)
    if allowed is None:
        if value.startswith("~"):
            sys.exit("a deny-list SystemCallFilter= is not emulated")
        allowed = names
    elif value.startswith("~"):
        allowed -= names
    else:
        allowed |= names

lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
lib.seccomp_init.restype = ctypes.c_void_p
lib.seccomp_init.argtypes = [ctypes.c_uint32]
lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.c_void_p]
lib.seccomp_load.argtypes = [ctypes.c_void_p]
lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]

class Arg(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("a", ctypes.c_uint64), ("b", ctypes.c_uint64)]

ALLOW, KILL_PROCESS = 0x7FFF0000, 0x80000000
LT, GT, MASKED_EQ = 2, 6, 7
def ERRNO(number): return 0x00050000 | number

def rule(ctx, action, name, *args):
    number = lib.seccomp_syscall_resolve_name(name.encode())
    if number < 0:
        return
    array = (Arg * len(args))(*[Arg(*a) for a in args]) if args else None
    if lib.seccomp_rule_add_array(ctx, action, number, len(args), array) < 0:
        sys.exit("cannot add a seccomp rule for " + name)

def load(ctx):
    if lib.seccomp_load(ctx) < 0:
        sys.exit("cannot load a seccomp filter")

# NoNewPrivileges=yes, which seccomp needs anyway without CAP_SYS_ADMIN.
if ctypes.CDLL(None, use_errno=True).prctl(38, 1, 0, 0, 0) != 0:
    sys.exit("prctl(PR_SET_NO_NEW_PRIVS) failed")
if settings.get("MemoryDenyWriteExecute", ["no"])[-1] == "yes":
    ctx = lib.seccomp_init(ALLOW)
    PROT_WRITE, PROT_EXEC, SHM_EXEC = 2, 4, 0o100000
    rule(ctx, ERRNO(errno.EPERM), "mmap", (2, MASKED_EQ, PROT_WRITE | PROT_EXEC, PROT_WRITE | PROT_EXEC))
    rule(ctx, ERRNO(errno.EPERM), "mprotect", (2, MASKED_EQ, PROT_EXEC, PROT_EXEC))
    rule(ctx, ERRNO(errno.EPERM), "pkey_mprotect", (2, MASKED_EQ, PROT_EXEC, PROT_EXEC))
    rule(ctx, ERRNO(errno.EPERM), "shmat", (2, MASKED_EQ, SHM_EXEC, SHM_EXEC))
    load(ctx)
families = " ".join(settings.get("RestrictAddressFamilies", [])).split()
if families:
    if families != ["AF_UNIX"]:
        sys.exit("only RestrictAddressFamilies=AF_UNIX is emulated")
    ctx = lib.seccomp_init(ALLOW)
    rule(ctx, ERRNO(errno.EAFNOSUPPORT), "socket", (0, LT, 1, 0))
    rule(ctx, ERRNO(errno.EAFNOSUPPORT), "socket", (0, GT, 1, 0))
    load(ctx)
# Last, as systemd does: the allow-list may refuse seccomp() itself.
if allowed is not None:
    refusal = settings.get("SystemCallErrorNumber", [None])[-1]
    ctx = lib.seccomp_init(ERRNO(getattr(errno, refusal)) if refusal else KILL_PROCESS)
    for name in sorted(allowed):
        rule(ctx, ALLOW, name)
    load(ctx)
os.execv(program[0], program)
