#!/bin/sh
# `make run`: boot Faultline once per seed-article program and show what the
# program printed and what the kernel did.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/demo
mkdir -p "$out"

show() {	# show NAME TITLE
	name=$1 title=$2
	gcc -static -O2 -o "$out/$name" "$root/user/demo/$name.c"
	echo
	echo "=== $title"
	echo "--- program output (inside Faultline):"
	status=0
	"$root/faultline" run --log "$out/$name.log" "$out/$name" || status=$?
	echo "--- kernel:"
	tr -d '\r' < "$out/$name.log" | grep -E 'starting|minor faults|exited|killed|SIG' | sed 's/^/    /'
	echo "--- exit status $status"
}

echo "Faultline: the seed articles' programs, each booted as the first process on x86-64 (QEMU, TCG)."
show seed002 "seed 002: MAP_SHARED|MAP_ANONYMOUS at the fixed address 0x7000003000, read then write"
show seed003 "seed 003: one private anonymous page (MAP_PRIVATE|MAP_ANON), write 'A'"
