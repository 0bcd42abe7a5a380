#!/usr/bin/env bash
# mk/gdb.sh (`make gdb [PROG=...]`): Faultline halted in QEMU before its first
# instruction, and GDB attached with the kernel's symbols and Faultline's
# commands (tools/gdb/faultline.py: fl-walk, fl-regions, fl-page, fl-proc).
#
#   mk/gdb.sh [PROG [ARGS...]]                  interactive
#   mk/gdb.sh --batch CMDFILE [PROG [ARGS...]]  gdb -batch -x CMDFILE, then exit
#
# PROG is a static x86-64 Linux program, booted as /init as ./faultline run
# boots it (default: user/demo/seed002.c, built into build/gdb/seed002).  QEMU
# runs the runner's machine with -S (halted at the firmware's first
# instruction) and a gdbstub: interactively on 127.0.0.1:$FL_GDB_PORT
# (default 1234, as -s), in batch mode on a private Unix socket (so that
# batch runs can go on at the same time as anything else).  The program's
# stdout and stderr go to files (interactively build/gdb/stdout.txt and
# stderr.txt, the kernel log to build/gdb/kernel.log) and are shown when
# GDB exits; QEMU is killed then.
#
# Environment: FL_GDB_PORT (interactive port), FL_GDB_TIMEOUT (batch mode:
# seconds allowed to QEMU and to GDB, default 60), FL_GDB_MEM (guest RAM,
# default 512M as the runner).
set -u
: "${PATH:=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}"
export PATH
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { echo "mk/gdb.sh: $1" >&2; exit "${2:-1}"; }

batch="" cmdfile=""
if [ "${1-}" = --batch ]; then
	[ $# -ge 2 ] || die "usage: mk/gdb.sh --batch CMDFILE [PROG [ARGS...]]" 2
	batch=1 cmdfile=$2
	shift 2
	[ -r "$cmdfile" ] || die "$cmdfile: cannot read the command file" 2
	cmdfile=$(cd "$(dirname "$cmdfile")" && pwd)/$(basename "$cmdfile")
fi
case ${1-} in -h|--help) sed -n '2,23s/^# \{0,1\}//p' "$0"; exit 0 ;; esac
port=${FL_GDB_PORT:-1234}
limit=${FL_GDB_TIMEOUT:-60}
mem=${FL_GDB_MEM:-512M}

for tool in qemu-system-x86_64 cpio gdb gcc flock setsid timeout; do
	command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install gdb qemu-system-x86 cpio)"
done

kernel=$here/build/x86_64/faultline.elf
mkdir -p "$here/build/gdb"
flock "$here/build/.lock" make -s -C "$here" ARCH=x86_64 kernel >&2 || die "the kernel did not build"

