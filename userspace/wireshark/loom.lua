-- SPDX-License-Identifier: GPL-2.0
--
-- Wireshark dissector for Loom frames (Documentation/wire-format.rst,
-- Documentation/wireshark.rst).
--
--   tshark -X lua_script:userspace/wireshark/loom.lua -r capture.pcap -V
--
-- Three protocols:
--
--   loometh  the 4-byte shim after EtherType 0x88B5 on Ethernet-framed
--            radios: proto (1 Loom tree, 2 Dhyara, reserved), version 0,
--            length of the frame that follows (little-endian);
--   loom     one Loom frame: MAC header, body, FCS.  Also registered for
--            raw frames with no Ethernet header on link type DLT_USER0
--            (147), which a capture of what loom_hwsim's radios hear uses;
--   dhyara   one Dhyara mesh frame (Documentation/dhyara-wire-format.rst),
--            shim protocol 2, and raw on DLT_USER1 (148).
--
-- The checks mirror the kernel's loom_frame_decode() (kernel/mac/frame.c)
-- in its order: "loom.drop" names the reason the kernel would give
-- (short, length, fcs, version, type, reserved-bits, field), and the unit
-- tests compare it with the kernel's answer frame by frame.  A bad FCS is
-- a checksum error (loom.fcs.status, loom.fcs.bad); any other reason is
-- also marked malformed (loom.malformed, so _ws.malformed).  The dissector
-- reads only inside the bytes it is given, so no frame raises a Lua error.
--
-- Written for Wireshark 4.0 (Lua 5.2, bit32).

local loom = Proto("loom", "Loom tree network")
local loometh = Proto("loometh", "Loom over Ethernet")

-- Constants of the wire format (kernel/mac/frame.h, kernel/net/packet.h,
-- uapi/linux/loom.h).
local ETHERTYPE = 0x88B5
local SHIM_LEN = 4
local MAC_HDR_LEN = 3
local FCS_LEN = 2
local FRAME_MIN = 5
local FRAME_MAX = 260
local NET_HDR_LEN = 7
local REFRESH_BODY_LEN = 6
local MORE_HDR_LEN = 2
local ERROR_BODY_LEN = 4
local CONFIG_LEN = 14
local ADDR_COORD = 0xF000

local PT_INVALID, PT_REFRESH, PT_RESERVED, PT_ACK = 0, 1, 2, 3
local PT_ERROR, PT_DATA, PT_MORE, PT_ACK_DATA = 4, 5, 6, 7

local band, bor, bxor = bit32.band, bit32.bor, bit32.bxor
local lshift, rshift = bit32.lshift, bit32.rshift

local ptype_names = {
	[PT_INVALID] = "Invalid",
	[PT_REFRESH] = "Initial refresh",
	[PT_RESERVED] = "Reserved",
	[PT_ACK] = "Data ACK",
	[PT_ERROR] = "Error",
	[PT_DATA] = "Data",
	[PT_MORE] = "Additional refresh",
	[PT_ACK_DATA] = "ACK with data",
}

local unit_names = {
	[0] = "µs", [1] = "ms", [2] = "s", [3] = "min", [4] = "h", [5] = "day",
	[6] = "reserved", [7] = "reserved",
}
-- Nanoseconds per unit; 6 and 7 are reserved.
local unit_ns = { [0] = 1e3, 1e6, 1e9, 60e9, 3600e9, 86400e9 }

local errc_names = {
	[1] = "link failed",
	[2] = "fragment sequence dropped",
}

local dispatch_names = {
	[0x01] = "AF_LOOM datagram (ports)",
	[0x41] = "IPv6, uncompressed",
}

local port_names = {
	[0] = "netlink (no answer)",
	[1] = "message (loomctl send)",
	[7] = "echo",
}

local shim_proto_names = {
	[1] = "Loom tree",
	[2] = "Dhyara mesh",
}

local fcs_status_names = { [0] = "Bad", [1] = "Good", [2] = "Unverified" }

-- Fields ---------------------------------------------------------------

local F = {}

-- The shim.
F.s_proto = ProtoField.uint8("loometh.proto", "Protocol", base.DEC,
			     shim_proto_names)
F.s_version = ProtoField.uint8("loometh.version", "Version", base.DEC)
F.s_len = ProtoField.uint16("loometh.len", "Frame length", base.DEC)
F.s_padding = ProtoField.bytes("loometh.padding", "Padding")
F.s_data = ProtoField.bytes("loometh.data", "Undecoded")

-- One 16-bit address and its three parts (seed README, ambiguity 2).
local function addr_fields(abbr, name)
	return {
		all = ProtoField.uint16(abbr, name, base.HEX),
		r1 = ProtoField.uint16(abbr .. ".router1", "First router",
				       base.DEC, nil, 0xF000),
		r2 = ProtoField.uint16(abbr .. ".router2", "Second router",
				       base.DEC, nil, 0x0F00),
		node = ProtoField.uint16(abbr .. ".node", "Node", base.DEC,
					 nil, 0x00FF),
	}
end

F.ctl = ProtoField.uint8("loom.ctl", "Control", base.HEX)
F.ctl_type = ProtoField.uint8("loom.ctl.type", "Packet type", base.DEC,
			      ptype_names, 0x07)
F.ctl_version = ProtoField.uint8("loom.ctl.version", "Version", base.DEC,
				 nil, 0x18)
F.ctl_reserved = ProtoField.uint8("loom.ctl.reserved", "Reserved", base.HEX,
				  nil, 0xE0)
local A_src = addr_fields("loom.src", "Source")
F.addr = ProtoField.uint16("loom.addr", "Source or destination", base.HEX)
F.body = ProtoField.bytes("loom.body", "Body")
F.fcs = ProtoField.uint16("loom.fcs", "FCS", base.HEX)
F.fcs_status = ProtoField.uint8("loom.fcs.status", "FCS status", base.DEC,
				fcs_status_names)
F.fcs_calc = ProtoField.uint16("loom.fcs.calculated", "Calculated FCS",
			       base.HEX)
F.drop = ProtoField.string("loom.drop", "Dropped by a node, reason")

-- Initial refresh.
F.r_ictl = ProtoField.uint8("loom.refresh.ictl", "Interval control",
			    base.HEX)
F.r_data_unit = ProtoField.uint8("loom.refresh.data_unit", "Data offset unit",
				 base.DEC, unit_names, 0x07)
F.r_refresh_unit = ProtoField.uint8("loom.refresh.refresh_unit",
				    "Refresh offset unit", base.DEC,
				    unit_names, 0x38)
F.r_ictl_reserved = ProtoField.uint8("loom.refresh.ictl_reserved",
				     "Reserved", base.HEX, nil, 0xC0)
F.r_data_off = ProtoField.uint8("loom.refresh.data_offset", "Data offset",
				base.DEC)
F.r_refresh_off = ProtoField.uint16("loom.refresh.refresh_offset",
				    "Refresh offset", base.DEC)
F.r_reserved = ProtoField.uint8("loom.refresh.reserved", "Reserved",
				base.HEX)
F.r_count = ProtoField.uint8("loom.refresh.count",
			     "Additional refresh packets", base.DEC)
F.r_data_time = ProtoField.relative_time("loom.refresh.data_time",
					 "First data slot after this frame")
F.r_refresh_time = ProtoField.relative_time("loom.refresh.refresh_time",
					    "Next refresh after this frame")

-- Additional refresh and the configuration it carries.
F.m_len = ProtoField.uint8("loom.more.len", "Frame length", base.DEC)
F.m_reserved = ProtoField.uint8("loom.more.reserved", "Reserved", base.HEX)
F.m_payload = ProtoField.bytes("loom.more.payload", "Payload")
F.c_version = ProtoField.uint8("loom.config.version",
			       "Configuration version", base.DEC)
F.c_id = ProtoField.uint32("loom.config.id", "Configuration id", base.HEX)
F.c_slot = ProtoField.uint16("loom.config.slot_ms", "Slot length (ms)",
			     base.DEC)
F.c_interval = ProtoField.uint32("loom.config.interval_ms",
				 "Data interval (ms)", base.DEC)
F.c_cycles = ProtoField.uint8("loom.config.cycles", "Data cycles", base.DEC)
F.c_nodes = ProtoField.uint16("loom.config.nodes", "Nodes", base.DEC)
F.c_extra = ProtoField.bytes("loom.config.extra",
			     "Fields of a later version")

-- Network header.
F.n_len = ProtoField.uint8("loom.net.len", "Frame length", base.DEC)
local A_ndst = addr_fields("loom.net.dst", "Destination")
local A_nsrc = addr_fields("loom.net.src", "Source")
F.n_seq = ProtoField.uint8("loom.net.seq", "Sequence (fragments to come)",
			   base.DEC)
F.n_fid = ProtoField.uint8("loom.net.frame_id_byte", "Frame id byte",
			   base.HEX)
