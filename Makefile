# SPDX-License-Identifier: GPL-2.0
#
# Loom/Dhyara kernel networking: top-level build.
#
#   make            build/loom.ko, build/loom_hwsim.ko, build/sx127x.ko (against the running
#                   kernel's headers, else Debian's linux-headers-amd64, or
#                   KDIR=) and userspace/loomctl
#   make install    modules (+ depmod), loomctl, man pages, the dissector;
#                   DESTDIR=, PREFIX= (/usr/local); make uninstall undoes it
#   make check      W=1, sparse (C=1) and checkpatch --strict; fails on warnings
#   make dts-check  the sx127x DT binding and Raspberry Pi overlays (dt-schema)
#   make arm64      build/arm64/*.ko cross-built W=1 for arm64 (Raspberry Pi
#                   OS 64-bit) against linux-source-6.1's defconfig: a check,
#                   not modules to load (tests/harness/arm64-kdir.sh)
#   make test       every tier; ends with "N passed, N failed"
#   make demo       boots a VM, loads the module and the seed topology
#   make bench      benchmarks, printed as tables
#   make deps       installs (apt) what the above need; idempotent

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD ?= $(TOP)/build
KDIR ?= $(shell $(TOP)/tests/harness/kdir.sh)
# The QEMU tiers boot Debian's amd64 kernel (tests/harness/kver.sh), not
# the host's: their modules are built against its headers, in build/vm/.
VM_KDIR ?= $(shell $(TOP)/tests/harness/kdir.sh --vm)
KBUILD_SRC_FILES := Kbuild kernel uapi tests/kunit

.PHONY: kunit-module modules-check deps-kernel all modules loomctl check test demo bench deps clean help \
	test-userspace test-kunit test-integration vm-modules vm-kbuild install uninstall

all: modules loomctl

