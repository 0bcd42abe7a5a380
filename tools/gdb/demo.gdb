# Seed 002's first page fault, seen from GDB:
#   mk/gdb.sh --batch tools/gdb/demo.gdb                 (x86-64)
#   mk/gdb.sh --arch arm64 --batch tools/gdb/demo.gdb    (arm64, 4 KiB pages)
# (mk/gdb.sh has loaded tools/gdb/faultline.py and connected to QEMU, which
# is halted at the firmware's, or on arm64 QEMU's boot code's, first
# instruction.)
#
# A hardware breakpoint: QEMU's gdbstub takes it by virtual address, before
# the kernel has even reached long mode or turned its MMU on.  The condition
# skips the faults of exec (the kernel writing the program into place) and
# of the program's start-up, up to the read of *x at 0x7000003000.
hbreak vm_fault if fi->addr == 0x7000003000
continue
echo \n=== stopped in vm_fault for seed 002's read of 0x7000003000\n
printf "fi->addr = %#lx, fi->access = %d (0 read, 1 write, 2 exec), fi->user = %d, fi->present = %d\n", fi->addr, fi->access, fi->user, fi->present
fl-walk 0x7000003000
echo \n=== finish: vm_fault returns, the page is mapped\n
finish
fl-proc
fl-walk 0x7000003000
fl-regions
fl-page $fl_pa
# Let the program run to its exit: it writes 1 to the page (no fault: the
# shared page was mapped writable, and on arm64 already dirty), and on
# x86-64 the CPU sets the entry's A and D bits.
delete
hbreak proc_exit
continue
echo \n=== the program exits: the entry after its write (x86-64: A, accessed, and D, dirty, now set)\n
fl-walk 0x7000003000
