# SPDX-License-Identifier: GPL-2.0
#
# Loom/Dhyara kernel networking: top-level build.
#
#   make            loom.ko (against Debian's linux-headers-amd64, or KDIR=)
#                   and userspace/loomctl
#   make check      W=1, sparse (C=1) and checkpatch --strict; fails on warnings
#   make test       every tier; ends with "N passed, N failed"
#   make demo       boots a VM, loads the module and the seed topology
#   make bench      benchmarks, printed as tables
#   make deps       installs (apt) what the above need; idempotent

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD ?= $(TOP)/build
KDIR ?= $(shell $(TOP)/tests/harness/kdir.sh)
KBUILD_SRC_FILES := Kbuild kernel uapi tests/kunit

.PHONY: kunit-module modules-check deps-kernel all modules loomctl check test demo bench deps clean help \
	test-userspace test-kunit test-integration

all: modules loomctl

help:
	@sed -n '3,12p' Makefile

deps:
	@$(TOP)/tests/harness/deps.sh

# Kbuild writes objects next to the sources, so every kernel we build for
# gets its own copy of the module sources (mtimes kept: builds stay
# incremental).  $(1): flavour, $(2): kernel build dir, $(3): extra args.
define kbuild_module
	@mkdir -p $(BUILD)/$(1)
	@rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--include='*/' --include='*.c' --include='*.h' --include='Kbuild' \
		--exclude='*' $(addprefix $(TOP)/,$(KBUILD_SRC_FILES)) \
		$(BUILD)/$(1)/ 2>/dev/null || true
	@mkdir -p $(BUILD)/$(1)/tests && rsync -a $(TOP)/tests/kunit $(BUILD)/$(1)/tests/
	$(MAKE) -C $(2) M=$(BUILD)/$(1) $(3) modules
endef

modules: deps-kernel
	$(call kbuild_module,debian,$(KDIR),)
	@cp $(BUILD)/debian/*.ko $(BUILD)/

deps-kernel:
	@test -d "$(KDIR)" || { echo "No kernel build dir (KDIR=$(KDIR)); run 'make deps' or set KDIR=" >&2; exit 1; }

# The same sources against the KUnit kernel (tests/kunit/run.sh).
kunit-module:
	@test -n "$(KUNIT_KDIR)" || { echo "KUNIT_KDIR= not set" >&2; exit 1; }
	$(call kbuild_module,kunit,$(KUNIT_KDIR),)

# W=1 and sparse; tests/harness/check.sh fails on any warning it prints.
modules-check: deps-kernel
	@rm -rf $(BUILD)/check
	$(call kbuild_module,check,$(KDIR),W=1 C=1)

loomctl:
	$(MAKE) -C userspace

check: deps-kernel
	@$(TOP)/tests/harness/check.sh "$(KDIR)"

test-userspace: loomctl
	@$(TOP)/tests/userspace/unit/run.sh

test-kunit:
	@$(TOP)/tests/kunit/run.sh

test-integration: all
	@$(TOP)/tests/userspace/integration/run.sh

test:
	@$(TOP)/tests/harness/deps.sh
	@$(TOP)/tests/run-all.sh

demo:
	@$(TOP)/tests/harness/deps.sh
	@$(MAKE) --no-print-directory all
	@$(TOP)/tests/harness/demo.sh

bench:
	@$(TOP)/tests/harness/deps.sh
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory -C userspace bench
	@$(TOP)/userspace/bench/run.sh
	@echo
	@$(TOP)/userspace/bench/hwsim.sh
	@echo
	@$(TOP)/userspace/bench/mac.sh
	@echo
	@$(TOP)/userspace/bench/medium.sh

clean:
	rm -rf $(BUILD)
	$(MAKE) -C userspace clean