help:
	@sed -n '3,19p' Makefile

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
	$(call kbuild_module,host,$(KDIR),)
	@cp $(BUILD)/host/*.ko $(BUILD)/

deps-kernel:
	@test -d "$(KDIR)" || { echo "No kernel build dir (KDIR=$(KDIR)); install the running kernel's headers, run 'make deps' or set KDIR=" >&2; exit 1; }

# build/vm/*.ko for the kernel the QEMU tiers boot: a copy of build/*.ko
# when KDIR is that kernel's headers (this machine's usual case), else
# their own build.
vm-modules:
	@test -d "$(VM_KDIR)" || { echo "No headers for the VM kernel (VM_KDIR=$(VM_KDIR)); run 'make deps'" >&2; exit 1; }
	@if [ "$$(realpath -q "$(KDIR)")" = "$$(realpath "$(VM_KDIR)")" ]; then \
		$(MAKE) --no-print-directory modules && mkdir -p $(BUILD)/vm && \
		cp $(BUILD)/loom.ko $(BUILD)/loom_hwsim.ko $(BUILD)/sx127x.ko $(BUILD)/loom_sniff.ko $(BUILD)/vm/; \
	else \
		$(MAKE) --no-print-directory vm-kbuild VM_KDIR="$(VM_KDIR)"; \
	fi

vm-kbuild:
	$(call kbuild_module,vm,$(VM_KDIR),)

# The same sources against the KUnit kernel (tests/kunit/run.sh).
kunit-module:
	@test -n "$(KUNIT_KDIR)" || { echo "KUNIT_KDIR= not set" >&2; exit 1; }
	$(call kbuild_module,kunit,$(KUNIT_KDIR),)

# The same sources cross-compiled W=1 for arm64, against an arm64 tree
# prepared once from linux-source-6.1 (tests/harness/arm64-kdir.sh).  It
# has no Module.symvers (no vmlinux is built), so modpost only warns.
ARM64_CROSS ?= aarch64-linux-gnu-
.PHONY: arm64 arm64-kbuild
arm64:
	@kd=$$($(TOP)/tests/harness/arm64-kdir.sh) && \
		$(MAKE) --no-print-directory arm64-kbuild ARM64_KDIR="$$kd"

arm64-kbuild:
	@test -n "$(ARM64_KDIR)" || { echo "ARM64_KDIR= not set (make arm64)" >&2; exit 1; }
	$(call kbuild_module,arm64,$(ARM64_KDIR),ARCH=arm64 CROSS_COMPILE=$(ARM64_CROSS) KBUILD_MODPOST_WARN=1 W=1)

# W=1 and sparse; tests/harness/check.sh fails on any warning it prints.
modules-check: deps-kernel
	@rm -rf $(BUILD)/check
	$(call kbuild_module,check,$(KDIR),W=1 C=1)

loomctl:
	$(MAKE) -C userspace

check: deps-kernel dts-check
	@$(TOP)/tests/harness/check.sh "$(KDIR)"

# The sx127x binding and overlays (dts/check.sh, Documentation/devicetree.rst);
# also the "dts" tier of make test.
.PHONY: dts-check
dts-check:
	@$(TOP)/dts/check.sh

test-userspace: loomctl
	@$(TOP)/tests/userspace/unit/run.sh

test-kunit:
	@$(TOP)/tests/kunit/run.sh

test-integration: all vm-modules
	@$(TOP)/tests/userspace/integration/run.sh

test:
	@$(TOP)/tests/harness/deps.sh
	@$(TOP)/tests/run-all.sh

demo:
	@$(TOP)/tests/harness/deps.sh
	@$(MAKE) --no-print-directory all vm-modules
	@$(TOP)/tests/harness/demo.sh

bench:
	@$(TOP)/tests/harness/deps.sh
	@$(MAKE) --no-print-directory all vm-modules
	@$(MAKE) --no-print-directory -C userspace bench
	@$(TOP)/userspace/bench/run.sh
	@echo
	@$(TOP)/userspace/bench/hwsim.sh
	@echo
	@$(TOP)/userspace/bench/mac.sh
	@echo
	@$(TOP)/userspace/bench/wifi.sh
	@echo
	@$(TOP)/userspace/bench/medium.sh
	@echo
	@$(TOP)/userspace/bench/mesh.sh
	@echo
	@$(TOP)/userspace/bench/sx127x.sh
	@echo
	@$(TOP)/userspace/bench/sniff.sh

# make install: build/*.ko into /lib/modules/KVER/extra (kbuild's own
# default for out-of-tree modules; updates/ is for modules that replace
# in-tree ones, which ours do not) and depmod, so that "modprobe loom"
# finds crc-itu-t; loomctl, loom-node and the medium into sbin, their man
# pages, the systemd unit loom@.service into $(SYSTEMD_UNITDIR), and the
# Wireshark dissector where Wireshark looks for Lua plugins (a
# system path: Wireshark never looks under /usr/local).  DESTDIR= stages
# it all (depmod runs only if DESTDIR holds that kernel's modules.order);
# make uninstall removes exactly what the manifest lists.
# tests/harness/install.sh does the work.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
MANIFEST ?= $(PREFIX)/share/loom/install-manifest
KVER ?= $(shell $(TOP)/tests/harness/kdir.sh --release "$(KDIR)")
INSTALL_MOD_DIR ?= extra
MULTIARCH ?= $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || $(CC) -print-multiarch)
WIRESHARK_PLUGDIR ?= /usr/lib/$(MULTIARCH)/wireshark/plugins
INSTALL_KOS ?= $(BUILD)/loom.ko $(BUILD)/loom_hwsim.ko $(BUILD)/sx127x.ko \
	$(BUILD)/loom_sniff.ko
LOOMCTL_BIN ?= userspace/loomctl/loomctl
LOOMCTL_MAN ?= userspace/loomctl/loomctl.8
# Parts that other branches add: installed when their directory is in the
# tree (then they must have been built), skipped with a note otherwise.
MEDIUM_BIN ?= userspace/medium/loom-medium
MEDIUM_MAN ?= userspace/medium/loom-medium.8
WIRESHARK_LUA ?= userspace/wireshark/loom.lua
# The systemd template unit and the script it runs (Documentation/
# gateway.rst): $(PREFIX)/lib/systemd/system is in systemd's unit path
# for /usr/local and /usr alike.
SYSTEMD_UNITDIR ?= $(PREFIX)/lib/systemd/system
NODE_BIN ?= userspace/systemd/loom-node
NODE_MAN ?= userspace/systemd/loom-node.8
NODE_UNIT ?= userspace/systemd/loom@.service

install: all
	@$(TOP)/tests/harness/install.sh install --destdir "$(DESTDIR)" \
		--manifest "$(MANIFEST)" --kver "$(KVER)" \
		$(foreach k,$(INSTALL_KOS),--module "$(k):/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)") \
		--file "0755:$(LOOMCTL_BIN):$(SBINDIR)" \
		--file "0644:$(LOOMCTL_MAN):$(MANDIR)/man8" \
		--file "0755:$(NODE_BIN):$(SBINDIR)" \
		--file "0644:$(NODE_MAN):$(MANDIR)/man8" \
		--file "0644:$(NODE_UNIT):$(SYSTEMD_UNITDIR)" \
		--optional "0755:$(MEDIUM_BIN):$(SBINDIR)" \
		--optional "0644:$(MEDIUM_MAN):$(MANDIR)/man8" \
		--optional "0644:$(WIRESHARK_LUA):$(WIRESHARK_PLUGDIR)"

uninstall:
	@$(TOP)/tests/harness/install.sh uninstall --destdir "$(DESTDIR)" \
		--manifest "$(MANIFEST)"

clean:
	rm -rf $(BUILD)
	$(MAKE) -C userspace clean
