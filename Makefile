# Faultline.  `make run` boots the demonstration, `make test` runs every test.
# Both install what they need first (mk/deps.sh).

ARCH ?= x86_64
BUILD := build/$(ARCH)
KERNEL := $(BUILD)/faultline.elf

# The compiler and the flags only one architecture understands.
ifeq ($(ARCH),x86_64)
CC := gcc
ARCH_KCFLAGS := -mno-red-zone -mcmodel=kernel -mno-sse -mno-sse2 -mno-mmx -mno-avx -mgeneral-regs-only
else ifeq ($(ARCH),arm64)
CC := aarch64-linux-gnu-gcc
# The image is linked in the top 1 GiB and reached PC-relative (adrp): the small model fits.
# Atomics inline (LDXR/STXR), not calls into libgcc, which the kernel does not link.
ARCH_KCFLAGS := -mgeneral-regs-only -mcmodel=small -mno-outline-atomics
# The page geometry, chosen at build time: GRANULE=4k (default) or 16k, and
# VA_BITS=48 (default with 4k, as Debian's arm64 kernel) or 39, 47 (default with 16k) or 48.
GRANULE ?= 4k
ifeq ($(GRANULE),4k)
VA_BITS ?= 48
ARM64_PAGE_SHIFT := 12
else ifeq ($(GRANULE),16k)
VA_BITS ?= 47
ARM64_PAGE_SHIFT := 14
else
$(error GRANULE must be 4k or 16k, not $(GRANULE))
endif
ifeq ($(filter $(GRANULE)-$(VA_BITS),4k-39 4k-48 16k-47 16k-48),)
$(error VA_BITS=$(VA_BITS) is not offered with GRANULE=$(GRANULE) (4k: 39 or 48; 16k: 47 or 48))
endif
ARCH_KCFLAGS += -DARM64_PAGE_SHIFT=$(ARM64_PAGE_SHIFT) -DARM64_VA_BITS=$(VA_BITS)
ARCH_KASFLAGS := -DARM64_PAGE_SHIFT=$(ARM64_PAGE_SHIFT) -DARM64_VA_BITS=$(VA_BITS)
ifneq ($(GRANULE)-$(VA_BITS),4k-48)
BUILD := build/arm64-$(GRANULE)-$(VA_BITS)
KERNEL := $(BUILD)/faultline.elf
endif
else
$(error ARCH must be x86_64 or arm64, not $(ARCH))
endif
KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -fno-stack-protector -fno-pie \
	-fno-omit-frame-pointer -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
	$(ARCH_KCFLAGS) \
	-Wall -Wextra -Wshadow -Werror -Wno-unused-parameter -I. -Iarch/$(ARCH)/include -MMD -MP
# `make TRACE=0` builds the kernel without the fault trace (for measuring it).
ifeq ($(TRACE),0)
KCFLAGS += -DNO_FAULT_TRACE
BUILD := build/$(ARCH)-notrace
KERNEL := $(BUILD)/faultline.elf
endif
KASFLAGS := -I. -Iarch/$(ARCH)/include -MMD -MP -D__ASSEMBLER__ $(ARCH_KASFLAGS)
KLDFLAGS := -nostdlib -Wl,--build-id=none -static -no-pie -z max-page-size=4096 -z noexecstack -T arch/$(ARCH)/kernel.ld

KSRCS := $(wildcard arch/$(ARCH)/*.c arch/$(ARCH)/*.S kern/*.c vm/*.c lib/*.c)
KOBJS := $(patsubst %,$(BUILD)/obj/%.o,$(KSRCS))

.PHONY: all kernel run test soak bench gdb unit-test deps clean
all: kernel
kernel: $(KERNEL)

$(BUILD)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KASFLAGS) -c $< -o $@

$(KERNEL): $(KOBJS) arch/$(ARCH)/kernel.ld
	$(CC) $(KLDFLAGS) -o $@ $(KOBJS)
ifeq ($(ARCH),arm64)
	aarch64-linux-gnu-objcopy -O binary $@ $(BUILD)/faultline.bin
endif

# Runs with the MMU off, where memory is Device memory: no unaligned accesses.
$(BUILD)/obj/arch/arm64/boot_tables.c.o: KCFLAGS += -mstrict-align

# Flags live here: a change to this file rebuilds everything.
$(KOBJS): Makefile

-include $(KOBJS:.o=.d)

deps:
	@sh mk/deps.sh

run: deps kernel
	@sh mk/demo.sh

include tests/unit/unit.mk

test: deps kernel
	@bash tests/run

# Long runs that do not belong in `make test`: many more random seeds.
# x86-64 against this host's Linux, then arm64 against Debian's arm64 Linux.
soak: deps kernel
	@bash tests/soak/run
	@$(MAKE) -s ARCH=arm64 kernel
	@bash tests/soak/run --arch arm64

# The page-fault benchmarks on Faultline and on Linux under the same QEMU.
bench: deps kernel
	@sh mk/deps.sh bench
	@bash tools/bench/run

# QEMU waiting for GDB, and GDB with Faultline's page-table commands.
# PROG=path/to/static-binary (default: the seed 002 demo); ARCH=arm64 (and
# GRANULE=, VA_BITS=) for the arm64 kernel of that geometry, under gdb-multiarch.
gdb: deps kernel
	@bash mk/gdb.sh --arch $(ARCH) --kernel $(KERNEL) $(PROG)

clean:
	rm -rf build