if [ $# -ge 1 ]; then
	prog=$1; shift
	if [ ! -f "$prog" ] || [ ! -r "$prog" ]; then die "$prog: no such program"; fi
else
	# seed 002's program, with its symbols (add-symbol-file build/gdb/seed002)
	prog=$here/build/gdb/seed002
	src=$here/user/demo/seed002.c
	if [ ! -x "$prog" ] || [ "$src" -nt "$prog" ]; then
		flock "$here/build/.lock" sh -c 'gcc -static -O2 -g -o "$1.tmp.$$" "$2" && mv -f "$1.tmp.$$" "$1"' \
			sh "$prog" "$src" || die "could not build $prog"
	fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/faultline-gdb.XXXXXX") || die "mktemp failed"
qemu_pid="" watchdog_pid=""
cleanup() {
	if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
		kill "$qemu_pid" 2>/dev/null
		wait "$qemu_pid" 2>/dev/null
	fi
	[ -n "$watchdog_pid" ] && kill "$watchdog_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' TERM HUP

# The initramfs, as ./faultline run builds it: PROG as /init and at its own
# path, argv and the environment as NUL-separated lists.
mkdir -p "$work/root/.faultline"
cp "$prog" "$work/root/init" || die "cannot read $prog"
guest=$prog
while [[ $guest == /* || $guest == ./* ]]; do guest=${guest#/}; guest=${guest#./}; done
[[ -n $guest && $guest != *..* ]] || die "cannot place $prog in the initramfs"
mkdir -p "$work/root/$(dirname "$guest")"
cp "$prog" "$work/root/$guest"
{ printf '%s\0' "$prog" "$@"; } > "$work/root/.faultline/argv"
env -0 > "$work/root/.faultline/envp"
(cd "$work/root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet) > "$work/initrd.cpio" ||
	die "could not pack the initramfs"

if [ -n "$batch" ]; then
	out=$work
	sock=$work/gdb.sock
	gdbstub=(-gdb "unix:$sock,server=on,wait=off")
	target=$sock
	qemu_timeout=(timeout -k 2 "$limit")
else
	out=$here/build/gdb
	listening() {	# is something listening on TCP port $1?
		local hex
		hex=$(printf '%04X' "$1")
		cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -qE "^ *[0-9]+: [0-9A-F]+:$hex [0-9A-F]+:0000 0A"
	}
	listening "$port" && die "port $port is in use (another QEMU?); choose one: FL_GDB_PORT=1235 make gdb"
	gdbstub=(-gdb "tcp:127.0.0.1:$port")
	target=127.0.0.1:$port
	qemu_timeout=()
fi
: > "$out/stdout.txt"; : > "$out/stderr.txt"; : > "$out/kernel.log"

firmware=()
[ -f /usr/share/qemu/qboot.rom ] && firmware=(-bios /usr/share/qemu/qboot.rom)
# setsid: a Ctrl-C typed at GDB must not reach QEMU too.
setsid ${qemu_timeout[@]+"${qemu_timeout[@]}"} qemu-system-x86_64 \
	-M pc -nodefaults -no-user-config -display none -no-reboot -accel tcg -cpu max -m "$mem" \
	${firmware[@]+"${firmware[@]}"} \
	-kernel "$kernel" -initrd "$work/initrd.cpio" \
	-append "fl.console=split fl.stdin=null fl.stdout=file fl.stderr=file" \
	-serial "file:$out/kernel.log" \
	-chardev "file,id=out,path=$out/stdout.txt" -device isa-debugcon,iobase=0xe9,chardev=out \
	-chardev "file,id=err,path=$out/stderr.txt" -device isa-debugcon,iobase=0xea,chardev=err \
	-chardev null,id=trace -device isa-debugcon,iobase=0xeb,chardev=trace \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	"${gdbstub[@]}" -S </dev/null 2>"$work/qemu.err" &
qemu_pid=$!
# Should this script be killed outright (no EXIT trap), QEMU must not stay
# behind halted: a watchdog ends it (if that pid is still our QEMU).
# shellcheck disable=SC2016
setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done
	grep -qsF "$3" "/proc/$2/cmdline" && kill "$2"' watchdog $$ "$qemu_pid" "$work" \
	</dev/null >/dev/null 2>&1 &
watchdog_pid=$!

# Wait for the gdbstub (or QEMU's death): up to 15 s on a busy host.
for _ in $(seq 300); do
	kill -0 "$qemu_pid" 2>/dev/null || break
	if [ -n "$batch" ]; then [ -S "$sock" ] && break; else listening "$port" && break; fi
	sleep 0.05
done
if ! kill -0 "$qemu_pid" 2>/dev/null; then
	cat "$work/qemu.err" >&2
	die "QEMU did not start"
fi
[ -z "$batch" ] || [ -S "$sock" ] || die "QEMU's gdbstub did not appear at $sock"

show_output() {	# the program's output, once GDB is done
	local f
	for f in stdout stderr; do
		[ -s "$out/$f.txt" ] || continue
		echo "--- the program's $f (inside Faultline):"
		cat "$out/$f.txt"
		[ -z "$(tail -c 1 "$out/$f.txt")" ] || echo
	done
}

script=$here/tools/gdb/faultline.py
if [ -n "$batch" ]; then
	timeout -k 2 "$limit" gdb -q -nx -batch "$kernel" -x "$script" \
		-ex "set pagination off" -ex "set confirm off" -ex "target remote $target" \
		-ex "fl-batch $cmdfile" </dev/null
	status=$?
	[ "$status" = 124 ] && echo "mk/gdb.sh: gdb timed out after ${limit}s" >&2
	if ! kill -0 "$qemu_pid" 2>/dev/null; then
		wait "$qemu_pid"
		[ $? = 124 ] && echo "mk/gdb.sh: QEMU timed out after ${limit}s (FL_GDB_TIMEOUT)" >&2
	fi
	show_output
	if [ "$status" != 0 ] && [ -s "$out/kernel.log" ]; then
		echo "--- the kernel log's last lines:" >&2
		tr -d '\r' < "$out/kernel.log" | tail -n 15 >&2
	fi
	exit "$status"
fi

rel=${out#"$here"/}
cat <<EOF
Faultline under GDB: QEMU ($mem, TCG) is halted at the firmware's first instruction,
gdbstub on $target.  Program: $prog${*:+ $*}
  its stdout/stderr: $rel/stdout.txt, $rel/stderr.txt; the kernel log: $rel/kernel.log
Faultline's commands (help NAME for details):
  fl-walk VA [CR3]     walk VA through the page tables, level by level (default CR3: \$cr3);
                       sets \$fl_pa to the physical address found
  fl-regions [PID]     the regions of the current process (curproc->map), mmap_base, brk
  fl-page PA | pfn N   the struct page of a physical page (owner, refs, object, index)
  fl-proc [PID|all]    a process: pid, comm, state, its trap frame's rip and rsp
To stop at seed 002's first fault (the read of 0x7000003000) once it is mapped:
  hbreak vm_fault if fi->addr == 0x7000003000
  continue
  finish
  fl-walk 0x7000003000
  fl-regions
  fl-page \$fl_pa
QEMU's monitor works too: monitor info mem, monitor info tlb, monitor xp /4gx PA.
Quit GDB to stop QEMU.
EOF
trap : INT	# Ctrl-C belongs to GDB (it stops the guest)
gdb -q "$kernel" -x "$script" -ex "target remote $target"
status=$?
trap - INT
show_output
exit "$status"
