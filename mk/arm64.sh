#!/bin/sh
# Boot the arm64 kernel under QEMU virt (first increment of the port).
#   sh mk/arm64.sh [INITRD.cpio] [KERNEL ARGS...]
# Builds it, then boots build/arm64/faultline.bin (the Linux Image form, so
# QEMU passes the DTB in x0 and -initrd in /chosen) with -semihosting, so
# QEMU's exit status is (reason << 1) | 1 as on x86 (3 normal, 5 panic,
# 7 bad exec, 9 no init, 11 no/bad initramfs).  EL2 boots too:
# FL_MACHINE=virt,virtualization=on sh mk/arm64.sh
set -e
cd "$(dirname "$0")/.."
make -s ARCH=arm64 kernel
initrd=
if [ $# -gt 0 ] && [ -f "$1" ]; then initrd="-initrd $1"; shift; fi
exec qemu-system-aarch64 -M "${FL_MACHINE:-virt}" -cpu max -m 512M -nographic -no-reboot \
	-semihosting -kernel build/arm64/faultline.bin $initrd -append "$*"
