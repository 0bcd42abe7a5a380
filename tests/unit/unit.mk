# Host unit tests (cmocka, ASan + UBSan).
#
# Included by the top-level Makefile, or used alone from the repository root:
#     make -f tests/unit/unit.mk unit-test
#
# To add a test: append its name to UNIT_TESTS and list the sources it needs
# (paths from the repository root), before or after including this file:
#     UNIT_TESTS += test_map
#     UNIT_SRCS_test_map := vm/map.c lib/avl.c
# The test's own source is tests/unit/<name>.c unless UNIT_MAIN_<name> says
# otherwise, and UNIT_CFLAGS_<name> adds flags after UNIT_CFLAGS (so that it
# can also -U a macro UNIT_CFLAGS defines). Everything is expanded when the
# recipe runs, so the order of assignments relative to the include does not
# matter.

UNIT_MK := $(lastword $(MAKEFILE_LIST))
# Do not steal the including Makefile's default goal.
UNIT_SAVED_GOAL := $(.DEFAULT_GOAL)

UNIT_CC ?= cc
UNIT_BUILD ?= build/unit
# LIB_HOST_TEST renames lib/string.c's functions to lib_* so they do not clash with libc.
UNIT_CFLAGS ?= -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -I. -DLIB_HOST_TEST
UNIT_LDLIBS ?= -lcmocka

UNIT_TESTS += test_avl test_fmt test_string
UNIT_SRCS_test_avl := lib/avl.c
UNIT_SRCS_test_fmt := lib/fmt.c
UNIT_SRCS_test_string := lib/string.c

# vm/: built against tests/unit/host (a host <machine/param.h> whose physical
# memory is a malloc'd arena, a software pmap, panic()), with the C library's
# memcpy/memset (vm/ calls them by their plain names: no LIB_HOST_TEST).
# test_fault_strict is test_fault under the read rule of the AArch64 port.
UNIT_VM_SRCS := vm/map.c vm/fault.c vm/prot.c vm/object.c vm/page.c vm/kmem.c vm/linux_version.c lib/avl.c \
	tests/unit/host/fake_pmap.c tests/unit/host/vm_harness.c
UNIT_VM_CFLAGS := -Itests/unit/host -ULIB_HOST_TEST
UNIT_TESTS += test_map test_fault test_fault_strict test_prot test_page
UNIT_SRCS_test_map := $(UNIT_VM_SRCS)
UNIT_CFLAGS_test_map := $(UNIT_VM_CFLAGS)
UNIT_SRCS_test_fault := $(UNIT_VM_SRCS)
UNIT_CFLAGS_test_fault := $(UNIT_VM_CFLAGS)
UNIT_MAIN_test_fault_strict := tests/unit/test_fault.c
UNIT_SRCS_test_fault_strict := $(UNIT_VM_SRCS)
UNIT_CFLAGS_test_fault_strict := $(UNIT_VM_CFLAGS) -DARCH_READ_IMPLIED_BY=0
UNIT_SRCS_test_prot := vm/prot.c
UNIT_CFLAGS_test_prot := $(UNIT_VM_CFLAGS)
UNIT_SRCS_test_page := $(UNIT_VM_SRCS)
UNIT_CFLAGS_test_page := $(UNIT_VM_CFLAGS)
UNIT_TESTS += test_bootmem
UNIT_SRCS_test_bootmem := $(UNIT_VM_SRCS) vm/bootmem.c
UNIT_CFLAGS_test_bootmem := $(UNIT_VM_CFLAGS)

unit_main = $(or $(UNIT_MAIN_$(1)),tests/unit/$(1).c)

# One recipe line per test (the blank line before endef separates them).
define unit_build_one
$(UNIT_CC) $(UNIT_CFLAGS) $(UNIT_CFLAGS_$(1)) -o $(UNIT_BUILD)/$(1) $(call unit_main,$(1)) $(UNIT_SRCS_$(1)) $(UNIT_LDLIBS)

endef

.PHONY: unit-test unit-clean

# Always rebuilt: the tests are small, and this way no header dependency is
# ever missed. Every test runs even if an earlier one fails; the target fails
# if any did.
unit-test:
	@mkdir -p $(UNIT_BUILD)
	$(foreach t,$(sort $(UNIT_TESTS)),$(call unit_build_one,$(t)))
	@failed=""; \
	for t in $(sort $(UNIT_TESTS)); do \
		echo "=== $$t"; \
		./$(UNIT_BUILD)/$$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "unit tests FAILED:$$failed"; exit 1; fi; \
	echo "all unit tests passed"

unit-clean:
	rm -rf $(UNIT_BUILD)

ifeq ($(firstword $(MAKEFILE_LIST)),$(UNIT_MK))
.DEFAULT_GOAL := unit-test
else
.DEFAULT_GOAL := $(UNIT_SAVED_GOAL)
endif
