#!/usr/bin/env bash
# mk/gdb.sh (`make gdb [ARCH=arm64] [PROG=...]`): Faultline halted in QEMU
# before its first instruction, and GDB attached with the kernel's symbols
# and Faultline's commands (tools/gdb/faultline.py: fl-walk, fl-regions,
# fl-page, fl-proc).
#
#   mk/gdb.sh [OPTIONS] [PROG [ARGS...]]                  interactive
#   mk/gdb.sh [OPTIONS] --batch CMDFILE [PROG [ARGS...]]  gdb -batch -x CMDFILE, then exit
#   OPTIONS: --arch x86_64|arm64   (default x86_64, or the --kernel's)
#            --kernel ELF          a kernel already built (make ARCH=arm64 GRANULE=16k
#                                  kernel: build/arm64-16k-47/faultline.elf; arm64
#                                  boots the .bin beside it); default: build/ARCH/
#
# PROG is a static Linux program for the architecture, booted as /init as
# ./faultline run boots it (default: user/demo/seed002.c, built into
# build/gdb/seed002, arm64 build/gdb/arm64/seed002).  QEMU runs the
# runner's machine (x86-64: pc with qboot; arm64: virt, -cpu max) with -S
# (halted at the first instruction) and a gdbstub: interactively on
# 127.0.0.1:$FL_GDB_PORT (default 1234, as -s), in batch mode on a private
# Unix socket (so that batch runs can go on at the same time as anything
# else).  The program's stdout and stderr go to files (interactively
# build/gdb/stdout.txt and stderr.txt, the kernel log to
# build/gdb/kernel.log) and are shown when GDB exits; QEMU is stopped then
# (and when this script is killed).  GDB is gdb for x86-64, gdb-multiarch
# for arm64.
#
# Environment: FL_GDB_PORT (interactive port), FL_GDB_TIMEOUT (batch mode:
# seconds allowed to QEMU and to GDB, default 60; interactively, if set, the
# seconds QEMU may live), FL_GDB_MEM (guest RAM, default 512M as the runner).
set -u
: "${PATH:=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}"
export PATH
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { echo "mk/gdb.sh: $1" >&2; exit "${2:-1}"; }

batch="" cmdfile="" arch="" kernel=""
while [ $# -gt 0 ]; do
	case $1 in
	--batch)
		[ $# -ge 2 ] || die "usage: mk/gdb.sh [--arch ARCH] [--kernel ELF] --batch CMDFILE [PROG [ARGS...]]" 2
		batch=1 cmdfile=$2
		shift 2
		[ -r "$cmdfile" ] || die "$cmdfile: cannot read the command file" 2
		cmdfile=$(cd "$(dirname "$cmdfile")" && pwd)/$(basename "$cmdfile") ;;
	--arch)
		[ $# -ge 2 ] || die "--arch needs x86_64 or arm64" 2
		arch=$2; shift 2 ;;
	--kernel)
		[ $# -ge 2 ] || die "--kernel needs an ELF" 2
		kernel=$2; shift 2 ;;
	--) shift; break ;;
	*) break ;;
	esac
done
case ${1-} in -h|--help) sed -n '2,33s/^# \{0,1\}//p' "$0"; exit 0 ;; esac
port=${FL_GDB_PORT:-1234}
limit=${FL_GDB_TIMEOUT:-60}
mem=${FL_GDB_MEM:-512M}

# e_machine of an ELF file: x86_64, arm64, or what it is
elf_arch() {
	local m
	[ "$(head -c 4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = 177ELF ] || { echo "not ELF"; return; }
	m=$(od -An -j 18 -N 2 -tu2 "$1" | tr -d ' ')
	case $m in 62) echo x86_64 ;; 183) echo arm64 ;; *) echo "machine $m" ;; esac
}
if [ -n "$kernel" ]; then
	[ -f "$kernel" ] || die "$kernel: no such kernel" 2
	kernel=$(cd "$(dirname "$kernel")" && pwd)/$(basename "$kernel")
	karch=$(elf_arch "$kernel")
	[ -n "$arch" ] || arch=$karch
fi
case ${arch:-x86_64} in
x86_64|x86-64|amd64) arch=x86_64 gdb=gdb cc=gcc
	tools="qemu-system-x86_64 cpio gdb" debs="gdb qemu-system-x86 cpio" ;;
