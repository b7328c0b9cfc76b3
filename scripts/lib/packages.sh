# Sourced by scripts/run and scripts/test: makes sure Debian packages are installed.
#
# As root it installs what is missing with apt-get; otherwise it prints the exact command
# to run and stops, so that nothing half-works.

# require_packages PACKAGE... : install (as root) or explain (otherwise) missing packages.
require_packages() {
    local missing=()
    local package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "nocontact needs these Debian packages: ${missing[*]}" >&2
        echo "Install them with:" >&2
        echo "    sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "==> installing ${missing[*]}" >&2
    # The package lists may be empty on a fresh machine.
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; then
        apt-get update -q >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
    fi
}

# require_swift : stops with a clear message when no Swift toolchain is on PATH.
require_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
            if [ -x "$candidate/swift" ]; then export PATH="$candidate:$PATH"; return 0; fi
        done
        echo "nocontact needs Swift 6 (https://www.swift.org/install/linux/); 'swift' is not on PATH" >&2
        exit 1
    fi
}

# The packages every build needs.
BUILD_PACKAGES=(libsqlite3-dev pkg-config)

# require_python_venv : makes .venv with the PyPI packages the tests use (the reference
# varlink implementation), and exports NOCONTACT_PYTHON pointing at its interpreter.
require_python_venv() {
    local venv="$PWD/.venv"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import varlink' 2>/dev/null; then
        echo "==> creating .venv with the reference varlink package" >&2
        if ! python3 -m venv "$venv" >&2; then
            require_packages python3-venv
            /usr/bin/python3 -m venv "$venv" >&2
        fi
        "$venv/bin/pip" install -q --disable-pip-version-check "varlink==31.0.0" >&2
    fi
    export NOCONTACT_PYTHON="$venv/bin/python"
}