F.n_id = ProtoField.uint8("loom.net.frame_id", "Frame id", base.DEC, nil,
			  0x7F)
F.n_first = ProtoField.bool("loom.net.first", "First fragment", 8,
			    { "Yes", "No" }, 0x80)
F.n_payload = ProtoField.bytes("loom.net.payload", "Payload")
F.n_poll = ProtoField.bool("loom.net.poll",
			   "Poll (nothing to send, no datagram)")

-- Error body.
F.e_code = ProtoField.uint8("loom.error.code", "Code", base.DEC, errc_names)
F.e_failures = ProtoField.uint8("loom.error.failures",
				"Consecutive failures", base.DEC)
local A_esubj = addr_fields("loom.error.subject", "Subject")

-- Fragments (Documentation/wire-format.rst, Fragmentation).
F.f_index = ProtoField.uint16("loom.frag.index", "Fragment", base.DEC)
F.f_count = ProtoField.uint16("loom.frag.count", "Fragments in the datagram",
			      base.DEC)
F.f_frame = ProtoField.framenum("loom.frag.frame", "Fragment in frame")
F.f_reasm_in = ProtoField.framenum("loom.frag.reassembled_in",
				   "Reassembled in frame")
F.f_len = ProtoField.uint32("loom.frag.datagram_len", "Datagram length",
			    base.DEC)
F.f_retrans = ProtoField.framenum("loom.frag.retransmission_of",
				  "Retransmission of frame")

-- The datagram (Documentation/sockets.rst, On the air).
F.d_dispatch = ProtoField.uint8("loom.dgram.dispatch", "Dispatch", base.HEX,
				dispatch_names)
F.d_dport = ProtoField.uint8("loom.dgram.dport", "Destination port",
			     base.DEC)
F.d_sport = ProtoField.uint8("loom.dgram.sport", "Source port", base.DEC)
F.d_data = ProtoField.bytes("loom.dgram.data", "Data")