arm64|aarch64) arch=arm64 gdb=gdb-multiarch cc=aarch64-linux-gnu-gcc
	tools="qemu-system-aarch64 cpio gdb-multiarch python3" debs="gdb-multiarch qemu-system-arm cpio python3" ;;
*) die "unknown architecture '$arch' (x86_64 or arm64)" 2 ;;
esac
[ -z "$kernel" ] || [ "$karch" = "$arch" ] || die "$kernel is $karch, not $arch" 2

for tool in $tools flock setsid timeout; do
	command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install $debs)"
done

mkdir -p "$here/build/gdb"
if [ -z "$kernel" ]; then
	kernel=$here/build/$arch/faultline.elf
	flock "$here/build/.lock" make -s -C "$here" ARCH=$arch kernel >&2 || die "the kernel did not build"
fi
image=$kernel
if [ "$arch" = arm64 ]; then
	# QEMU boots the Linux Image form, which carries the header it wants
	image=${kernel%.elf}.bin
	[ -f "$image" ] || die "$image is missing (make ARCH=arm64 kernel writes it beside the .elf)"
fi

if [ $# -ge 1 ]; then
	prog=$1; shift
	if [ ! -f "$prog" ] || [ ! -r "$prog" ]; then die "$prog: no such program"; fi
	parch=$(elf_arch "$prog")
	case $parch in
	"$arch") ;;
	"not ELF") die "$prog is not an ELF executable" ;;
	*) die "$prog is built for $parch, not $arch (--arch, or make gdb ARCH=...)" ;;
	esac
else
	# seed 002's program, with its symbols (add-symbol-file build/gdb/seed002)
	prog=$here/build/gdb/seed002
	[ "$arch" = arm64 ] && prog=$here/build/gdb/arm64/seed002
	src=$here/user/demo/seed002.c
	command -v "$cc" >/dev/null || die "$cc is missing (mk/deps.sh installs it)"
	if [ ! -x "$prog" ] || [ "$src" -nt "$prog" ]; then
		mkdir -p "$(dirname "$prog")"
		flock "$here/build/.lock" sh -c '"$3" -static -O2 -g -o "$1.tmp.$$" "$2" && mv -f "$1.tmp.$$" "$1"' \
			sh "$prog" "$src" "$cc" || die "could not build $prog"
	fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/faultline-gdb.XXXXXX") || die "mktemp failed"
