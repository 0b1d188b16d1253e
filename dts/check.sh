#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make dts-check": the sx127x device-tree binding and the Raspberry Pi
# overlays, checked offline (Documentation/devicetree.rst, "How CI checks
# them"). One "dts: PASS|FAIL <what>" line per check, then
# "dts: N passed, N failed"; exit 1 on any failure.
#
#   1. dts/bindings/*.yaml: yamllint, dt-doc-validate (Debian's dt-schema),
#      dt-mk-schema with the SPI schemas it references; the binding's
#      example extracted (dt-extract-example), compiled and dt-validate'd,
#      each example node matched by the binding.
#   2. dts/tests/good-*.dts must validate, bad-*.dts must be rejected with
#      an error naming the property in their "// expect:" line;
#      bad-params-overlay.dts must make dts/params.py find its problems.
#   3. dts/overlays/*-overlay.dts: dtc -@ without a warning; parameters
#      (__overrides__) target properties of the binding (dts/params.py).
#   4. Raspberry Pi base trees built from Debian's linux-source-6.1
#      (mainline .dts) plus dts/base/rpi-foundation-spi0.dtsi; every
#      overlay applied to every base with fdtoverlay, and the merged tree
#      read back with fdtget against dts/overlays/pins.tsv; parameters
#      applied (dts/params.py) and read back; every merged tree
#      dt-validate'd against the binding and spi-controller.yaml.
#
# The .dts files, dt-bindings headers and SPI schemas come from
# /usr/src/linux-source-6.1.tar.xz, extracted once into
# ${LOOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loom}/dts-<version>.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache_root=${LOOM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/loom}
pkg=linux-source-6.1
py=/usr/bin/python3	# Debian's, which has python3-libfdt and ruamel.yaml
binding=$here/bindings/semtech,sx127x.yaml
# Base trees: mainline .dts name and the board it describes.
bases=(
	"bcm2711-rpi-4-b:Raspberry Pi 4 B"
	"bcm2837-rpi-3-b-plus:Raspberry Pi 3 B+"
	"bcm2837-rpi-zero-2-w:Raspberry Pi Zero 2 W"
	"bcm2835-rpi-zero-w:Raspberry Pi Zero W"
)
# The kernel's own flags for binding examples (Documentation/devicetree/
# bindings/Makefile): the example wrapper has no "ranges".
ex_dtc_flags=(-Wno-avoid_unnecessary_addr_size -Wno-graph_child_address
	-Wno-interrupt_provider -Wno-unique_unit_address)

work=$(mktemp -d "${TMPDIR:-/tmp}/loomdts.XXXXXX")
trap 'rm -rf "$work"' EXIT
npass=0
nfail=0

pass() {
	echo "dts: PASS $1"
	npass=$((npass + 1))
}

# fail WHAT [DETAILS-FILE]
fail() {
	echo "dts: FAIL $1"
	if [ -n "${2:-}" ] && [ -s "$2" ]; then
		sed 's/^/    /' "$2"
	fi
	nfail=$((nfail + 1))
}

finish() {
	echo "dts: $npass passed, $nfail failed"
	[ "$nfail" = 0 ]
	exit
}

rel() { echo "${1#"$repo"/}"; }

# --- 0. tools and the kernel's files -----------------------------------------
missing=()
for t in dtc fdtoverlay fdtget cpp yamllint dt-doc-validate dt-mk-schema \
	dt-extract-example dt-validate; do
	command -v "$t" >/dev/null || missing+=("$t")
done
"$py" -c 'import libfdt, ruamel.yaml' 2>/dev/null || missing+=("python3-libfdt")
ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || missing+=("$pkg")
if [ "${#missing[@]}" != 0 ]; then
	echo "dts: missing ${missing[*]} (make deps)" >"$work/why"
	fail "tools" "$work/why"
	finish
fi

