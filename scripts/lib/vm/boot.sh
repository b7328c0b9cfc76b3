#!/bin/bash
# Boots the guest once under qemu (tcg or kvm) and waits until it powers itself off (or the limit).
#
#   scripts/lib/vm/boot.sh IMAGE_DIR RUN_DIR PHASE [LIMIT_S]
#
# IMAGE_DIR: what build-image.sh printed (rootfs.img, vmlinuz, initrd.img).
# RUN_DIR:   this run's folder. Its root.qcow2 (made on first use: a copy-on-write overlay over
#            the cached rootfs.img, which stays untouched) is the guest's /dev/vda, so a second
#            boot of the same RUN_DIR sees what the first one left. Its share.img is /dev/vdb:
#            guest-test.sh, the binaries and the results.
# PHASE:     passed on the kernel command line (nocontact_vm.phase=PHASE) to guest-test.sh.
#
# The console goes to RUN_DIR/console-PHASE.log; timings are appended to RUN_DIR/timings.
# qemu runs under `timeout`, so a hung guest ends after LIMIT_S seconds (default 900).
#
# NOCONTACT_VM_ACCEL=tcg|kvm picks the accelerator; the default is tcg (qemu's own CPU
# emulation): the whole guest boots in about 15 s on 2 cores. kvm is faster on real hardware
# virtualization, but where /dev/kvm is the kvm_pvm module of a nested cloud VM (as on the
# machine this was written on) an unmodified Debian kernel cannot run: -cpu host aborts ("failed
# to set MSR 0x10a"), and with -cpu host,-arch-capabilities the kernel boots about 100 times
# slower and stops with "KVM internal error. Suberror: 1 / emulation failure" (cmpxchg16b in
# SLUB, or xrstor with -cx16). The kvm path was not tested on real hardware.
set -euo pipefail

image=$1 run=$2 phase=$3 limit=${4:-900}
accel=${NOCONTACT_VM_ACCEL:-tcg}
case $accel in
    kvm) cpu=(-enable-kvm -cpu "${NOCONTACT_VM_CPU:-host}") ;;
    tcg) cpu=(-accel tcg,thread=multi -cpu "${NOCONTACT_VM_CPU:-max}") ;;
    *) echo "boot.sh: NOCONTACT_VM_ACCEL must be kvm or tcg" >&2; exit 1 ;;
esac
if [ ! -e "$run/root.qcow2" ]; then
    qemu-img create -q -f qcow2 -F raw -b "$(cd "$image" && pwd)/rootfs.img" "$run/root.qcow2"
fi
console="$run/console-$phase.log"
: > "$console"

start_ns=$(date +%s%N)
# Notes the moment the guest's test starts (its first console line), for the timings.
(
    while ! grep -q 'NOCONTACT-VM: entry' "$console" 2>/dev/null; do sleep 0.1; done
    echo "phase $phase: boot to test start $(( ($(date +%s%N) - start_ns) / 1000000 )) ms" >> "$run/timings"
) &
watcher=$!

rc=0
timeout --kill-after=10 "$limit" qemu-system-x86_64 \
    "${cpu[@]}" -m 2G -smp 2 \
    -nographic -no-reboot -nic none \
    -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
    -append "root=/dev/vda rw console=ttyS0 fsck.mode=skip panic=-1 nocontact_vm.phase=$phase" \
    -drive file="$run/root.qcow2",if=virtio,format=qcow2 \
    -drive file="$run/share.img",if=virtio,format=raw \
    < /dev/null > "$console" 2>&1 || rc=$?

kill "$watcher" 2>/dev/null || true
wait "$watcher" 2>/dev/null || true
echo "phase $phase: qemu ($accel) ran $(( ($(date +%s%N) - start_ns) / 1000000 )) ms, exit $rc" >> "$run/timings"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "boot.sh: phase $phase hit the ${limit} s limit; see $console" >&2
fi
exit "$rc"
