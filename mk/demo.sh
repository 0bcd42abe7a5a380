#!/bin/sh
# `make run`: boot Faultline once per seed-article program; show what the
# program printed, and the page fault its marked lines caused: the kernel's
# call path and the walk of the page tables, as the seed articles draw them.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/demo
mkdir -p "$out"

show() {	# show NAME TITLE
	name=$1 title=$2
	gcc -static -O2 -o "$out/$name" "$root/user/demo/$name.c"
	echo
	echo "=================================================================================="
	echo "$title"
	echo "--- the program's output (inside Faultline):"
	status=0
	"$root/faultline" run --icount --trace=marked --trace-out "$out/$name.trace.jsonl" \
		--log "$out/$name.log" "$out/$name" || status=$?
	echo "--- exit status $status; the kernel's log:"
	tr -d '\r' < "$out/$name.log" | grep -E 'starting|minor faults|exited|killed|SIG' | sed 's/^/    /'
	echo "--- the fault its marked line caused: the call path (guest instructions per stage)"
	python3 "$root/tools/trace/render" path "$out/$name.trace.jsonl" | sed 's/^/    /'
	echo "--- and the walk of its address through the page tables"
	python3 "$root/tools/trace/render" walk "$out/$name.trace.jsonl" | sed 's/^/    /'
}

echo "Faultline: the seed articles' programs, each booted as the first process on x86-64 (QEMU, TCG,"
echo "-icount: cycle counts are guest instructions).  Full traces: build/demo/*.trace.jsonl;"
echo "draw any program's faults with ./faultline run --trace PROG, then tools/trace/render."
show seed002 "seed 002: MAP_SHARED|MAP_ANONYMOUS at the fixed address 0x7000003000, read then write"
show seed003 "seed 003: one private anonymous page (MAP_PRIVATE|MAP_ANON), write 'A'"
