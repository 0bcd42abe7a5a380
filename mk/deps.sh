#!/bin/sh
# Make sure the host has what Faultline needs to build, boot and test
# (`mk/deps.sh bench` adds what `make bench` needs: gnuplot for its plot).
# As root it installs the missing Debian packages; otherwise it prints the
# command to run and fails.
set -u

missing=""
need() {	# need PACKAGE TEST...
	pkg=$1; shift
	if ! "$@" >/dev/null 2>&1; then
		missing="$missing $pkg"
	fi
}
have() { command -v "$1"; }
header() { [ -f "/usr/include/$1" ]; }

need make have make
need gcc have gcc
need libc6-dev header stdio.h
need qemu-system-x86 have qemu-system-x86_64
need musl-tools have musl-gcc
# arm64: the cross compiler and its glibc build the test programs (and the
# arm64 oracle's /init); QEMU boots Faultline and Debian's arm64 Linux, the
# oracle of tests/diff/run --arch arm64 (fetched by apt-get download,
# unpacked by dpkg-deb: both always there).
need gcc-aarch64-linux-gnu have aarch64-linux-gnu-gcc
need libc6-dev-arm64-cross test -f /usr/aarch64-linux-gnu/include/stdio.h
need qemu-system-arm have qemu-system-aarch64
need cpio have cpio
need libcmocka-dev header cmocka.h
need python3 have python3
need gdb have gdb
# make gdb ARCH=arm64 (and tools/gdb/check, in make test): GDB for AArch64
need gdb-multiarch have gdb-multiarch
if [ "${1:-}" = bench ]; then
	need gnuplot-nox have gnuplot
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "faultline: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null ||
		{ echo "faultline: apt-get install failed for:$missing" >&2; exit 1; }
	exit 0
fi
echo "faultline: missing packages:$missing" >&2
echo "faultline: run: sudo apt-get install -y$missing" >&2
exit 1