ksrc=$cache_root/dts-$ver
if [ ! -f "$ksrc/stamp" ]; then
	tarball=$(dpkg-query -L "$pkg" | grep -E '/linux-source-[^/]*\.tar\.xz$' | head -n1)
	echo "dts: extracting Raspberry Pi .dts files, dt-bindings headers and SPI schemas"
	echo "dts:   from $tarball into $ksrc (once)"
	mkdir -p "$cache_root"
	tmp=$(mktemp -d "$cache_root/dts-$ver.XXXXXX")
	if tar -xJf "$tarball" -C "$tmp" --strip-components=1 --wildcards \
		'*/arch/arm/boot/dts/bcm2*' '*/include/dt-bindings/*' \
		'*/Documentation/devicetree/bindings/spi/*' 2>"$work/tar.log"; then
		touch "$tmp/stamp"
		# Another run may have finished first: keep its copy then.
		if [ ! -f "$ksrc/stamp" ]; then
			rm -rf "$ksrc"
			mv -T "$tmp" "$ksrc" 2>/dev/null
		fi
		rm -rf "$tmp"
	else
		rm -rf "$tmp"
		fail "extract from $tarball" "$work/tar.log"
		finish
	fi
fi
dts_dir=$ksrc/arch/arm/boot/dts
inc_dir=$ksrc/include

# cpp as the kernel runs it for .dts files: cpp_dts IN OUT
cpp_dts() {
	cpp -nostdinc -I "$dts_dir" -I "$inc_dir" -undef -D__DTS__ \
		-x assembler-with-cpp "$1" -o "$2"
}

# --- 1. the binding ----------------------------------------------------------
# The schema tree dt-schema resolves $refs in: the binding and the SPI
# schemas it references (spi-peripheral-props.yaml and, through it, three
# controller-specific ones), plus spi-controller.yaml for the merged trees.
schemas=$work/schemas
mkdir -p "$schemas/spi"
for f in spi-peripheral-props.yaml spi-controller.yaml \
	cdns,qspi-nor-peripheral-props.yaml samsung,spi-peripheral-props.yaml \
	nvidia,tegra210-quad-peripheral-props.yaml; do
	cp "$ksrc/Documentation/devicetree/bindings/spi/$f" "$schemas/spi/"
done
cp "$binding" "$schemas/"
copy=$schemas/$(basename "$binding")
unmap() { sed "s|$copy|$(rel "$binding")|g; s|$work/||g"; }

if yamllint -f parsable -c "$here/.yamllint" "$binding" >"$work/lint" 2>&1 &&
	[ ! -s "$work/lint" ]; then
	pass "yamllint $(rel "$binding")"
else
	fail "yamllint $(rel "$binding")" "$work/lint"
fi

# dt-doc-validate exits 0 on some findings: any output is a failure.
dt-doc-validate -u "$schemas" "$copy" 2>&1 | unmap >"$work/doc"
if [ "${PIPESTATUS[0]}" = 0 ] && [ ! -s "$work/doc" ]; then
	pass "dt-doc-validate $(rel "$binding")"
else
	fail "dt-doc-validate $(rel "$binding")" "$work/doc"
fi

processed=$work/processed-schema.json
if dt-mk-schema -j -o "$processed" "$schemas" >"$work/mk" 2>&1 &&
	[ ! -s "$work/mk" ] && [ -s "$processed" ]; then
	pass "dt-mk-schema $(rel "$binding") + SPI schemas from $pkg $ver"
else
	fail "dt-mk-schema $(rel "$binding")" "$work/mk"
	finish
fi

# dt-validate loads its schemas for every run (a few tenths of a second),
# so the trees are queued and validated in one run per schema at the end.
#   queue DTB WHAT valid                  no finding, the binding matched
#                                         every node with a semtech,sx127x
#                                         compatible
#   queue DTB WHAT reject:TEXT            a finding that contains TEXT
#   queue DTB WHAT merged:N               no finding against the binding
#                                         nor spi-controller.yaml, N chip
#                                         nodes matched
q_dtb=()
q_what=()
q_kind=()
queue() {
	q_dtb+=("$1")
	q_what+=("$2")
	q_kind+=("$3")
}

