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
# otherwise. Everything is expanded when the recipe runs, so the order of
# assignments relative to the include does not matter.

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

unit_main = $(or $(UNIT_MAIN_$(1)),tests/unit/$(1).c)

# One recipe line per test (the blank line before endef separates them).
define unit_build_one
$(UNIT_CC) $(UNIT_CFLAGS) -o $(UNIT_BUILD)/$(1) $(call unit_main,$(1)) $(UNIT_SRCS_$(1)) $(UNIT_LDLIBS)

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