-- Each protocol owns the fields under its name: the shim's are "s_".
local eth_fields, loom_fields = {}, {}
for k, f in pairs(F) do
	if k:sub(1, 2) == "s_" then
		eth_fields[#eth_fields + 1] = f
	else
		loom_fields[#loom_fields + 1] = f
	end
end
for _, a in ipairs({ A_src, A_ndst, A_nsrc, A_esubj }) do
	for _, f in pairs(a) do
		loom_fields[#loom_fields + 1] = f
	end
end
loometh.fields = eth_fields
loom.fields = loom_fields

-- Expert infos -----------------------------------------------------------

local E = {
	malformed = ProtoExpert.new("loom.malformed", "Malformed Loom frame",
				    expert.group.MALFORMED,
				    expert.severity.ERROR),
	fcs_bad = ProtoExpert.new("loom.fcs.bad", "Bad FCS",
				  expert.group.CHECKSUM,
				  expert.severity.ERROR),
	truncated = ProtoExpert.new("loom.truncated",
				    "Frame truncated by the capture",
				    expert.group.MALFORMED,
				    expert.severity.ERROR),
	addr_plan = ProtoExpert.new("loom.addr.outside",
				    "Address outside the address plan",
				    expert.group.PROTOCOL,
				    expert.severity.WARN),
	retrans = ProtoExpert.new("loom.frag.retransmission",
				  "Retransmitted fragment",
				  expert.group.SEQUENCE,
				  expert.severity.NOTE),
	gap = ProtoExpert.new("loom.frag.broken",
			      "Fragment outside a sequence",
			      expert.group.SEQUENCE, expert.severity.WARN),
	dispatch = ProtoExpert.new("loom.dgram.bad_dispatch",
				   "Datagram a node drops (drop_dispatch)",
				   expert.group.PROTOCOL,
				   expert.severity.WARN),
	later_config = ProtoExpert.new("loom.config.unknown_version",
				       "Configuration of another version",
				       expert.group.PROTOCOL,
				       expert.severity.NOTE),
}
loom.experts = { E.malformed, E.fcs_bad, E.truncated, E.addr_plan,
		 E.retrans, E.gap, E.dispatch, E.later_config }

local EE = {
	malformed = ProtoExpert.new("loometh.malformed", "Malformed shim",
				    expert.group.MALFORMED,
				    expert.severity.ERROR),
	undecoded = ProtoExpert.new("loometh.undecoded",
				    "Protocol not decoded",
				    expert.group.UNDECODED,
				    expert.severity.NOTE),
}
loometh.experts = { EE.malformed, EE.undecoded }

-- Preferences ----------------------------------------------------------

loom.prefs.dlt_user0 = Pref.bool("Raw Loom frames on DLT_USER0 (147)", true,
	"Decode link type DLT_USER0 (147) as raw Loom frames (control byte " ..
	"to FCS, no Ethernet header), as a loom_hwsim capture writes them")

-- Helpers ----------------------------------------------------------------

-- CRC-16/XMODEM, as the kernel's loom_fcs(): polynomial 0x1021, initial
-- value 0, not reflected, no final XOR.
local crc_table = {}
for i = 0, 255 do
	local c = lshift(i, 8)
	for _ = 1, 8 do
		if band(c, 0x8000) ~= 0 then
			c = bxor(lshift(c, 1), 0x1021)
		else
			c = lshift(c, 1)
		end
		c = band(c, 0xFFFF)
	end
	crc_table[i] = c
end

local function loom_fcs(tvb, n)
	local crc = 0
	local b = tvb:range(0, n):bytes()
	for i = 0, n - 1 do
		local x = band(bxor(rshift(crc, 8), b:get_index(i)), 0xFF)
		crc = bxor(band(lshift(crc, 8), 0xFFFF), crc_table[x])
	end
	return crc
end

local function hex4(a)
	return string.format("0x%04X", a)
end

-- What an address is in the address plan (Documentation/topology.rst).
local function addr_role(a)
	local r1, r2, n = rshift(a, 12), band(rshift(a, 8), 0xF), band(a, 0xFF)

	if a == 0 then
		return "reserved", false
	elseif a == ADDR_COORD then
		return "coordinator", true
	elseif r1 == 0 then
		if r2 == 0 and n <= 254 then
			return "end device", true
		end
	elseif r1 <= 14 and r2 <= 14 and n <= 254 then
		if n ~= 0 then
			return "end device", true
		end
		return "router", true
	end
	return "outside the address plan", false
end

-- Adds an address at @range with its parts; returns its value.
local function add_addr(tree, A, name, range)
	local a = range:le_uint()
	local role, ok = addr_role(a)
	local it = tree:add_le(A.all, range)

	it:set_text(string.format("%s: %s (%d/%d/%d, %s)", name, hex4(a),
				  rshift(a, 12), band(rshift(a, 8), 0xF),
				  band(a, 0xFF), role))
	it:add_le(A.r1, range)
	it:add_le(A.r2, range)
	it:add_le(A.node, range)
	tree:add_le(F.addr, range):set_hidden()
	if not ok and a ~= 0 then
		it:add_proto_expert_info(E.addr_plan)
	end
	return a
end

local function time_label(v, unit)
	return string.format("%d %s", v, unit_names[unit])
end

local function add_time(tree, f, v, unit)
	if unit_ns[unit] then
		local ns = v * unit_ns[unit]
		local s = math.floor(ns / 1e9)
		tree:add(f, NSTime.new(s, ns - s * 1e9)):set_generated()
	end
end

-- A subtree of Loom over @len bytes at @off, labelled @text.
local function subtree(tree, tvb, off, len, text)
	local t = tree:add(loom, tvb:range(off, len))

	t:set_text(text)
	return t
end

-- Bytes that no field describes (a short or overlong body), if any.
local function add_rest(tree, tvb, off, len)
	if len > 0 then
		tree:add(F.body, tvb:range(off, len))
	end
end

-- Dissection state: reassembly across frames (first pass) -----------------

-- streams[key]: the fragment sequence of one transmitter, one original
-- source and destination, one frame id.  latest[who]: the key of the
-- frame that transmitter sent last for that source.  frag[n]: what
-- frame n is in its sequence.
local streams, latest, frag

local function reset()
	streams = {}
	latest = {}
	frag = {}
end
reset()
loom.init = reset

-- Mirrors loom_reasm_push() (kernel/net/frag.c) for what a capture can
-- tell: a sequence starts at its first fragment and takes the next
-- Sequence only; a repeat of the fragment just taken (an ACK was lost) is
-- a retransmission; anything else is outside a sequence.  A repeat counts
-- only if the transmitter sent nothing else for that source in between:
-- the same bytes under the same frame id 128 datagrams later are new.
local function reasm_first_pass(n, who, key, first, seq, bytes)
	local s = streams[key]
	local r = {}
	local again = latest[who] == key

	frag[n] = r
	latest[who] = key
	if again and s and s.last_seq == seq and s.last_first == first and
	   s.last_bytes == bytes then
		r.retrans = s.frames[#s.frames]
		r.index, r.count = s.last_index, s.count
		return
	end
	if first then
		s = { count = seq + 1, frames = { n }, parts = { bytes } }
		streams[key] = s
	elseif s and s.active and seq == s.last_seq - 1 then
		s.frames[#s.frames + 1] = n
		s.parts[#s.parts + 1] = bytes
	else
		r.broken = true
		if s then
			s.active = false
		end
		return
	end
	s.active = seq > 0
	s.last_seq, s.last_first, s.last_bytes = seq, first, bytes
	s.last_index = s.count - seq
	r.index, r.count = s.last_index, s.count
	if seq == 0 then
		r.done = s.frames
		r.datagram = table.concat(s.parts)
		for _, m in ipairs(s.frames) do
			frag[m].reasm_in = n
		end
	end
end

-- The datagram ---------------------------------------------------------

-- The @len bytes at @off of @tvb are one whole datagram.
local function dissect_datagram(tvb, off, len, pinfo, tree, root)
	local dt = subtree(tree, tvb, off, len,
			   string.format("Datagram, %d bytes", len))
	if len == 0 then
		dt:add_proto_expert_info(E.dispatch, "Empty datagram")
		return
	end
	local d = tvb:range(off, 1):uint()
	dt:add(F.d_dispatch, tvb:range(off, 1))
	if d == 0x01 then
		if len < 3 then
			dt:add_proto_expert_info(E.dispatch,
				"Datagram shorter than its port header")
			return
		end
		local dp = tvb:range(off + 1, 1):uint()
		local sp = tvb:range(off + 2, 1):uint()
		local di = dt:add(F.d_dport, tvb:range(off + 1, 1))
		local si = dt:add(F.d_sport, tvb:range(off + 2, 1))
		if port_names[dp] then
			di:append_text(" (" .. port_names[dp] .. ")")
		end
		if port_names[sp] then
			si:append_text(" (" .. port_names[sp] .. ")")
		end
		if len > 3 then
			dt:add(F.d_data, tvb:range(off + 3, len - 3))
		end
		dt:set_text(string.format("Datagram, %d bytes, port %d -> %d",
					  len, sp, dp))
		pinfo.cols.info:append(string.format(", port %d -> %d", sp,
						     dp))
	elseif d == 0x41 then
		if len > 1 then
			dt:set_text(string.format("Datagram, %d bytes, IPv6",
						  len))
			Dissector.get("ipv6"):call(
				tvb:range(off + 1, len - 1):tvb(), pinfo, root)
		else
			dt:add_proto_expert_info(E.dispatch,
						 "IPv6 dispatch, no packet")
		end
	else
		dt:add_proto_expert_info(E.dispatch,
			string.format("Unknown dispatch 0x%02X", d))
		if len > 1 then
			dt:add(F.d_data, tvb:range(off + 1, len - 1))
		end
	end
end

-- The frame ------------------------------------------------------------

-- Records a reason to drop the frame.  The one of the earliest @stage
-- counts, the first of them if several (the kernel stops there); every
-- one but "fcs" also marks the frame malformed with @expert.
local function note_drop(st, item, stage, reason, msg, expert)
	if not st.drop or stage < st.stage then
		st.drop = reason
		st.stage = stage
	end
	if reason == "fcs" then
		return
	end
	st.malformed = true
	item:add_proto_expert_info(expert,
				   string.format("%s (drop: %s)", msg, reason))
end

-- A tree frame's checks come in the kernel's order: the first counts.
local function problem(st, item, reason, msg)
	note_drop(st, item, 0, reason, msg, E.malformed)
end

local function info(pinfo, s)
	pinfo.cols.info:set(s)
end

-- The FCS of a frame of @len bytes as sent and as computed, and its
-- status; @fcs is { want = sent, got = computed }, nil if not checked.
-- @FF holds the protocol's fcs, fcs_calc and fcs_status fields, @bad its
-- expert for a bad FCS.  Loom and Dhyara frames both end this way.
local function add_fcs(tree, tvb, len, fcs, FF, bad)
	if not fcs then
		tree:add(FF.fcs_status, 2):set_generated()
		return
	end
	local fi = tree:add_le(FF.fcs, tvb:range(len - FCS_LEN, 2))
	fi:set_text(string.format("FCS: 0x%04X", fcs.want))
	fi:add(FF.fcs_calc, fcs.got):set_generated()
	if fcs.want == fcs.got then
		fi:append_text(" [correct]")
		fi:add(FF.fcs_status, 1):set_generated()
	else
		fi:append_text(string.format(" [incorrect, should be 0x%04X]",
					     fcs.got))
		fi:add(FF.fcs_status, 0):set_generated()
		fi:add_proto_expert_info(bad, string.format(
			"Bad FCS 0x%04X, computed 0x%04X", fcs.want, fcs.got))
	end
end

-- The frame's verdict, @drop (a reason, or nil), in the tree under
-- @drop_field, in its @title and in the Info column.
local function add_verdict(tree, pinfo, drop_field, drop, truncated, title)
	if drop and not truncated then
		tree:add(drop_field, drop):set_generated()
		title = title .. string.format(" [dropped: %s]", drop)
		if drop == "fcs" then
			pinfo.cols.info:append(" [bad FCS]")
		else
			pinfo.cols.info:append(" [malformed: " .. drop .. "]")
		end
	elseif truncated then
		title = title .. " [truncated]"
		pinfo.cols.info:append(" [truncated]")
	end
	tree:set_text(title)
end

-- Network packet: DATA, ACK with data, ERROR.  @b is the body's range.
local function dissect_net(tvb, pinfo, tree, root, st, b, blen, complete)
	local t = st.type
	local nt = subtree(tree, tvb, b, blen, "Network packet")
	if blen < NET_HDR_LEN then
		add_rest(nt, tvb, b, blen)
		if complete then
			problem(st, nt, "short", string.format(
				"Body of %d bytes, shorter than the network header",
				blen))
		end
		info(pinfo, string.format("%s from %s", ptype_names[t],
					  hex4(st.src)))
		return
	end
	local nlen = tvb:range(b, 1):uint()
	local li = nt:add(F.n_len, tvb:range(b, 1))
	if complete and nlen ~= blen then
		problem(st, li, "length", string.format(
			"Frame length %d but the body is %d bytes", nlen, blen))
	end
	local dst = add_addr(nt, A_ndst, "Destination", tvb:range(b + 1, 2))
	local src = add_addr(nt, A_nsrc, "Source", tvb:range(b + 3, 2))
	if dst == 0 or src == 0 then
		problem(st, nt, "field", "Reserved address 0x0000")
	end
	local seq = tvb:range(b + 5, 1):uint()
	local fidb = tvb:range(b + 6, 1):uint()
	local id, first = band(fidb, 0x7F), band(fidb, 0x80) ~= 0
	nt:add(F.n_seq, tvb:range(b + 5, 1))
	local fi = nt:add(F.n_fid, tvb:range(b + 6, 1))
	fi:add(F.n_id, tvb:range(b + 6, 1))
	fi:add(F.n_first, tvb:range(b + 6, 1))
	nt:set_text(string.format("Network packet, %s -> %s", hex4(src),
				  hex4(dst)))

	local p, plen = b + NET_HDR_LEN, blen - NET_HDR_LEN
	local head = string.format("%s from %s: %s -> %s", ptype_names[t],
				   hex4(st.src), hex4(src), hex4(dst))

	if t == PT_ERROR then
		local et = subtree(nt, tvb, p, plen, "Error report")
		if complete and plen ~= ERROR_BODY_LEN then
			problem(st, et, "length", string.format(
				"Error body of %d bytes, not %d", plen,
				ERROR_BODY_LEN))
		end
		if plen < ERROR_BODY_LEN then
			add_rest(et, tvb, p, plen)
			info(pinfo, head)
			return
		end
		local code = tvb:range(p, 1):uint()
		local fails = tvb:range(p + 1, 1):uint()
		et:add(F.e_code, tvb:range(p, 1))
		et:add(F.e_failures, tvb:range(p + 1, 1))
		local subj = add_addr(et, A_esubj, "Subject",
				      tvb:range(p + 2, 2))
		if plen > ERROR_BODY_LEN then
			et:add(F.body, tvb:range(p + ERROR_BODY_LEN,
						 plen - ERROR_BODY_LEN))
		end
		info(pinfo, string.format("%s, %s with %s (%d failures)", head,
					  errc_names[code] or
					  string.format("code %d", code),
					  hex4(subj), fails))
		return
	end

	-- A poll, as loom_mac_take() (kernel/mac/mac.c) tells it: nothing,
	-- from the sender to itself.  It carries no datagram and takes no
	-- part in reassembly, so a child's polls are never repeats.
	if plen == 0 and src == st.src and dst == st.src then
		nt:add(F.n_poll, true):set_generated()
		nt:set_text(string.format("Network packet, poll from %s",
					  hex4(src)))
		info(pinfo, string.format("%s from %s: poll", ptype_names[t],
					  hex4(st.src)))
		return
	end
	info(pinfo, string.format("%s, id %d seq %d%s, %d bytes", head, id,
				  seq, first and " first" or "", plen))
	if plen > 0 then
		nt:add(F.n_payload, tvb:range(p, plen))
	end
	-- A frame a node drops takes no part in reassembly.
	if st.drop or not complete then
		return
	end
	local n = pinfo.number
	if not pinfo.visited and not frag[n] then
		local who = string.format("%04x %04x", st.src, src)
		local key = string.format("%s %04x %02x", who, dst, id)
		reasm_first_pass(n, who, key, first, seq,
				 plen > 0 and tvb:range(p, plen):raw() or "")
	end
	local r = frag[n]
	if not r then
		return
	end
	-- A whole datagram in one frame.
	if first and seq == 0 then
		if r.retrans then
			nt:add(F.f_retrans, r.retrans):set_generated()
			nt:add_proto_expert_info(E.retrans, string.format(
				"Repeat of the datagram in frame %d (its ACK was lost)",
				r.retrans))
			pinfo.cols.info:append(" [retransmission]")
		end
		dissect_datagram(tvb, p, plen, pinfo, nt, root)
		return
	end
	local ft = subtree(nt, tvb, p, plen, "Fragment")
	if r.index then
		ft:add(F.f_index, r.index):set_generated()
		ft:add(F.f_count, r.count):set_generated()
		ft:set_text(string.format("Fragment %d of %d", r.index,
					  r.count))
		pinfo.cols.info:append(string.format(" [fragment %d/%d]",
						     r.index, r.count))
	end
	if r.retrans then
		ft:add(F.f_retrans, r.retrans):set_generated()
		ft:add_proto_expert_info(E.retrans, string.format(
			"Repeat of the fragment in frame %d (its ACK was lost)",
			r.retrans))
		pinfo.cols.info:append(" [retransmission]")
		return
	end
	if r.broken then
		ft:add_proto_expert_info(E.gap,
			"Not the next fragment of a sequence that began with " ..
			"its first fragment: a node drops the whole sequence")
		pinfo.cols.info:append(" [outside a sequence]")
		return
	end
	if r.reasm_in and r.reasm_in ~= n then
		ft:add(F.f_reasm_in, r.reasm_in):set_generated()
	end
	if r.done then
		local dlen = #r.datagram
		local rt = subtree(nt, tvb, p, plen, string.format(
			"Reassembled datagram: %d bytes in %d fragments", dlen,
			#r.done))
		rt:add(F.f_len, dlen):set_generated()
		for _, m in ipairs(r.done) do
			rt:add(F.f_frame, m):set_generated()
		end
		if dlen > 0 then
			local dtvb = ByteArray.new(r.datagram, true):tvb(
				"Reassembled Loom datagram")
			dissect_datagram(dtvb, 0, dlen, pinfo, rt, root)
		else
			dissect_datagram(tvb, p, 0, pinfo, rt, root)
		end
	end
end

local function dissect_refresh(tvb, pinfo, tree, st, b, blen, complete)
	local rt = subtree(tree, tvb, b, blen, "Initial refresh")
	if complete and blen < REFRESH_BODY_LEN then
		problem(st, rt, "short", string.format(
			"Refresh body of %d bytes, not %d", blen,
			REFRESH_BODY_LEN))
	elseif complete and blen > REFRESH_BODY_LEN then
		problem(st, rt, "length", string.format(
			"Refresh body of %d bytes, not %d", blen,
			REFRESH_BODY_LEN))
	end
	if blen < REFRESH_BODY_LEN then
		add_rest(rt, tvb, b, blen)
		info(pinfo, "Initial refresh from " .. hex4(st.src))
		return
	end
	local ictl = tvb:range(b, 1):uint()
	local du, ru = band(ictl, 0x07), rshift(band(ictl, 0x38), 3)
	local ii = rt:add(F.r_ictl, tvb:range(b, 1))
	ii:add(F.r_data_unit, tvb:range(b, 1))
	ii:add(F.r_refresh_unit, tvb:range(b, 1))
	ii:add(F.r_ictl_reserved, tvb:range(b, 1))
	if band(ictl, 0xC0) ~= 0 then
		problem(st, ii, "reserved-bits",
			"Reserved Interval Control bits set")
	end
	if du > 5 or ru > 5 then
		problem(st, ii, "field", "Reserved time unit")
	end
	local doff = tvb:range(b + 1, 1):uint()
	local roff = tvb:range(b + 2, 2):le_uint()
	local count = tvb:range(b + 5, 1):uint()
	rt:add(F.r_data_off, tvb:range(b + 1, 1)):append_text(" " ..
		unit_names[du])
	add_time(rt, F.r_data_time, doff, du)
	rt:add_le(F.r_refresh_off, tvb:range(b + 2, 2)):append_text(" " ..
		unit_names[ru])
	add_time(rt, F.r_refresh_time, roff, ru)
	rt:add(F.r_reserved, tvb:range(b + 4, 1))
	rt:add(F.r_count, tvb:range(b + 5, 1))
	if blen > REFRESH_BODY_LEN then
		rt:add(F.body, tvb:range(b + REFRESH_BODY_LEN,
					 blen - REFRESH_BODY_LEN))
	end
	info(pinfo, string.format(
		"Initial refresh from %s: data in %s, next refresh in %s, %d more",
		hex4(st.src), time_label(doff, du), time_label(roff, ru),
		count))
end

local function dissect_config(tvb, tree, p, plen)
	local ver = tvb:range(p, 1):uint()
	local ct = subtree(tree, tvb, p, plen,
			   string.format("Configuration, version %d", ver))
	ct:add(F.c_version, tvb:range(p, 1))
	if ver ~= 1 then
		ct:add_proto_expert_info(E.later_config, string.format(
			"Configuration version %d: a node compares only version 1",
			ver))
		return nil
	end
	if plen < CONFIG_LEN then
		ct:add_proto_expert_info(E.later_config, string.format(
			"Configuration of %d bytes, not %d: a node ignores it",
			plen, CONFIG_LEN))
		return nil
	end
	local id = tvb:range(p + 1, 4):le_uint()
	local nodes = tvb:range(p + 12, 2):le_uint()
	ct:add_le(F.c_id, tvb:range(p + 1, 4)):set_text(string.format(
		"Configuration id: 0x%08X", id))
	ct:add_le(F.c_slot, tvb:range(p + 5, 2))
	ct:add_le(F.c_interval, tvb:range(p + 7, 4))
	ct:add(F.c_cycles, tvb:range(p + 11, 1))
	ct:add_le(F.c_nodes, tvb:range(p + 12, 2))
	if plen > CONFIG_LEN then
		ct:add(F.c_extra, tvb:range(p + CONFIG_LEN, plen - CONFIG_LEN))
		ct:add_proto_expert_info(E.later_config, string.format(
			"%d bytes past version 1's fields: a node ignores them",
			plen - CONFIG_LEN))
	end
	ct:set_text(string.format("Configuration 0x%08X, %d nodes", id, nodes))
	return string.format("configuration 0x%08X, %d nodes", id, nodes)
end

local function dissect_more(tvb, pinfo, tree, st, b, blen, complete)
	local mt = subtree(tree, tvb, b, blen, "Additional refresh")
	if blen < MORE_HDR_LEN then
		add_rest(mt, tvb, b, blen)
		if complete then
			problem(st, mt, "short", string.format(
				"Body of %d bytes, shorter than its header", blen))
		end
		info(pinfo, "Additional refresh from " .. hex4(st.src))
		return
	end
	local flen = tvb:range(b, 1):uint()
	local li = mt:add(F.m_len, tvb:range(b, 1))
	li:append_text(" (with Reserved, payload and FCS)")
	if complete and flen ~= blen + FCS_LEN then
		problem(st, li, "length", string.format(
			"Frame length %d but length, Reserved, payload and FCS are %d bytes",
			flen, blen + FCS_LEN))
	end
	mt:add(F.m_reserved, tvb:range(b + 1, 1))
	local p, plen = b + MORE_HDR_LEN, blen - MORE_HDR_LEN
	local what = string.format("%d bytes", plen)
	if plen > 0 then
		mt:add(F.m_payload, tvb:range(p, plen))
		what = dissect_config(tvb, mt, p, plen) or what
	end
	info(pinfo, string.format("Additional refresh from %s: %s",
				  hex4(st.src), what))
end

-- Dissects one Loom frame: @tvb holds exactly its bytes, or, when
-- @truncated, the part of it that a capture kept (no FCS then).
local function dissect_frame(tvb, pinfo, root, truncated)
	local len = tvb:len()
	local st = {}
	local tree = root:add(loom, tvb:range(0, len))

	pinfo.cols.protocol:set("Loom")
	pinfo.cols.info:set("")

	if truncated then
		tree:add_proto_expert_info(E.truncated, string.format(
			"Only %d bytes of the frame were captured", len))
		st.malformed = true
	elseif len < FRAME_MIN then
		problem(st, tree, "short", string.format(
			"%d bytes, shorter than the 5 of a plain ACK", len))
	elseif len > FRAME_MAX then
		problem(st, tree, "length", string.format(
			"%d bytes, longer than the %d of the largest frame", len,
			FRAME_MAX))
	end

	-- The FCS first, as the kernel does: damage anywhere counts as FCS
	-- damage.
	local fcs_item
	if not truncated and len >= FRAME_MIN then
		local want = tvb:range(len - FCS_LEN, 2):le_uint()
		local got = loom_fcs(tvb, len - FCS_LEN)
		fcs_item = { want = want, got = got }
		if want ~= got then
			problem(st, tree, "fcs")
		end
	end

	if len >= 1 then
		local ctl = tvb:range(0, 1):uint()
		local ci = tree:add(F.ctl, tvb:range(0, 1))
		ci:add(F.ctl_type, tvb:range(0, 1))
		ci:add(F.ctl_version, tvb:range(0, 1))
		ci:add(F.ctl_reserved, tvb:range(0, 1))
		st.type = band(ctl, 0x07)
		st.version = rshift(band(ctl, 0x18), 3)
		ci:set_text(string.format("Control: 0x%02X (%s, version %d)",
					  ctl, ptype_names[st.type],
					  st.version))
		if st.version ~= 0 then
			problem(st, ci, "version", string.format(
				"Protocol version %d, not 0", st.version))
		end
		if band(ctl, 0xE0) ~= 0 then
			problem(st, ci, "reserved-bits",
				"Reserved control bits set")
		end
		if st.type == PT_INVALID or st.type == PT_RESERVED then
			problem(st, ci, "type", string.format(
				"Packet type %d (%s)", st.type,
				ptype_names[st.type]))
		end
	end
	st.src = 0
	if len >= MAC_HDR_LEN then
		st.src = add_addr(tree, A_src, "Source", tvb:range(1, 2))
		if st.src == 0 then
			problem(st, tree, "field", "Reserved MAC source 0x0000")
		end
	end

	-- The body, whose layout the packet type gives (version 0 only).
	local b = MAC_HDR_LEN
	local bend = truncated and len or len - FCS_LEN
	local blen = bend - b
	local complete = not truncated and len >= FRAME_MIN
	if len < MAC_HDR_LEN or (not truncated and len < FRAME_MIN) then
		add_rest(tree, tvb, 0, len)
		info(pinfo, string.format("Loom frame of %d bytes", len))
	elseif st.version ~= 0 then
		add_rest(tree, tvb, b, blen)
		info(pinfo, string.format("Loom version %d frame from %s",
					  st.version, hex4(st.src)))
	elseif st.type == PT_ACK then
		if complete and blen ~= 0 then
			problem(st, tree, "length", string.format(
				"ACK with a body of %d bytes", blen))
		end
		add_rest(tree, tvb, b, blen)
		info(pinfo, "Data ACK from " .. hex4(st.src))
	elseif st.type == PT_REFRESH then
		dissect_refresh(tvb, pinfo, tree, st, b, blen, complete)
	elseif st.type == PT_MORE then
		dissect_more(tvb, pinfo, tree, st, b, blen, complete)
	elseif st.type == PT_ERROR or st.type == PT_DATA or
	       st.type == PT_ACK_DATA then
		dissect_net(tvb, pinfo, tree, root, st, b, blen, complete)
	else
		add_rest(tree, tvb, b, blen)
		info(pinfo, string.format("%s packet from %s",
					  ptype_names[st.type], hex4(st.src)))
	end

	add_fcs(tree, tvb, len, fcs_item, F, E.fcs_bad)

	local title = string.format("Loom, %s", st.type and
				    ptype_names[st.type] or "empty frame")
	if st.src ~= 0 then
		title = title .. " from " .. hex4(st.src)
	end
	add_verdict(tree, pinfo, F.drop, st.drop, truncated, title)
	return len
end

-- A raw frame (DLT_USER0): the record is the frame, unless the capture's
-- snapshot length cut it.
function loom.dissector(tvb, pinfo, tree)
	return dissect_frame(tvb, pinfo, tree, tvb:reported_len() > tvb:len())
end

-- Dhyara -----------------------------------------------------------------

-- The Dhyara mesh's frames (Documentation/dhyara-wire-format.rst): shim
-- protocol 2 on Ethernet, raw on DLT_USER1 (148).  The checks mirror
-- loom_dhy_frame_decode() (kernel/dhyara/frame.c): "dhyara.drop" names the
-- reason the kernel gives, with the same names as the tree's, and the
-- unit tests compare the two frame by frame.  The kernel checks by stage
-- (bounds, FCS, version, type, lengths, fields, a chunk's data length) and
-- stops at the first that fails; the dissector reads the fields in byte
-- order, so it ranks what it finds by stage and reports the earliest.

local DHY_HDR_LEN = 13
local DHY_MIN = 15
local DHY_MAX = 1500
local DHY_ROUTE_LEN = 7
local DHY_V0 = 0x80
local DHY_ADV_ENTRY = 11
local DHY_QUOTE_MAX = 8

local DT_BCN, DT_ACK, DT_ADV = 1, 2, 3
local DT_CNK, DT_DLV, DT_ICMPQ, DT_ICMPR, DT_ICMPX = 8, 9, 10, 11, 12
-- A chunk whose origin wants no report: CNK's layout and rules.
local DT_CNU = 13

-- The stages of loom_dhy_frame_decode(), in its order.
local S_BOUNDS, S_FCS, S_VERSION, S_TYPE, S_LENGTH, S_FIELD, S_DATA =
	1, 2, 3, 4, 5, 6, 7

local dhy_type_names = {
	[DT_BCN] = "BCN", [DT_ACK] = "ACK", [DT_ADV] = "ADV",
	[DT_CNK] = "CNK", [DT_DLV] = "DLV", [DT_ICMPQ] = "ICMPQ",
	[DT_ICMPR] = "ICMPR", [DT_ICMPX] = "ICMPX", [DT_CNU] = "CNU",
}
local dhy_type_long = {
	[DT_BCN] = "Beacon", [DT_ACK] = "Beacon ACK",
	[DT_ADV] = "Advertisement", [DT_CNK] = "Chunk",
	[DT_DLV] = "Delivery report", [DT_ICMPQ] = "Echo request",
	[DT_ICMPR] = "Echo reply", [DT_ICMPX] = "Error report",
	[DT_CNU] = "Chunk, no report wanted",
}
local dhy_outcome_names = { [1] = "delivered", [2] = "no room" }
local dhy_xcode_names = { [1] = "hop limit exceeded", [2] = "no route" }

local dhyara = Proto("dhyara", "Dhyara mesh")

local D = {}
D.ctl = ProtoField.uint8("dhyara.ctl", "Control", base.HEX)
D.type = ProtoField.uint8("dhyara.ctl.type", "Packet type", base.DEC,
			  dhy_type_names, 0x0F)
D.version = ProtoField.uint8("dhyara.ctl.version", "Version nibble",
			     base.HEX, nil, 0xF0)
D.dst = ProtoField.ether("dhyara.dst", "Destination")
D.src = ProtoField.ether("dhyara.src", "Source")
D.addr = ProtoField.ether("dhyara.addr", "Any address")
D.next_hop = ProtoField.ether("dhyara.next_hop", "Next hop")
D.hop_limit = ProtoField.uint8("dhyara.hop_limit", "Hop limit", base.DEC)
D.time = ProtoField.uint32("dhyara.time", "Time (us)", base.DEC)
D.adv_count = ProtoField.uint16("dhyara.adv.count", "Entries", base.DEC)
D.adv_dst = ProtoField.ether("dhyara.adv.dst", "Destination")
D.adv_delay = ProtoField.uint32("dhyara.adv.delay", "Delay (us)", base.DEC)
D.adv_hops = ProtoField.uint8("dhyara.adv.hops", "Hops", base.DEC)
D.adv_unreach = ProtoField.bool("dhyara.adv.unreachable",
				"Unreachable (withdrawn)")
D.cnk_id = ProtoField.uint16("dhyara.cnk.msg_id", "Message id", base.DEC)
D.cnk_index = ProtoField.uint8("dhyara.cnk.index", "Index", base.DEC)
D.cnk_count = ProtoField.uint8("dhyara.cnk.count", "Count", base.DEC)
D.cnk_total = ProtoField.uint16("dhyara.cnk.total", "Total length",
				base.DEC)
D.cnk_offset = ProtoField.uint16("dhyara.cnk.offset",
				 "Offset in the datagram", base.DEC)
D.cnk_data = ProtoField.bytes("dhyara.cnk.data", "Data")
D.cnk_reasm_in = ProtoField.framenum("dhyara.cnk.reassembled_in",
				     "Reassembled in frame")
D.cnk_dup = ProtoField.framenum("dhyara.cnk.duplicate_of",
				"Duplicate of frame")
D.cnk_frame = ProtoField.framenum("dhyara.cnk.frame", "Chunk in frame")
D.cnk_dgram_len = ProtoField.uint32("dhyara.cnk.datagram_len",
				    "Datagram length", base.DEC)
D.dgram = ProtoField.bytes("dhyara.datagram", "Datagram")
D.dlv_id = ProtoField.uint16("dhyara.dlv.msg_id", "Message id", base.DEC)
D.dlv_outcome = ProtoField.uint8("dhyara.dlv.outcome", "Outcome", base.DEC,
				 dhy_outcome_names)
D.icmp_id = ProtoField.uint16("dhyara.icmp.id", "Id", base.DEC)
D.icmp_seq = ProtoField.uint16("dhyara.icmp.seq", "Seq", base.DEC)
D.icmp_time = ProtoField.uint32("dhyara.icmp.time", "Time (us)", base.DEC)
D.icmp_payload = ProtoField.bytes("dhyara.icmp.payload", "Payload")
D.x_code = ProtoField.uint8("dhyara.icmpx.code", "Code", base.DEC,
			    dhy_xcode_names)
D.x_type = ProtoField.uint8("dhyara.icmpx.orig_type", "About a",
			    base.DEC, dhy_type_names)
D.x_quote = ProtoField.bytes("dhyara.icmpx.quote", "Quoted")
D.body = ProtoField.bytes("dhyara.body", "Body")
D.fcs = ProtoField.uint16("dhyara.fcs", "FCS", base.HEX)
D.fcs_status = ProtoField.uint8("dhyara.fcs.status", "FCS status", base.DEC,
				fcs_status_names)
D.fcs_calc = ProtoField.uint16("dhyara.fcs.calculated", "Calculated FCS",
			       base.HEX)
D.drop = ProtoField.string("dhyara.drop", "Dropped by a node, reason")

local dhy_fields = {}
for _, f in pairs(D) do
	dhy_fields[#dhy_fields + 1] = f
end
dhyara.fields = dhy_fields

local DE = {
	malformed = ProtoExpert.new("dhyara.malformed",
				    "Malformed Dhyara frame",
				    expert.group.MALFORMED,
				    expert.severity.ERROR),
	fcs_bad = ProtoExpert.new("dhyara.fcs.bad", "Bad FCS",
				  expert.group.CHECKSUM,
				  expert.severity.ERROR),
	truncated = ProtoExpert.new("dhyara.truncated",
				    "Frame truncated by the capture",
				    expert.group.MALFORMED,
				    expert.severity.ERROR),
}
DE.dup = ProtoExpert.new("dhyara.cnk.duplicate", "Duplicate chunk",
			 expert.group.SEQUENCE, expert.severity.NOTE)
dhyara.experts = { DE.malformed, DE.fcs_bad, DE.truncated, DE.dup }

-- Reassembly across frames (first pass), as loom_dhy_reasm_push()
-- (kernel/dhyara/chunk.c) does it for what a capture can tell: the
-- chunks of one datagram share origin, destination, message id, count
-- and total, and come in any order; the one that completes the set
-- carries the datagram.  Each hop's copies count on their own (the next
-- hop differs), and a chunk seen again is a duplicate.  dhy_streams[key]:
-- one datagram's chunks; dhy_chunk[n]: what frame n is in its datagram.
local dhy_streams, dhy_chunk

local function dhy_reset()
	dhy_streams = {}
	dhy_chunk = {}
end
dhy_reset()
dhyara.init = dhy_reset

local function dhy_reasm_first_pass(n, key, index, count, bytes)
	local s = dhy_streams[key]
	local r = {}

	dhy_chunk[n] = r
	if not s then
		s = { frames = {}, parts = {}, got = 0 }
		dhy_streams[key] = s
	end
	-- Once complete, every chunk of the datagram is a duplicate.
	if s.frames[index] then
		r.dup = s.frames[index]
		return
	end
	s.frames[index] = n
	s.parts[index] = bytes
	s.got = s.got + 1
	if s.got < count then
		return
	end
	s.done = true
	local parts, frames = {}, {}
	for i = 0, count - 1 do
		parts[#parts + 1] = s.parts[i]
		frames[#frames + 1] = s.frames[i]
		dhy_chunk[s.frames[i]].reasm_in = n
	end
	r.done = frames
	r.datagram = table.concat(parts)
end

dhyara.prefs.dlt_user1 = Pref.bool("Raw Dhyara frames on DLT_USER1 (148)",
	true, "Decode link type DLT_USER1 (148) as raw Dhyara frames " ..
	"(control byte to FCS, no Ethernet header)")

-- Records a reason to drop the frame at @stage (S_*): the earliest stage
-- is the kernel's reason.
local function dproblem(st, item, stage, reason, msg)
	note_drop(st, item, stage, reason, msg, DE.malformed)
end

-- What the address at @off is: "unicast", "broadcast", "group", "zero".
local function addr_kind(tvb, off)
	local b = tvb:range(off, 6):bytes()
	local all, any = 0xFF, 0
	for i = 0, 5 do
		all = band(all, b:get_index(i))
		any = bor(any, b:get_index(i))
	end
	if any == 0 then
		return "zero"
	elseif all == 0xFF then
		return "broadcast"
	elseif band(b:get_index(0), 1) ~= 0 then
		return "group"
	end
	return "unicast"
end

local function add_ether(tree, f, tvb, off)
	local r = tvb:range(off, 6)
	local it = tree:add(f, r)
	tree:add(D.addr, r):set_hidden()
	return it, r:raw()
end

-- A length problem of the body (stage 5), when the frame is complete.
local function dlen(st, item, complete, n, want, what)
	if not complete or n == want then
		return
	end
	dproblem(st, item, S_LENGTH, n < want and "short" or "length",
		 string.format("%s of %d bytes, not %d", what, n, want))
end

-- A body too short for the type's fixed fields (@want bytes): shown raw,
-- and "short" when the frame is complete.  Returns true if so.
local function dhy_cut(tvb, st, tree, p, n, complete, want, what)
	if n >= want then
		return false
	end
	if complete then
		dproblem(st, tree, S_LENGTH, "short", string.format(
			"%s of %d bytes, not %d", what, n, want))
	end
	add_rest(tree, tvb, p, n)
	return true
end

local function dhy_bcn_ack(tvb, st, tree, p, n, complete)
	dlen(st, tree, complete, n, 4, "Body")
	if n >= 4 then
		st.time = tvb:range(p, 4):le_uint()
		tree:add_le(D.time, tvb:range(p, 4))
	end
	if n ~= 4 then
		add_rest(tree, tvb, p + math.min(n, 4), n - math.min(n, 4))
	end
	return string.format("time %d us", st.time or 0)
end

local function dhy_adv(tvb, st, tree, p, n, complete)
	if complete and n == 0 then
		dproblem(st, tree, S_LENGTH, "short", "No entry")
	elseif complete and n % DHY_ADV_ENTRY ~= 0 then
		dproblem(st, tree, S_LENGTH, "length", string.format(
			"Body of %d bytes, not a whole number of %d-byte entries",
			n, DHY_ADV_ENTRY))
	end
	local count = math.floor(n / DHY_ADV_ENTRY)
	local seen = {}
	tree:add(D.adv_count, count):set_generated()
	for i = 0, count - 1 do
		local e = p + i * DHY_ADV_ENTRY
		local et = tree:add(dhyara, tvb:range(e, DHY_ADV_ENTRY))
		local di, raw = add_ether(et, D.adv_dst, tvb, e)
		local delay = tvb:range(e + 6, 4):le_uint()
		local hops = tvb:range(e + 10, 1):uint()
		et:add_le(D.adv_delay, tvb:range(e + 6, 4))
		et:add(D.adv_hops, tvb:range(e + 10, 1))
		if delay == 0xFFFFFFFF then
			et:add(D.adv_unreach, true):set_generated()
		end
		et:set_text(string.format("Route to %s: %s, %d hop%s",
					  tostring(tvb:range(e, 6):ether()),
					  delay == 0xFFFFFFFF and "unreachable" or
					  string.format("%d us", delay), hops,
					  hops == 1 and "" or "s"))
		if addr_kind(tvb, e) ~= "unicast" then
			dproblem(st, di, S_FIELD, "field",
				 "Entry for a destination that is not unicast")
		elseif raw == st.src_raw then
			dproblem(st, di, S_FIELD, "field",
				 "Entry for the advertiser itself")
		elseif seen[raw] then
			dproblem(st, di, S_FIELD, "field",
				 "Destination advertised twice")
		end
		seen[raw] = true
		if hops == 0 then
			dproblem(st, et, S_FIELD, "field", "Entry of 0 hops")
		end
	end
	add_rest(tree, tvb, p + count * DHY_ADV_ENTRY, n - count * DHY_ADV_ENTRY)
	return string.format("%d entries", count)
end

local function dhy_cnk(tvb, st, tree, p, n, complete)
	if dhy_cut(tvb, st, tree, p, n, complete, 6, "Chunk header") then
		return "chunk"
	end
	local id = tvb:range(p, 2):le_uint()
	local index = tvb:range(p + 2, 1):uint()
	local count = tvb:range(p + 3, 1):uint()
	local total = tvb:range(p + 4, 2):le_uint()
	tree:add_le(D.cnk_id, tvb:range(p, 2))
	tree:add(D.cnk_index, tvb:range(p + 2, 1))
	local ci = tree:add(D.cnk_count, tvb:range(p + 3, 1))
	tree:add_le(D.cnk_total, tvb:range(p + 4, 2))
	local dlen_ = n - 6
	if dlen_ > 0 then
		tree:add(D.cnk_data, tvb:range(p + 6, dlen_))
	end
	-- loom_dhy_chunk_span(): even cuts, the first Total % Count one
	-- byte longer.
	if count == 0 or index >= count or
	   (count > total and not (total == 0 and count == 1)) then
		dproblem(st, ci, S_FIELD, "field", string.format(
			"Chunk %d of %d of a %d-byte datagram cannot be",
			index, count, total))
	else
		local q, r = math.floor(total / count), total % count
		local want = q + (index < r and 1 or 0)
		tree:add(D.cnk_offset, index * q + math.min(index, r)):
			set_generated()
		if complete and dlen_ ~= want then
			dproblem(st, tree, S_DATA, "length", string.format(
				"Chunk of %d data bytes, its fields say %d",
				dlen_, want))
		end
	end
	local what = string.format("message %d, chunk %d of 0..%d, %d bytes",
				   id, index, count - 1, total)
	-- A frame a node drops takes no part in reassembly.
	if st.drop or not complete then
		return what
	end
	local nr = st.pinfo.number
	if not st.pinfo.visited and not dhy_chunk[nr] then
		-- The type is part of the datagram's shape, as in the
		-- kernel: CNK and CNU chunks under one id are two datagrams.
		local key = st.src_raw .. st.dst_raw .. st.next_raw ..
			    string.format(" %d %d %d %d", st.type, id, count,
					  total)
		dhy_reasm_first_pass(nr, key, index, count,
				     dlen_ > 0 and tvb:range(p + 6, dlen_):raw()
				     or "")
	end
	local r = dhy_chunk[nr]
	if not r then
		return what
	end
	if r.dup then
		tree:add(D.cnk_dup, r.dup):set_generated()
		tree:add_proto_expert_info(DE.dup, string.format(
			"Chunk %d again: a node ignores it (frame %d had it)",
			index, r.dup))
		return what .. " [duplicate]"
	end
	if r.reasm_in and r.reasm_in ~= nr then
		tree:add(D.cnk_reasm_in, r.reasm_in):set_generated()
	end
	if r.done then
		local dlen = #r.datagram
		local rt = tree:add(dhyara, tvb:range(p, n))
		rt:set_text(string.format(
			"Reassembled datagram: %d bytes in %d chunk%s", dlen,
			#r.done, #r.done > 1 and "s" or ""))
		rt:add(D.cnk_dgram_len, dlen):set_generated()
		for _, m in ipairs(r.done) do
			rt:add(D.cnk_frame, m):set_generated()
		end
		if dlen > 0 then
			local dtvb = ByteArray.new(r.datagram, true):tvb(
				"Reassembled Dhyara datagram")
			rt:add(D.dgram, dtvb:range(0, dlen))
		end
		what = what .. string.format(" [datagram of %d bytes]", dlen)
	end
	return what
end

local function dhy_dlv(tvb, st, tree, p, n, complete)
	dlen(st, tree, complete, n, 3, "Body")
	if n < 3 then
		add_rest(tree, tvb, p, n)
		return "report"
	end
	local id = tvb:range(p, 2):le_uint()
	local out = tvb:range(p + 2, 1):uint()
	tree:add_le(D.dlv_id, tvb:range(p, 2))
	local oi = tree:add(D.dlv_outcome, tvb:range(p + 2, 1))
	if not dhy_outcome_names[out] then
		dproblem(st, oi, S_FIELD, "field",
			 string.format("Outcome %d", out))
	end
	add_rest(tree, tvb, p + 3, n - 3)
	return string.format("message %d %s", id, dhy_outcome_names[out] or
			     string.format("outcome %d", out))
end

local function dhy_icmp(tvb, st, tree, p, n, complete)
	if dhy_cut(tvb, st, tree, p, n, complete, 8, "Echo header") then
		return "echo"
	end
	local id = tvb:range(p, 2):le_uint()
	local seq = tvb:range(p + 2, 2):le_uint()
	tree:add_le(D.icmp_id, tvb:range(p, 2))
	tree:add_le(D.icmp_seq, tvb:range(p + 2, 2))
	tree:add_le(D.icmp_time, tvb:range(p + 4, 4))
	if n > 8 then
		tree:add(D.icmp_payload, tvb:range(p + 8, n - 8))
	end
	return string.format("id %d seq %d, %d bytes", id, seq, n - 8)
end

local function dhy_icmpx(tvb, st, tree, p, n, complete)
	if dhy_cut(tvb, st, tree, p, n, complete, 2, "Error header") then
		return "error"
	end
	if complete and n > 2 + DHY_QUOTE_MAX then
		dproblem(st, tree, S_LENGTH, "length", string.format(
			"Quote of %d bytes, more than %d", n - 2,
			DHY_QUOTE_MAX))
	end
	local code = tvb:range(p, 1):uint()
	local ot = tvb:range(p + 1, 1):uint()
	local xi = tree:add(D.x_code, tvb:range(p, 1))
	local ti = tree:add(D.x_type, tvb:range(p + 1, 1))
	if n > 2 then
		tree:add(D.x_quote, tvb:range(p + 2, n - 2))
	end
	if not dhy_xcode_names[code] then
		dproblem(st, xi, S_FIELD, "field", string.format("Code %d", code))
	end
	if band(ot, 0x08) == 0 or not dhy_type_names[ot] or ot == DT_ICMPX then
		dproblem(st, ti, S_FIELD, "field", string.format(
			"About a frame of type %d (only CNK, DLV, ICMPQ, ICMPR, CNU)",
			ot))
	end
	return string.format("%s, about %s", dhy_xcode_names[code] or
			     string.format("code %d", code),
			     dhy_type_names[ot] or string.format("type %d", ot))
end

local dhy_bodies = {
	[DT_BCN] = dhy_bcn_ack, [DT_ACK] = dhy_bcn_ack, [DT_ADV] = dhy_adv,
	[DT_CNK] = dhy_cnk, [DT_DLV] = dhy_dlv, [DT_ICMPQ] = dhy_icmp,
	[DT_ICMPR] = dhy_icmp, [DT_ICMPX] = dhy_icmpx, [DT_CNU] = dhy_cnk,
}

-- The header's fields (stage 6): Source unicast; Destination broadcast
-- for BCN, broadcast or unicast for ADV, else unicast and not Source.
local function dhy_check_header(st, tvb, di, si)
	local dk = addr_kind(tvb, 1)
	if addr_kind(tvb, 7) ~= "unicast" then
		dproblem(st, si, S_FIELD, "field", "Source is not unicast")
	end
	if st.type == DT_BCN then
		if dk ~= "broadcast" then
			dproblem(st, di, S_FIELD, "field",
				 "Beacon not to broadcast")
		end
	elseif st.type == DT_ADV and dk == "broadcast" then
		return
	elseif dk ~= "unicast" then
		dproblem(st, di, S_FIELD, "field",
			 "Destination is not unicast")
	elseif st.dst_raw == st.src_raw then
		dproblem(st, di, S_FIELD, "field", "Destination is Source")
	end
end

-- Dissects one Dhyara frame: @tvb holds exactly its bytes, or, when
-- @truncated, the part of it that a capture kept (no FCS then).
local function dissect_dhyara(tvb, pinfo, root, truncated)
	local len = tvb:len()
	local st = { pinfo = pinfo }
	local tree = root:add(dhyara, tvb:range(0, len))

	pinfo.cols.protocol:set("Dhyara")
	pinfo.cols.info:set("")
	if truncated then
		tree:add_proto_expert_info(DE.truncated, string.format(
			"Only %d bytes of the frame were captured", len))
		st.malformed = true
	elseif len < DHY_MIN then
		dproblem(st, tree, S_BOUNDS, "short", string.format(
			"%d bytes, shorter than the %d of header and FCS", len,
			DHY_MIN))
	elseif len > DHY_MAX then
		dproblem(st, tree, S_BOUNDS, "length", string.format(
			"%d bytes, longer than the %d of the largest frame",
			len, DHY_MAX))
	end

	local fcs_item
	if not truncated and len >= DHY_MIN then
		local want = tvb:range(len - 2, 2):le_uint()
		local got = loom_fcs(tvb, len - 2)
		fcs_item = { want = want, got = got }
		if want ~= got then
			dproblem(st, tree, S_FCS, "fcs")
		end
	end

	local ver, known
	if len >= 1 then
		local ctl = tvb:range(0, 1):uint()
		local ci = tree:add(D.ctl, tvb:range(0, 1))
		ci:add(D.type, tvb:range(0, 1))
		ci:add(D.version, tvb:range(0, 1))
		st.type = band(ctl, 0x0F)
		ver = band(ctl, 0xF0)
		known = dhy_type_names[st.type] ~= nil
		ci:set_text(string.format("Control: 0x%02X (%s, version nibble 0x%X)",
					  ctl, dhy_type_names[st.type] or
					  string.format("type %d", st.type),
					  rshift(ver, 4)))
		if ver ~= DHY_V0 then
			dproblem(st, ci, S_VERSION, "version", string.format(
				"Version nibble 0x%X, not 0x8%s", rshift(ver, 4),
				ver <= 0x10 and " (a Loom tree frame?)" or ""))
		elseif not known then
			dproblem(st, ci, S_TYPE, "type", string.format(
				"Packet type %d", st.type))
		end
	end
	local di, si
	if len >= 7 then
		di, st.dst_raw = add_ether(tree, D.dst, tvb, 1)
	end
	if len >= DHY_HDR_LEN then
		si, st.src_raw = add_ether(tree, D.src, tvb, 7)
	end

	local bend = truncated and len or len - 2
	local complete = not truncated and len >= DHY_MIN
	local what = ""
	if len < DHY_HDR_LEN or (not truncated and len < DHY_MIN) then
		if len > 0 and len < 7 then
			add_rest(tree, tvb, 1, len - 1)
		elseif len > 7 and len < DHY_HDR_LEN then
			add_rest(tree, tvb, 7, len - 7)
		end
	elseif ver ~= DHY_V0 or not known then
		add_rest(tree, tvb, DHY_HDR_LEN, bend - DHY_HDR_LEN)
	else
		local p, n = DHY_HDR_LEN, bend - DHY_HDR_LEN
		local bt = tree
		dhy_check_header(st, tvb, di, si)
		if band(st.type, 0x08) ~= 0 then
			if n < DHY_ROUTE_LEN then
				if complete then
					dproblem(st, tree, S_LENGTH, "short",
						 string.format(
						 "Body of %d bytes, shorter than next hop and hop limit",
						 n))
				end
				add_rest(tree, tvb, p, n)
				n = -1
			else
				local ni
				ni, st.next_raw = add_ether(tree, D.next_hop,
							    tvb, p)
				local hi = tree:add(D.hop_limit,
						    tvb:range(p + 6, 1))
				if addr_kind(tvb, p) ~= "unicast" then
					dproblem(st, ni, S_FIELD, "field",
						 "Next hop is not unicast")
				end
				if tvb:range(p + 6, 1):uint() == 0 then
					dproblem(st, hi, S_FIELD, "field",
						 "Hop limit 0")
				end
				p, n = p + DHY_ROUTE_LEN, n - DHY_ROUTE_LEN
			end
		end
		if n > 0 then
			bt = tree:add(dhyara, tvb:range(p, n))
			bt:set_text(dhy_type_long[st.type])
		end
		if n >= 0 then
			what = dhy_bodies[st.type](tvb, st, bt, p, n, complete)
		end
	end

	add_fcs(tree, tvb, len, fcs_item, D, DE.fcs_bad)

	local name = st.type and (dhy_type_names[st.type] or
				  string.format("type %d", st.type)) or
		     "empty frame"
	local title = "Dhyara, " .. name
	local text = name
	if st.src_raw then
		local s = tvb:range(7, 6):ether()
		title = title .. " from " .. tostring(s)
		text = string.format("%s %s -> %s", name, tostring(s),
				     tostring(tvb:range(1, 6):ether()))
	end
	if what ~= "" then
		text = text .. ": " .. what
	end
	pinfo.cols.info:set(text)
	add_verdict(tree, pinfo, D.drop, st.drop, truncated, title)
	return len
end

-- A raw frame (DLT_USER1): the record is the frame, unless the capture's
-- snapshot length cut it.
function dhyara.dissector(tvb, pinfo, tree)
	return dissect_dhyara(tvb, pinfo, tree, tvb:reported_len() > tvb:len())
end

-- The Ethernet shim ----------------------------------------------------

function loometh.dissector(tvb, pinfo, tree)
	local avail = tvb:len()
	local st = tree:add(loometh, tvb:range(0, math.min(avail, SHIM_LEN)))

	pinfo.cols.protocol:set("Loom")
	if avail < SHIM_LEN then
		st:add_proto_expert_info(EE.malformed, string.format(
			"%d bytes, shorter than the %d-byte shim", avail,
			SHIM_LEN))
		pinfo.cols.info:set("Loom shim, truncated")
		return avail
	end
	local proto = tvb:range(0, 1):uint()
	local ver = tvb:range(1, 1):uint()
	local flen = tvb:range(2, 2):le_uint()
	st:add(F.s_proto, tvb:range(0, 1))
	st:add(F.s_version, tvb:range(1, 1))
	st:add_le(F.s_len, tvb:range(2, 2))
	st:set_text(string.format("Loom over Ethernet, %s, %d bytes",
				  shim_proto_names[proto] or
				  string.format("protocol %d", proto), flen))

	local rest = avail - SHIM_LEN
	if ver ~= 0 then
		st:add_proto_expert_info(EE.malformed, string.format(
			"Shim version %d, not 0: not decoded", ver))
		if rest > 0 then
			tree:add(F.s_data, tvb:range(SHIM_LEN, rest))
		end
		pinfo.cols.info:set(string.format("Loom shim version %d", ver))
		return avail
	end
	local truncated = false
	local take = flen
	if flen > rest then
		st:add_proto_expert_info(EE.malformed, string.format(
			"Frame length %d, but %d bytes follow", flen, rest))
		take, truncated = rest, true
	end
	local inner = tvb:range(SHIM_LEN, take):tvb()
	if proto == 1 then
		dissect_frame(inner, pinfo, tree, truncated)
	elseif proto == 2 then
		dissect_dhyara(inner, pinfo, tree, truncated)
	else
		local sub = DissectorTable.get("loometh.proto")
		local d = sub:get_dissector(proto)
		if d then
			d:call(inner, pinfo, tree)
		else
			st:add_proto_expert_info(EE.undecoded, string.format(
				"%s: no dissector", shim_proto_names[proto] or
				string.format("protocol %d", proto)))
			if take > 0 then
				tree:add(F.s_data, tvb:range(SHIM_LEN, take))
			end
			pinfo.cols.info:set(string.format(
				"Loom shim: %s, %d bytes",
				shim_proto_names[proto] or
				string.format("protocol %d", proto), take))
		end
	end
	-- Ethernet pads frames to 60 bytes; the shim's length says where
	-- the frame ends.
	if rest > take then
		st:add(F.s_padding, tvb:range(SHIM_LEN + take, rest - take))
	end
	return avail
end

-- Registration ---------------------------------------------------------

-- For shim protocols after the tree (1) and Dhyara (2), both decoded here.
DissectorTable.new("loometh.proto", "Loom shim protocol", ftypes.UINT8,
		   base.DEC, loometh)
DissectorTable.get("ethertype"):add(ETHERTYPE, loometh)

-- Raw frames: the tree's on DLT_USER0, Dhyara's on DLT_USER1, each as its
-- preference says.
local raw_registered = {}

local function register_raw(proto, on, encap)
	local t = DissectorTable.get("wtap_encap")
	if on and not raw_registered[encap] then
		t:add(encap, proto)
		raw_registered[encap] = true
	elseif not on and raw_registered[encap] then
		-- Back to Wireshark's own "User DLTs" table.
		local user_dlt = Dissector.get("user_dlt")
		if user_dlt then
			t:add(encap, user_dlt)
		else
			t:remove(encap, proto)
		end
		raw_registered[encap] = false
	end
end

local function register_user0()
	register_raw(loom, loom.prefs.dlt_user0, wtap_encaps.USER0)
end

local function register_user1()
	register_raw(dhyara, dhyara.prefs.dlt_user1, wtap_encaps.USER1)
end

loom.prefs_changed = register_user0
dhyara.prefs_changed = register_user1
register_user0()
register_user1()