# validate_all DIR LIMIT DTB...: one dt-validate run; DIR/<dtb>.err gets
# each tree's findings, DIR/<dtb>.match one line per node the binding
# matched (dt-validate -M reports on stderr, like its findings).
validate_all() {
	local dir=$1 limit=$2
	shift 2
	mkdir -p "$dir"
	dt-validate -M -l "$limit" -s "$processed" "$@" 2>&1 |
		awk -v dir="$dir" '
		/^[^\t]/ {
			f = $0; sub(/: .*/, "", f); sub(/.*\//, "", f)
			m = ($0 ~ /: matched on schema\(s\)$/)
			if (!m) print > (dir "/" f ".err")
			next
		}
		m { if ($0 ~ /schemas\/semtech,sx127x\.yaml#/) print > (dir "/" f ".match"); next }
		{ print > (dir "/" f ".err") }'
}

ex=$work/example
dt-extract-example "$copy" >"$ex.dts" 2>"$work/ex.log"
if cpp_dts "$ex.dts" "$ex.pp.dts" 2>>"$work/ex.log" &&
	dtc "${ex_dtc_flags[@]}" -I dts -O dtb -o "$ex.dtb" "$ex.pp.dts" 2>>"$work/ex.log" &&
	[ ! -s "$work/ex.log" ]; then
	queue "$ex.dtb" "example of $(rel "$binding"): dt-validate" valid
else
	fail "example of $(rel "$binding"): extract and compile" "$work/ex.log"
fi

# --- 2. nodes the binding must accept and reject -----------------------------
for t in "$here"/tests/good-*.dts "$here"/tests/bad-*.dts; do
	name=$(basename "$t" .dts)
	[ "$name" = bad-params-overlay ] && continue
	expect=$(sed -n 's|^// expect: ||p' "$t" | head -n1)
	if [ -z "$expect" ]; then
		echo 'no "// expect:" line' >"$work/why"
		fail "$(rel "$t")" "$work/why"
		continue
	fi
	if ! { cpp_dts "$t" "$work/$name.pp.dts" &&
		dtc -I dts -O dtb -o "$work/$name.dtb" "$work/$name.pp.dts"; } \
		>"$work/$name.log" 2>&1 || [ -s "$work/$name.log" ]; then
		fail "$(rel "$t"): compile" "$work/$name.log"
		continue
	fi
	if [ "$expect" = valid ]; then
		queue "$work/$name.dtb" "$(rel "$t"): valid" valid
	else
		queue "$work/$name.dtb" "$(rel "$t"): rejected ($expect)" "reject:$expect"
	fi
done

t=$here/tests/bad-params-overlay.dts
want=$(sed -n 's|^// expect: \([0-9]*\) problems.*|\1|p' "$t")
if dtc -@ -I dts -O dtb -o "$work/bad-params.dtbo" "$t" >"$work/bp.log" 2>&1; then
	"$py" "$here/params.py" check "$work/bad-params.dtbo" "$binding" >"$work/bp.log" 2>&1
	rc=$?
	got=$(grep -c 'parameter ' "$work/bp.log")
	if [ "$rc" = 1 ] && [ "$got" = "$want" ]; then
		pass "$(rel "$t"): params.py finds its $want problems"
	else
		echo "params.py exit $rc, $got problems found, $want expected" >>"$work/bp.log"
		fail "$(rel "$t"): params.py" "$work/bp.log"
	fi
else
	fail "$(rel "$t"): compile" "$work/bp.log"
fi

# --- 3. the overlays ---------------------------------------------------------
pins=$here/overlays/pins.tsv
# chips OVERLAY: its lines of pins.tsv.
chips() { awk -v o="$1" '$1 == o' "$pins"; }

overlays=()
for src in "$here"/overlays/*-overlay.dts; do
	name=$(basename "$src" -overlay.dts)
	if dtc -@ -I dts -O dtb -o "$work/$name.dtbo" "$src" >"$work/$name.log" 2>&1 &&
		[ ! -s "$work/$name.log" ]; then
		pass "$(rel "$src"): dtc -@"
	else
		fail "$(rel "$src"): dtc -@ (warnings count)" "$work/$name.log"
		continue
	fi
	if [ -z "$(chips "$name")" ]; then
		echo "no line for $name in $(rel "$pins")" >"$work/why"
		fail "$(rel "$src"): expected pins" "$work/why"
		continue
	fi
	if "$py" "$here/params.py" check "$work/$name.dtbo" "$binding" >"$work/$name.par" 2>&1; then
		pass "$(rel "$src"): parameters name binding properties"
	else
		sed -i "s|$work/||g" "$work/$name.par"
		fail "$(rel "$src"): parameters" "$work/$name.par"
	fi
	overlays+=("$name")
done
grep -v '^#' "$pins" | awk 'NF { print $1 }' | sort -u | while read -r name; do
	[ -f "$here/overlays/$name-overlay.dts" ] ||
		echo "dts: FAIL $(rel "$pins"): no overlay $name"
done | tee "$work/orphans"
nfail=$((nfail + $(grep -c FAIL "$work/orphans")))

# --- 4. base trees, merged trees ---------------------------------------------
built=()
for b in "${bases[@]}"; do
	dts=${b%%:*}
	printf '#include "%s.dts"\n#include "%s"\n' "$dts" \
		"$here/base/rpi-foundation-spi0.dtsi" >"$work/$dts-base.dts"
	if cpp_dts "$work/$dts-base.dts" "$work/$dts-base.pp.dts" >"$work/$dts.log" 2>&1 &&
		dtc -q -@ -I dts -O dtb -o "$work/$dts.dtb" "$work/$dts-base.pp.dts" \
			>>"$work/$dts.log" 2>&1; then
		pass "base $dts.dtb (${b#*:}): $pkg $ver + $(rel "$here/base/rpi-foundation-spi0.dtsi")"
		built+=("$b")
	else
		fail "base $dts.dtb (${b#*:})" "$work/$dts.log"
	fi
done

# expect_eq WHAT GOT WANT: one mismatch line into $errs when they differ.
expect_eq() {
	[ "$2" = "$3" ] || echo "$1: got '$2', want '$3'" >>"$errs"
}

# prop TREE NODE PROP [TYPE]: the property's value, "<absent>" if none.
prop() {
	fdtget -t "${4:-u}" "$1" "$2" "$3" 2>/dev/null || echo "<absent>"
}

# expect_prop TREE NODE PROP WANT [TYPE]: expect_eq on that property.
expect_prop() {
	expect_eq "$2 $3" "$(prop "$1" "$2" "$3" "${5:-u}")" "$4"
}

# expect_pins TREE NODE WANT: the pins of NODE's pinctrl-0 groups.
expect_pins() {
	expect_eq "$2 pinctrl-0 pins" "$("$py" "$here/params.py" pins "$1" "$2")" "$3"
}

# check_chip TREE LINE: the merged TREE against one pins.tsv LINE.
check_chip() {
	local tree=$1 reg nss dio0 dio1 reset spi gph node other
	read -r _ reg nss dio0 dio1 reset _ <<<"$2"
	spi=$(fdtget -t s "$tree" /__symbols__ spi0)
	gph=$(fdtget -t u "$tree" "$(fdtget -t s "$tree" /__symbols__ gpio)" phandle)
	node=$spi/lora@$reg
	if ! fdtget "$tree" "$node" compatible >/dev/null 2>&1; then
		echo "$node: no such node" >>"$errs"
		return
	fi
	expect_prop "$tree" "$node" compatible semtech,sx1276 s
	expect_prop "$tree" "$node" reg "$reg"
	expect_prop "$tree" "$spi" status okay s
	expect_prop "$tree" "$node" interrupt-parent "$gph"
	if [ "$dio1" = - ]; then
		expect_prop "$tree" "$node" interrupts "$dio0 1"
		expect_prop "$tree" "$node" interrupt-names dio0 s
		expect_pins "$tree" "$node" "$dio0"
	else
		expect_prop "$tree" "$node" interrupts "$dio0 1 $dio1 1"
		expect_prop "$tree" "$node" interrupt-names "dio0 dio1" s
		expect_pins "$tree" "$node" "$dio0 $dio1"
	fi
	if [ "$reset" = - ]; then
		expect_prop "$tree" "$node" reset-gpios "<absent>"
	else
		expect_prop "$tree" "$node" reset-gpios "$gph $reset 1"
	fi
	case $nss in
	CE0 | CE1)
		expect_eq "$node chip select" "CE$reg" "$nss"
		expect_prop "$tree" "$spi/spidev@$reg" status disabled s
		expect_prop "$tree" "$spi" cs-gpios "$gph 8 1 $gph 7 1"
		;;
	GPIO*)
		expect_prop "$tree" "$spi" cs-gpios "$gph 8 1 $gph 7 1 $gph ${nss#GPIO} 1"
		for other in 0 1; do
			expect_prop "$tree" "$spi/spidev@$other" status "<absent>" s
		done
		;;
	*) echo "pins.tsv: bad nss '$nss'" >>"$errs" ;;
	esac
}

# check_unused TREE OVERLAY: a native chip select the overlay does not
# use keeps its spidev.
check_unused() {
	local tree=$1 ovl=$2 spi cs
	spi=$(fdtget -t s "$tree" /__symbols__ spi0)
	for cs in 0 1; do
		awk -v o="$ovl" -v c="CE$cs" '$1 == o && $3 == c' "$pins" | grep -q . && continue
		expect_prop "$tree" "$spi/spidev@$cs" status "<absent>" s
	done
}

# settle WHAT TREE OVERLAY: PASS or FAIL from $errs, then TREE queued for
# dt-validate, with as many chip nodes as pins.tsv gives OVERLAY.
settle() {
	if [ -s "$errs" ]; then
		fail "$1" "$errs"
	else
		pass "$1"
	fi
	queue "$2" "$(basename "$2" .dtb): dt-validate" "merged:$(chips "$3" | wc -l)"
}

for name in "${overlays[@]}"; do
	for b in "${built[@]}"; do
		dts=${b%%:*}
		tree=$work/$name+$dts.dtb
		what="$name on $dts: fdtoverlay, pins as in $(rel "$pins")"
		if ! fdtoverlay -i "$work/$dts.dtb" -o "$tree" "$work/$name.dtbo" \
			>"$work/apply.log" 2>&1; then
			fail "$what" "$work/apply.log"
			continue
		fi
		errs=$work/$name+$dts.errs
		: >"$errs"
		while read -r line; do
			check_chip "$tree" "$line"
		done < <(chips "$name")
		check_unused "$tree" "$name"
		settle "$what" "$tree" "$name"
	done
done

# Parameters, applied as the firmware would, on the first base tree.
if [ "${#built[@]}" != 0 ]; then
	dts=${built[0]%%:*}
	for name in "${overlays[@]}"; do
		# set NAME LABEL PARAMS...: apply PARAMS, merge, then check.
		for set in ints booleans pins; do
			args=()
			while read -r _ reg _ _ _ _ sfx; do
				[ "$sfx" = - ] && sfx=
				case $set in
				ints) args+=("speed$sfx=4000000" "freq$sfx=869525000" "sf$sfx=9"
					"bw$sfx=250000" "cr$sfx=6" "power$sfx=17" "pa_boost$sfx=on") ;;
				booleans) args+=("pa_boost$sfx=off" "power$sfx=10") ;;
				pins) [ "$name" = sx127x-generic ] && args+=(dio0_pin=24 reset_pin=5) ;;
				esac
			done < <(chips "$name")
			[ "${#args[@]}" = 0 ] && continue
			tree=$work/$name+$dts+$set.dtb
			what="$name on $dts with ${args[*]}"
			if ! "$py" "$here/params.py" apply "$work/$name.dtbo" "$work/$dts.dtb" \
				"$work/$name+$set.dtbo" "${args[@]}" >"$work/par.log" 2>&1 ||
				! fdtoverlay -i "$work/$dts.dtb" -o "$tree" "$work/$name+$set.dtbo" \
				>>"$work/par.log" 2>&1; then
				fail "$what" "$work/par.log"
				continue
			fi
			errs=$work/$name+$set.errs
			: >"$errs"
			spi=$(fdtget -t s "$tree" /__symbols__ spi0)
			gph=$(fdtget -t u "$tree" "$(fdtget -t s "$tree" /__symbols__ gpio)" phandle)
			while read -r _ reg _ _ _ _ _; do
				node=$spi/lora@$reg
				case $set in
				ints)
					expect_prop "$tree" "$node" spi-max-frequency 4000000
					expect_prop "$tree" "$node" semtech,frequency-hz 869525000
					expect_prop "$tree" "$node" semtech,spreading-factor 9
					expect_prop "$tree" "$node" semtech,bandwidth-hz 250000
					expect_prop "$tree" "$node" semtech,coding-rate 6
					expect_prop "$tree" "$node" semtech,tx-power-dbm 17
					expect_prop "$tree" "$node" semtech,pa-boost "" x
					;;
				booleans)
					expect_prop "$tree" "$node" semtech,pa-boost "<absent>" x
					expect_prop "$tree" "$node" semtech,tx-power-dbm 10
					;;
				pins)
					expect_prop "$tree" "$node" interrupts "24 1"
					expect_pins "$tree" "$node" 24
					expect_prop "$tree" "$node" reset-gpios "$gph 5 1"
					;;
				esac
			done < <(chips "$name")
			settle "$what" "$tree" "$name"
		done
	done
fi

# --- 5. the queued trees, validated ------------------------------------------
if [ "${#q_dtb[@]}" != 0 ]; then
	validate_all "$work/val" semtech,sx127x "${q_dtb[@]}"
	merged=()
	for i in "${!q_dtb[@]}"; do
		case ${q_kind[$i]} in merged:*) merged+=("${q_dtb[$i]}") ;; esac
	done
	[ "${#merged[@]}" = 0 ] || validate_all "$work/val-spi" spi-controller "${merged[@]}"
fi
for i in "${!q_dtb[@]}"; do
	dtb=$(basename "${q_dtb[$i]}")
	what=${q_what[$i]}
	kind=${q_kind[$i]}
	err=$work/val/$dtb.err
	touch "$err"
	[ -f "$work/val-spi/$dtb.err" ] && cat "$work/val-spi/$dtb.err" >>"$err"
	sed -i "s|$copy|$(rel "$binding")|g; s|$schemas/||g; s|$work/||g" "$err"
	got=0
	[ -f "$work/val/$dtb.match" ] && got=$(wc -l <"$work/val/$dtb.match")
	case $kind in
	valid)
		want=$(dtc -I dtb -O dts "${q_dtb[$i]}" 2>/dev/null |
			grep -c 'compatible = "semtech,sx127[6-9]"')
		;;
	merged:*) want=${kind#merged:} ;;
	reject:*) want=1 ;;
	esac
	if [ "$got" != "$want" ] || [ "$want" = 0 ]; then
		echo "the binding matched $got node(s), $want expected" >>"$err"
		fail "$what" "$err"
	elif [ "${kind%%:*}" = reject ]; then
		if grep -v 'From schema' "$err" | grep -qF -- "${kind#reject:}"; then
			pass "$what"
		else
			{ echo "expected a finding naming ${kind#reject:}, got:"; cat "$err"; } >"$work/why"
			fail "$what" "$work/why"
		fi
	elif [ -s "$err" ]; then
		fail "$what" "$err"
	else
		pass "$what ($got chip node(s) matched)"
	fi
done

finish
