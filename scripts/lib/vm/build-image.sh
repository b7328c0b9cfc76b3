#!/bin/bash
# Builds a Debian 12 (bookworm) guest for scripts/test-vm, once: a raw ext4 root disk, the
# guest's kernel and initrd. Later runs reuse the cached copy (keyed on a hash of this script).
#
#   scripts/lib/vm/build-image.sh          prints the cache directory on its last line
#
# Needs root (mmdebstrap --mode=root, mkfs.ext4 -d) and the host's apt sources for bookworm.
# Installs mmdebstrap, qemu-system-x86, qemu-utils and e2fsprogs on the host when missing.
# Cache: $NOCONTACT_VM_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/nocontact-vm.
#
# Nothing here starts systemd on the host: mmdebstrap runs package scripts in a chroot (in a
# private mount namespace), and the guest's systemd only ever runs inside qemu.
set -euo pipefail

cache_root=${NOCONTACT_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nocontact-vm}

packages=(
    systemd systemd-sysv dbus dbus-user-session libpam-systemd udev libsystemd0
    linux-image-cloud-amd64 initramfs-tools
    passwd login tzdata procps python3 sqlite3 libsqlite3-0 libstdc++6
    # desktop notification check: a virtual X display, a notification server, gdbus
    xvfb dunst libnotify-bin libglib2.0-bin
)

need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v qemu-img >/dev/null || need+=(qemu-utils)
command -v debugfs >/dev/null || need+=(e2fsprogs)
if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "build-image.sh: install ${need[*]} (needs root)" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >&2
fi

key=$(sha256sum < "$0" | cut -c1-16)
image_dir="$cache_root/$key"
if [ -s "$image_dir/rootfs.img" ] && [ -s "$image_dir/vmlinuz" ] && [ -s "$image_dir/initrd.img" ]; then
    echo "image: cached in $image_dir"
    echo "$image_dir"
    exit 0
fi

[ "$(id -u)" = 0 ] || { echo "build-image.sh: needs root (mmdebstrap --mode=root, mkfs.ext4 -d)" >&2; exit 1; }

start=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache_root"

# The bookworm entries of the host's own apt sources (deb822 stanzas or one-line entries).
sources="$work/bookworm.sources"
: > "$sources"
for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
         { for (i = 1; i <= NF; i++) if ($i ~ /^bookworm(-updates|-security)?$/) { print; next } }' "$f" >> "$sources"
done
if [ ! -s "$sources" ]; then
    sources="$work/bookworm.list"
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | grep -E '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+[[:space:]]+bookworm(-updates|-security)?[[:space:]]' > "$sources" || true
fi
[ -s "$sources" ] || { echo "build-image.sh: no bookworm entries in the host's apt sources" >&2; exit 1; }

root="$work/root"
include=$(printf '%s,' "${packages[@]}")

# What the guest runs at boot: mount the second disk (the share) and run its guest-test.sh with
# the phase named on the kernel command line, then power off. The test script itself lives on
# the share, so changing it needs no new image.
cat > "$work/nocontact-vm-entry" <<'EOF'
#!/bin/bash
phase=$(sed -n 's/.*nocontact_vm\.phase=\([^ ]*\).*/\1/p' /proc/cmdline)
echo "NOCONTACT-VM: entry phase=${phase:-none} uptime=$(cut -d' ' -f1 /proc/uptime)"
if [ -n "$phase" ] && mkdir -p /mnt/share && mount /dev/vdb /mnt/share; then
    bash /mnt/share/guest-test.sh "$phase" || echo "NOCONTACT-VM: guest-test.sh exit $?"
    sync
    umount /mnt/share || echo "NOCONTACT-VM: could not unmount the share"
fi
echo "NOCONTACT-VM: powering off"
systemctl --no-block poweroff
EOF
cat > "$work/nocontact-vm-test.service" <<'EOF'
[Unit]
Description=nocontact VM test (runs the share's guest-test.sh, then powers off)
After=systemd-logind.service systemd-user-sessions.service dbus.service local-fs.target
Wants=systemd-logind.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/nocontact-vm-entry
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=infinity

[Install]
WantedBy=multi-user.target
EOF

unshare -m --propagation private \
    mmdebstrap --mode=root --variant=apt --format=directory \
        --include="$include" \
        --customize-hook='chroot "$1" useradd --create-home --uid 1000 --user-group --shell /bin/bash alice' \
        --customize-hook='echo nocontact-vm > "$1/etc/hostname"; printf "127.0.0.1 localhost\n127.0.1.1 nocontact-vm\n" > "$1/etc/hosts"' \
        --customize-hook='printf "/dev/vda / ext4 rw,errors=remount-ro 0 0\n" > "$1/etc/fstab"' \
        --customize-hook="install -m 0755 '$work/nocontact-vm-entry' \"\$1/usr/local/sbin/nocontact-vm-entry\"" \
        --customize-hook="install -m 0644 '$work/nocontact-vm-test.service' \"\$1/etc/systemd/system/nocontact-vm-test.service\"" \
        --customize-hook='mkdir -p "$1/etc/systemd/system/multi-user.target.wants" && ln -sf ../nocontact-vm-test.service "$1/etc/systemd/system/multi-user.target.wants/nocontact-vm-test.service"' \
        --customize-hook='for u in systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer man-db.timer; do ln -sf /dev/null "$1/etc/systemd/system/$u"; done' \
        bookworm "$root" "$sources"

# mmdebstrap empties /etc/machine-id at the end; give the guest a fixed one so that its
# first boot is an ordinary boot (no systemd-firstboot questions) and both boots share it.
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$root/etc/machine-id"
echo >> "$root/etc/machine-id"

mkdir -p "$image_dir.tmp"
cp "$root"/boot/vmlinuz-* "$image_dir.tmp/vmlinuz"
cp "$root"/boot/initrd.img-* "$image_dir.tmp/initrd.img"
used_mb=$(du -sm "$root" | cut -f1)
size_mb=$(( used_mb + 1536 ))
mkfs.ext4 -q -F -L nocontact-root -d "$root" "$image_dir.tmp/rootfs.img" "${size_mb}M"
rm -rf "$image_dir"
mv "$image_dir.tmp" "$image_dir"
echo "image: built in $(( $(date +%s) - start )) s (rootfs ${used_mb} MB, disk ${size_mb} MB) in $image_dir"
echo "$image_dir"
