#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boots a throwaway QEMU (TCG) VM from a generated initramfs, runs one
# script inside and powers off.  Used by every VM tier (integration, KUnit,
# demo).
#
# vm.sh --kernel BZIMAGE --script RUN.sh [options]
#   --kver KVER        kernel release; enables modules (lib/modules/KVER)
#   --moddir DIR       where modules.order/modules.builtin* come from
#                      (default /lib/modules/KVER; a kernel build dir works)
#   --modules "a b"    stock modules, copied with their dependencies
#                      (modprobe -S KVER --show-depends; host /lib/modules)
#   --ko "x.ko ..."    extra modules, installed in lib/modules/KVER/extra;
#                      their stock dependencies (modinfo) come along
#   --bins "/p[:d] ..." host executables, copied with their shared libraries
#                      (to the same path, or to d inside the VM)
#   --files "s:d ..."  host file or dir s copied to d inside the VM
#   --timeout SEC      hard wall-clock limit for the whole VM (default 300)
#   --log FILE         console log (default: a temp file, removed)
#   --show             also stream the console to stdout
#   --loglevel N       console loglevel (default 1: printk cannot split the
#                      @@LOOMTEST lines; tests read dmesg themselves)
#   --append "..."     extra kernel command line
#   --mem MB           guest memory (default 1024)
#
# Inside: busybox applets, /init mounts proc, sys, devtmpfs, debugfs, tmpfs
# on /tmp and /run, points the kernel's modprobe helper at /sbin/modprobe
# (so request_module() autoload works), runs RUN.sh from /payload with its
# output on the console, then prints "@@LOOMVM DONE rc=N" and powers off.
#
# Exit status: RUN.sh's exit status; 124 when the time limit hit (a hang),
# 125 when the VM stopped without finishing (panic, crash).  In both error
# cases the console tail is printed on stderr.

set -euo pipefail

die() { echo "vm: $*" >&2; exit 2; }

kernel='' kver='' moddir='' modules='' kos='' bins='' files='' script=''
timeout_s=300 log='' show=0 loglevel=1 append='' mem=1024

while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--kver) kver=$2; shift 2 ;;
	--moddir) moddir=$2; shift 2 ;;
	--modules) modules=$2; shift 2 ;;
	--ko) kos=$2; shift 2 ;;
	--bins) bins=$2; shift 2 ;;
	--files) files=$2; shift 2 ;;
	--script) script=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--log) log=$2; shift 2 ;;
	--show) show=1; shift ;;
	--loglevel) loglevel=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	*) die "unknown option $1 (see the header of $0)" ;;
	esac
done

[ -f "$kernel" ] || die "--kernel: no such file '$kernel'"
[ -f "$script" ] || die "--script: no such file '$script'"
if [ -z "$kver" ] && { [ -n "$modules" ] || [ -n "$kos" ]; }; then
	die "--modules/--ko need --kver"
fi
[ -n "$kver" ] && [ -z "$moddir" ] && moddir=/lib/modules/$kver

