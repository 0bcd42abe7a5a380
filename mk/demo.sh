#!/bin/sh
# `make run`: boot Faultline once per seed-article program; show what the
# program printed, and the page fault its marked lines caused: the kernel's
# call path and the walk of the page tables, as the seed articles draw them.
# x86-64 first, then arm64 (4 KiB pages, 39 bits: seed 002's own walk) and
# the arm64 16 KiB build for seed 000 (one 0x4000 page, as on Apple's arm64).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/demo
mkdir -p "$out"

show() {	# show ARCH NAME TITLE [KERNEL]
	arch=$1 name=$2 title=$3 kernel=${4:-}
	cc=gcc
	[ "$arch" = arm64 ] && cc=aarch64-linux-gnu-gcc
	tag=$arch${kernel:+-$(basename "$(dirname "$kernel")")}
	bin=$out/$tag/$name
	mkdir -p "$out/$tag"
	$cc -static -O2 -I "$root/user/compat" -o "$bin" "$root/user/demo/$name.c"
	echo
	echo "=================================================================================="
	echo "$title"
	echo "--- the program's output (inside Faultline, $arch${kernel:+, $(basename "$(dirname "$kernel")")}):"
	status=0
	"$root/faultline" run --arch "$arch" ${kernel:+--kernel "$kernel"} --icount --trace=marked \
		--trace-out "$bin.trace.jsonl" --log "$bin.log" "$bin" || status=$?
	echo "--- exit status $status; the kernel's log:"
	tr -d '\r' < "$bin.log" | grep -E 'starting|minor faults|exited|killed|SIG' | sed 's/^/    /'
	echo "--- the faults its marked lines caused: the call path (guest instructions per stage)"
	python3 "$root/tools/trace/render" path "$bin.trace.jsonl" | sed 's/^/    /'
	echo "--- and the walk of its address through the page tables"
	python3 "$root/tools/trace/render" walk --first 1 "$bin.trace.jsonl" | sed 's/^/    /'
}

echo "Faultline: the seed articles' programs, each booted as the first process (QEMU, TCG,"
echo "-icount: x86-64 cycle counts are guest instructions; arm64's counter ticks once per 16)."
echo "Full traces: build/demo/*/*.trace.jsonl; draw any program's faults with"
echo "./faultline run --trace PROG, then tools/trace/render."
show x86_64 seed002 "seed 002: MAP_SHARED|MAP_ANONYMOUS at the fixed address 0x7000003000, read then write"
show x86_64 seed003 "seed 003 (XNU on x86-64): one private anonymous page (MAP_PRIVATE|MAP_ANON), write 'A'"
make -s -C "$root" ARCH=arm64 VA_BITS=39 kernel
show arm64 seed002 "seed 002 on arm64: the same mapping; the walk is the article's, 4 KiB pages, 39 bits, 3 levels" \
	"$root/build/arm64-4k-39/faultline.elf"
show arm64 seed001 "seed 001 on arm64: read a private page (the zero page), then write it (a page of its own)"
make -s -C "$root" ARCH=arm64 GRANULE=16k VA_BITS=47 kernel
show arm64 seed000 "seed 000 (XNU on arm64): mach_vm_allocate(0x4000), store a 64-bit zero; 16 KiB pages" \
	"$root/build/arm64-16k-47/faultline.elf"
