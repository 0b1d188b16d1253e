#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Raspberry Pi overlay parameters (__overrides__) offline, for dts/check.sh.

  params.py check OVERLAY.dtbo BINDING.yaml
      Every parameter must target a node of the overlay: a chip node (its
      compatible one of the binding's) and a property the binding defines,
      or a pin group and its brcm,pins; a 32-bit cell (":offset") must sit
      on a cell boundary of a non-boolean property, a boolean ("?") must
      name a boolean property. One line per problem; exit 1 if any.

  params.py apply OVERLAY.dtbo BASE.dtb OUT.dtbo NAME=VALUE...
      Writes OUT.dtbo: OVERLAY.dtbo with the parameters applied the way
      the Raspberry Pi firmware applies them, for the part of the syntax
      that dts/overlays/ uses: "prop:offset" (a 32-bit cell, created or
      extended as needed), "prop:offset=" followed by a literal cell (a
      phandle of the base tree when __fixups__ says so, looked up in
      BASE.dtb's __symbols__) and "prop?" (boolean: created or deleted).
      fdtoverlay can then merge OUT.dtbo, which it cannot do with the
      parameters themselves.

  params.py pins TREE.dtb NODE
      Prints the brcm,pins of the pin groups NODE's pinctrl-0 names.

The syntax is the one described in the Raspberry Pi documentation,
"Device Trees, overlays, and parameters", section "Device Tree parameters".
"""

import os
import struct
import sys

import libfdt

# Debian 12's python3-libfdt (dtc 1.6.1) drops a reference to None on most
# calls (getprop, delprop, node_offset_by_phandle, pack...): enough calls
# and the interpreter aborts with "none_dealloc", at the latest while
# finalizing. Hold spare references, and leave with os._exit() (main).
_SPARE_NONE_REFS = [None] * 100000

SEPARATORS = ':;.#?![{'
TRUE = ('', 'y', 'yes', 'on', 'true', '1')
FALSE = ('n', 'no', 'off', 'false', '0')


def die(msg):
    print(msg, file=sys.stderr)
    sys.stderr.flush()
    os._exit(2)


def load(path, extra=0):
    with open(path, 'rb') as f:
        fdt = libfdt.Fdt(f.read())
    if extra:
        fdt.resize(fdt.totalsize() + extra)
    return fdt


def props(fdt, node):
    """Yields (name, bytes) of every property of a node."""
    off = fdt.first_property_offset(node, libfdt.QUIET_NOTFOUND)
    while off >= 0:
        prop = fdt.get_property_by_offset(off)
        yield prop.name, bytes(prop)
        off = fdt.next_property_offset(off, libfdt.QUIET_NOTFOUND)


def getprop(fdt, node, name):
    val = fdt.getprop(node, name, libfdt.QUIET_NOTFOUND)
    return None if isinstance(val, int) else bytes(val)


def parse_override(name, raw):
    """Splits one __overrides__ property into its targets.

    Returns a list of (phandle, prop, sep, offset, literal, literal_at):
    literal is a cell that follows a string ending in "=" (None
    otherwise), literal_at its byte offset within the property.
    """
    out = []
    pos = 0
    while pos < len(raw):
        if pos + 4 > len(raw):
            die(f'__overrides__/{name}: truncated at byte {pos}')
        phandle = struct.unpack('>I', raw[pos:pos + 4])[0]
        pos += 4
        end = raw.find(b'\0', pos)
        if end < 0:
            die(f'__overrides__/{name}: unterminated string at byte {pos}')
        text = raw[pos:end].decode()
        pos = end + 1
        if phandle == 0:
            out.append((0, text, '', 0, None, None))
            continue
        cut = min((text.find(c) for c in SEPARATORS if c in text),
                  default=len(text))
        prop, sep, rest = text[:cut], text[cut:cut + 1], text[cut + 1:]
        literal = literal_at = None
        if rest.endswith('='):
            rest = rest[:-1]
            if pos + 4 > len(raw):
                die(f'__overrides__/{name}: "{text}" lacks its cell')
            literal = struct.unpack('>I', raw[pos:pos + 4])[0]
            literal_at = pos
            pos += 4
        elif '=' in rest:
            rest, lit = rest.split('=', 1)
            literal = int(lit, 0)
        try:
            offset = int(rest, 0) if rest else 0
        except ValueError:
            die(f'__overrides__/{name}: bad offset in "{text}"')
        out.append((phandle, prop, sep, offset, literal, literal_at))
    return out


def overrides(fdt):
    node = fdt.path_offset('/__overrides__', libfdt.QUIET_NOTFOUND)
    if node < 0:
        return {}
    return {n: parse_override(n, v) for n, v in props(fdt, node)}


def binding_props(path):
    import ruamel.yaml
    with open(path, encoding='utf-8') as f:
        doc = ruamel.yaml.YAML(typ='safe').load(f)
    compat = set(doc['properties']['compatible']['enum'])
    kinds = {}
    for name, schema in doc['properties'].items():
        kinds[name] = 'bool' if schema.get('type') == 'boolean' else 'cells'
    # spi-peripheral-props.yaml, which the binding references
    kinds.setdefault('spi-max-frequency', 'cells')
    return compat, kinds


def cmd_check(dtbo, binding):
    fdt = load(dtbo)
    compat, kinds = binding_props(binding)
    problems = []
    ovr = overrides(fdt)
    if not ovr:
        problems.append('no __overrides__ node')
    for name, targets in ovr.items():
        for phandle, prop, sep, offset, _, _ in targets:
            where = f'parameter {name}: "{prop}{sep}"'
            if phandle == 0:
                problems.append(f'{where}: fragment operations are not used here')
                continue
            node = fdt.node_offset_by_phandle(phandle, libfdt.QUIET_NOTFOUND)
            if node < 0:
                problems.append(f'{where}: target phandle {phandle} is not a node of the overlay')
                continue
            ncompat = (getprop(fdt, node, 'compatible') or b'').split(b'\0')
            is_chip = any(c.decode() in compat for c in ncompat if c)
            is_pins = getprop(fdt, node, 'brcm,pins') is not None
            if is_pins and prop == 'brcm,pins':
                kind = 'cells'
            elif is_chip and prop in kinds:
                kind = kinds[prop]
            else:
                problems.append(f'{where}: not a property of the binding on a chip node '
                                f'({fdt.get_name(node)}), nor brcm,pins of a pin group')
                continue
            if sep == ':' and kind == 'cells' and offset % 4 == 0:
                continue
            if sep == '?' and kind == 'bool':
                continue
            problems.append(f'{where}: separator "{sep}" offset {offset} does not fit '
                            f'a {"boolean" if kind == "bool" else "cell"} property')
    for p in problems:
        print(f'{dtbo}: {p}')
    return 1 if problems else 0


def base_phandle_for(ovl, base, name, at):
    """The base tree's phandle for the label that __fixups__ puts at
    byte `at` of __overrides__/name, or None when none does."""
    fix = ovl.path_offset('/__fixups__', libfdt.QUIET_NOTFOUND)
    if fix < 0:
        return None
    want = f'/__overrides__:{name}:{at}'
    for label, val in props(ovl, fix):
        if want in val.decode().split('\0'):
            syms = base.path_offset('/__symbols__')
            path = getprop(base, syms, label)
            if path is None:
                die(f'label {label} (parameter {name}) is not in the base tree')
            node = base.path_offset(path.rstrip(b'\0').decode())
            return base.get_phandle(node)
    return None


def cmd_apply(dtbo, base_path, out, assignments):
    ovl = load(dtbo, 65536)
    base = load(base_path)
    table = overrides(ovl)
    for arg in assignments:
        name, _, value = arg.partition('=')
        if name not in table:
            die(f'{dtbo}: no parameter {name}')
        for phandle, prop, sep, offset, literal, literal_at in table[name]:
            node = ovl.node_offset_by_phandle(phandle)
            if sep == '?':
                if value.lower() in TRUE:
                    ovl.setprop(node, prop, b'')
                elif value.lower() in FALSE:
                    if getprop(ovl, node, prop) is not None:
                        ovl.delprop(node, prop)
                else:
                    die(f'{name}: "{value}" is not a boolean')
                continue
            if sep != ':':
                die(f'{name}: separator "{sep}" is not supported here')
            if literal is None:
                cell = int(value, 0)
            else:
                cell = literal
                if literal_at is not None:
                    ph = base_phandle_for(ovl, base, name, literal_at)
                    if ph is not None:
                        cell = ph
            old = getprop(ovl, node, prop) or b''
            new = bytearray(old.ljust(offset + 4, b'\0'))
            new[offset:offset + 4] = struct.pack('>I', cell & 0xffffffff)
            ovl.setprop(node, prop, bytes(new))
    ovl.pack()
    with open(out, 'wb') as f:
        f.write(ovl.as_bytearray())
    return 0


def cmd_pins(tree, path):
    fdt = load(tree)
    node = fdt.path_offset(path)
    ref = getprop(fdt, node, 'pinctrl-0') or b''
    pins = []
    for i in range(0, len(ref), 4):
        grp = fdt.node_offset_by_phandle(struct.unpack('>I', ref[i:i + 4])[0])
        raw = getprop(fdt, grp, 'brcm,pins') or b''
        pins += [struct.unpack('>I', raw[j:j + 4])[0] for j in range(0, len(raw), 4)]
    print(' '.join(str(p) for p in pins))
    return 0


def main(argv):
    if len(argv) == 4 and argv[1] == 'check':
        return cmd_check(argv[2], argv[3])
    if len(argv) >= 5 and argv[1] == 'apply':
        return cmd_apply(argv[2], argv[3], argv[4], argv[5:])
    if len(argv) == 4 and argv[1] == 'pins':
        return cmd_pins(argv[2], argv[3])
    die(__doc__)
    return 2


if __name__ == '__main__':
    RC = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(RC)