work=$(mktemp -d "${TMPDIR:-/tmp}/loomvm.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/root
keep_log=$log
[ -n "$log" ] || log=$work/console.log
mkdir -p "$(dirname "$log")"
: >"$log"	# never leave a previous run's console for the caller to parse

# Merged-/usr layout like the host, so library paths from ldd work as-is.
mkdir -p "$stage"/{usr/bin,usr/sbin,usr/lib,usr/lib64,proc,sys,dev,tmp,run,etc,payload,root}
ln -s usr/bin "$stage/bin"
ln -s usr/sbin "$stage/sbin"
ln -s usr/lib "$stage/lib"
ln -s usr/lib64 "$stage/lib64"
mkdir -p "$stage/var"
ln -s ../run "$stage/var/run"

# copy_host PATH: PATH (symlinks resolved) to the same path in the stage.
copy_host() {
	mkdir -p "$stage$(dirname "$1")"
	cp -L "$1" "$stage$1"
}

# copy_bin PATH [DEST]: an executable plus its shared libraries and loader.
copy_bin() {
	local bin=$1 dst=${2:-$1} lib
	[ -x "$bin" ] || die "--bins: '$bin' is not an executable"
	mkdir -p "$stage$(dirname "$dst")"
	cp -L "$bin" "$stage$dst"
	# Static binaries make ldd fail ("not a dynamic executable"): no libs.
	for lib in $(ldd "$bin" 2>/dev/null |
		awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		[ -e "$stage$lib" ] || copy_host "$lib"
	done
}

busybox=$(command -v busybox) || die "busybox not found (make deps)"
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is dynamically linked; install busybox-static"
fi
cp "$busybox" "$stage/usr/bin/busybox"

provided=" "
for b in $bins; do
	src=${b%%:*}
	dst=${b#*:}
	copy_bin "$src" "$dst"
	provided="$provided$(basename "$dst") "
done

# Busybox applets as symlinks, except names a real binary was staged for
# (e.g. ip, iw): those must resolve to the real tool via PATH.
for a in $("$busybox" --list-full); do
	case "$provided" in *" $(basename "$a") "*) continue ;; esac
	[ -e "$stage/$a" ] || [ -L "$stage/$a" ] || ln -s /usr/bin/busybox "$stage/$a"
done

for f in $files; do
	src=${f%%:*}
	dst=${f#*:}
	[ -e "$src" ] || die "--files: no such file '$src'"
	mkdir -p "$stage$(dirname "$dst")"
	cp -rL "$src" "$stage$dst"
done

if [ -n "$kver" ]; then
	mdst=$stage/lib/modules/$kver
	mkdir -p "$mdst/extra"
	ours=" "
	for ko in $kos; do
		ours="$ours$(basename "$ko" .ko) "
	done
	for ko in $kos; do
		[ -f "$ko" ] || die "--ko: no such file '$ko'"
		# A module built for another kernel (the host's, say) would
		# only fail later, inside the VM, as an "invalid module format".
		built=$(modinfo -F vermagic "$ko" 2>/dev/null | awk '{ print $1 }')
		[ "$built" = "$kver" ] ||
			die "--ko: $ko is built for kernel '${built:-?}', the VM boots $kver (make vm-modules)"
		cp "$ko" "$mdst/extra/"
		# Stock modules it needs (e.g. crc-itu-t) come from the host
		# tree; those among --ko (loom_hwsim needs loom) are here.
		for d in $(modinfo -F depends "$ko" 2>/dev/null | tr ',' ' '); do
			case "$ours" in *" $d "*) ;; *) modules="$modules $d" ;; esac
		done
	done
	for m in $modules; do
		[ -d "/lib/modules/$kver" ] ||
			die "--modules $m: /lib/modules/$kver does not exist"
		# One module per call: --show-depends prints the load order.
		out=$(modprobe -S "$kver" --show-depends "$m") ||
			die "modprobe cannot resolve module '$m' for $kver"
		while read -r kind path _; do
			[ "$kind" = insmod ] || continue
			[ -e "$stage$path" ] || copy_host "$path"
		done <<<"$out"
	done
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		[ -f "$moddir/$f" ] && cp "$moddir/$f" "$mdst/"
	done
	depmod -b "$stage" "$kver" 2>"$work/depmod.err" ||
		{ cat "$work/depmod.err" >&2; die "depmod failed"; }
fi

cp "$script" "$stage/payload/run.sh"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
	>"$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"
# The kernel opens /dev/console for init before devtmpfs is mounted.
if [ "$(id -u)" = 0 ]; then
	mknod -m 600 "$stage/dev/console" c 5 1
	mknod -m 666 "$stage/dev/null" c 1 3
fi

cat >"$stage/init" <<'EOF'
#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /dev/shm
# request_module() runs this; busybox modprobe reads modules.dep/.alias.
[ -w /proc/sys/kernel/modprobe ] && echo /sbin/modprobe >/proc/sys/kernel/modprobe
hostname loomvm
/usr/bin/busybox ip link set lo up 2>/dev/null
exec </dev/null >/dev/console 2>&1
cd /payload
sh ./run.sh
rc=$?
echo "@@LOOMVM DONE rc=$rc"
sync
# No ACPI (the tiny KUnit kernel): reboot, which -no-reboot turns into exit.
[ -d /sys/firmware/acpi ] && poweroff -f
reboot -f
EOF
chmod 755 "$stage/init" "$stage/payload/run.sh"

(cd "$stage" && find . -print0 | cpio --null -o -H newc --owner 0:0 --quiet) |
	gzip -1 >"$work/initrd.gz"

cmdline="console=ttyS0 panic=-1 quiet loglevel=$loglevel rdinit=/init $append"
t0=$(date +%s)
set +e
# stdin from /dev/null: qemu never puts a terminal into raw mode, and it
# behaves the same under CI with no stdin.  \r from the serial line is
# dropped so logs are plain text.
timeout -k 10 "$timeout_s" qemu-system-x86_64 -machine pc -accel tcg \
	-m "$mem" -smp 2 -nodefaults -no-user-config -display none \
	-serial stdio -no-reboot -kernel "$kernel" -initrd "$work/initrd.gz" \
	-append "$cmdline" </dev/null 2>&1 | tr -d '\r' |
	if [ "$show" = 1 ]; then tee "$log"; else cat >"$log"; fi
qrc=${PIPESTATUS[0]}
set -e
secs=$(($(date +%s) - t0))

tail_log() {
	echo "---- console tail${keep_log:+ ($log)} ----" >&2
	tail -n "${1:-40}" "$log" >&2
	echo "---- end of console tail ----" >&2
}

if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "vm: TIMEOUT: VM still running after ${timeout_s}s, killed" >&2
	tail_log
	exit 124
fi
rc=$(sed -n 's/.*@@LOOMVM DONE rc=\([0-9][0-9]*\).*/\1/p' "$log" | tail -n1)
if [ -z "$rc" ]; then
	echo "vm: VM stopped after ${secs}s without finishing its script (qemu exit $qrc: panic or crash?)" >&2
	tail_log 60
	exit 125
fi
echo "vm: finished in ${secs}s, script exit $rc" >&2
exit "$rc"