qemu_pid="" watchdog_pid="" demux_pid=""
stop_qemu() {	# QEMU and, on arm64, the console reader behind it
	if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
		kill "$qemu_pid" 2>/dev/null
		wait "$qemu_pid" 2>/dev/null
	fi
	if [ -n "$demux_pid" ]; then
		# it ends at the end of QEMU's output; if QEMU never opened the FIFO, now
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$demux_pid" 2>/dev/null || break; sleep 0.1; done
		kill "$demux_pid" 2>/dev/null
		wait "$demux_pid" 2>/dev/null
		demux_pid=""
	fi
}
cleanup() {
	stop_qemu
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
	qemu_timeout=()		# QEMU lives as long as GDB, unless FL_GDB_TIMEOUT says otherwise
	[ -n "${FL_GDB_TIMEOUT:-}" ] && qemu_timeout=(timeout -k 2 "$limit")
fi
: > "$out/stdout.txt"; : > "$out/stderr.txt"; : > "$out/kernel.log"

append="fl.console=split fl.stdin=null fl.stdout=file fl.stderr=file"
# setsid: a Ctrl-C typed at GDB must not reach QEMU too.
if [ "$arch" = x86_64 ]; then
	firmware=()
	[ -f /usr/share/qemu/qboot.rom ] && firmware=(-bios /usr/share/qemu/qboot.rom)
	setsid ${qemu_timeout[@]+"${qemu_timeout[@]}"} qemu-system-x86_64 \
		-M pc -nodefaults -no-user-config -display none -no-reboot -accel tcg -cpu max -m "$mem" \
		${firmware[@]+"${firmware[@]}"} \
		-kernel "$kernel" -initrd "$work/initrd.cpio" \
		-append "$append" \
		-serial "file:$out/kernel.log" \
		-chardev "file,id=out,path=$out/stdout.txt" -device isa-debugcon,iobase=0xe9,chardev=out \
		-chardev "file,id=err,path=$out/stderr.txt" -device isa-debugcon,iobase=0xea,chardev=err \
		-chardev null,id=trace -device isa-debugcon,iobase=0xeb,chardev=trace \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		"${gdbstub[@]}" -S </dev/null 2>"$work/qemu.err" &
	qemu_pid=$!
else
	# QEMU virt has one UART, which carries the kernel log, stdout and
	# stderr in frames: tools/console-demux takes them apart into the three
	# files as they come (the runner does the same).  Semihosting's SYS_EXIT
	# ends QEMU when the kernel powers off; target=native: QEMU does it even
	# while GDB is attached (the default, auto, would hand it to GDB).
	mkfifo "$work/serial" || die "mkfifo failed"
	python3 "$here/tools/console-demux" "$out/kernel.log" /dev/null \
		< "$work/serial" > "$out/stdout.txt" 2> "$out/stderr.txt" &
	demux_pid=$!
	setsid ${qemu_timeout[@]+"${qemu_timeout[@]}"} qemu-system-aarch64 \
		-M virt -nodefaults -no-user-config -display none -no-reboot -accel tcg -cpu max -m "$mem" \
		-semihosting-config enable=on,target=native \
		-kernel "$image" -initrd "$work/initrd.cpio" \
		-append "$append" \
		-serial "file:$work/serial" \
		"${gdbstub[@]}" -S </dev/null 2>"$work/qemu.err" &
	qemu_pid=$!
fi
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
	timeout -k 2 "$limit" "$gdb" -q -nx -batch "$kernel" -x "$script" \
		-ex "set pagination off" -ex "set confirm off" -ex "target remote $target" \
		-ex "fl-batch $cmdfile" </dev/null
	status=$?
	[ "$status" = 124 ] && echo "mk/gdb.sh: gdb timed out after ${limit}s" >&2
	if ! kill -0 "$qemu_pid" 2>/dev/null; then
		wait "$qemu_pid"
		[ $? = 124 ] && echo "mk/gdb.sh: QEMU timed out after ${limit}s (FL_GDB_TIMEOUT)" >&2
	fi
	stop_qemu
	show_output
	if [ "$status" != 0 ] && [ -s "$out/kernel.log" ]; then
		echo "--- the kernel log's last lines:" >&2
		tr -d '\r' < "$out/kernel.log" | tail -n 15 >&2
	fi
	exit "$status"
fi

rel=${out#"$here"/}
if [ "$arch" = x86_64 ]; then
	walk_usage='fl-walk VA [CR3]     walk VA through the page tables, level by level (default CR3: $cr3);'
	proc_usage="a process: pid, comm, state, its trap frame's rip and rsp"
	monitor="monitor info mem, monitor info tlb, monitor xp /4gx PA"
	halted="the firmware's first instruction"
else
	walk_usage='fl-walk VA [TTBR]    walk VA through the page tables, level by level (default:
                       $TTBR0_EL1 for a user address, $TTBR1_EL1 for a kernel one);'
	proc_usage="a process: pid, comm, state, its trap frame's pc and sp, ESR_EL1/FAR_EL1"
	monitor="monitor xp /4gx PA, monitor info registers (and: info registers TTBR0_EL1 TCR_EL1)"
	halted="QEMU's boot code at 0x40000000 (MMU off)"
fi
cat <<EOF
Faultline under GDB: QEMU ($arch, $mem, TCG) is halted at $halted,
gdbstub on $target.  Kernel: ${kernel#"$here"/}.  Program: $prog${*:+ $*}
  its stdout/stderr: $rel/stdout.txt, $rel/stderr.txt; the kernel log: $rel/kernel.log
Faultline's commands (help NAME for details):
  $walk_usage
                       sets \$fl_pa to the physical address found
  fl-regions [PID]     the regions of the current process (curproc->map), mmap_base, brk
  fl-page PA | pfn N   the struct page of a physical page (owner, refs, object, index)
  fl-proc [PID|all]    $proc_usage
To stop at seed 002's first fault (the read of 0x7000003000) once it is mapped:
  hbreak vm_fault if fi->addr == 0x7000003000
  continue
  finish
  fl-walk 0x7000003000
  fl-regions
  fl-page \$fl_pa
QEMU's monitor works too: $monitor.
Quit GDB to stop QEMU.
EOF
trap : INT	# Ctrl-C belongs to GDB (it stops the guest)
"$gdb" -q "$kernel" -x "$script" -ex "target remote $target"
status=$?
trap - INT
stop_qemu
show_output
exit "$status"
