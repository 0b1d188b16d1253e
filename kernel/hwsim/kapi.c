// SPDX-License-Identifier: GPL-2.0
/*
 * loom_hwsim: what the netlink family does, for in-kernel callers - the
 * sx127x driver's KUnit suites (tests/kunit/sx127x_test.c), which make
 * emulated chips, wire them to plain radios, inject faults and read the
 * chips' registers from the kernel, and put a chip's SPI controller on a
 * device-tree node.  Exported in namespace LOOM_HWSIM.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>

#include "hwsim.h"
#include "kapi.h"

/**
 * loom_hwsim_add() - a new radio or emulated chip, as "radio add" makes
 * @kind: enum loom_hwsim_kind
 * @version: what a chip's RegVersion reads (LOOM_HWSIM_CHIP_VERSION_DEFAULT
 *	for a real SX127x); ignored for a plain radio
 * @p: its modulation (a chip's SPI device properties), or NULL for the
 *	default; checked as the netlink family checks it
 * @np: a chip's SPI controller node in the device tree, or NULL
 *	(loom_hwsim_chip_start())
 *
 * A driver for a chip's model may bind from within this call.
 *
 * Context: process context.
 * Return: the radio's id, or a negative errno.
 */
int loom_hwsim_add(u8 kind, u8 version, const struct loom_lora_params *p,
		   struct device_node *np)
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct loom_hwsim_conf c = { .state = -1, .params_set = true };
	struct loom_hwsim_radio *hr;
	int err;

	if (kind > LOOM_HWSIM_KIND_MAX || (np && kind == LOOM_HWSIM_KIND_RADIO))
		return -EINVAL;
	if (p)
		c.params = *p;
	else
		loom_lora_params_default(&c.params);
	err = loom_lora_params_check(&c.params);
	if (err)
		return err;
	mutex_lock(&hw->lock);
	hr = loom_hwsim_radio_new(hw, 0, kind, version);
	if (IS_ERR(hr)) {
		err = PTR_ERR(hr);
		goto out;
	}
	err = loom_hwsim_radio_apply(hw, hr, &c);
	if (!err && hr->chip)
		err = loom_hwsim_radio_start_chip(hw, hr, np);
	if (err)
		loom_hwsim_radio_del(hw, hr);
	else
		err = hr->id;
out:
	mutex_unlock(&hw->lock);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_hwsim_add, LOOM_HWSIM);

/**
 * loom_hwsim_del() - delete a radio or chip, even mid-frame
 * @id: its id
 *
 * A chip's SPI device goes first: its driver's remove runs while the chip
 * still answers.
 *
 * Context: process context.
 * Return: 0, or -ENOENT.
 */
int loom_hwsim_del(u32 id)
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct loom_hwsim_radio *hr;
	int err = -ENOENT;

	mutex_lock(&hw->lock);
	hr = loom_hwsim_radio_find(hw, id);
	if (hr) {
		loom_hwsim_radio_del(hw, hr);
		err = 0;
	}
	mutex_unlock(&hw->lock);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_hwsim_del, LOOM_HWSIM);

/* Locked: the chip of radio @id, or NULL with *@err -ENOENT or -EINVAL. */
static struct loom_hwsim_chip *loom_hwsim_kapi_chip(u32 id, int *err)
{
	struct loom_hwsim_radio *hr = loom_hwsim_radio_find(&loom_hwsim, id);

	*err = !hr ? -ENOENT : !hr->chip ? -EINVAL : 0;
	return hr ? hr->chip : NULL;
}

/**
 * loom_hwsim_set_fault() - the fault an emulated chip shows from now on
 * @id: the chip's id
 * @fault: enum loom_hwsim_fault
 *
 * Context: process context.
 * Return: 0, -ENOENT, or -EINVAL for a plain radio or an unknown fault.
 */
int loom_hwsim_set_fault(u32 id, u8 fault)
{
	struct loom_hwsim_chip *c;
	int err;

	if (fault > LOOM_HWSIM_FAULT_MAX)
		return -EINVAL;
	mutex_lock(&loom_hwsim.lock);
	c = loom_hwsim_kapi_chip(id, &err);
	if (c)
		loom_hwsim_chip_set_fault(c, fault);
	mutex_unlock(&loom_hwsim.lock);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_hwsim_set_fault, LOOM_HWSIM);

/**
 * loom_hwsim_link() - set the edges between two radios, both ways
 * @a: one radio's id
 * @b: the other's
 * @rssi_mdbm: the signal each hears of the other, milli-dBm; the SNR
 *	follows from the receiver's noise floor, no loss
 *
 * Context: process context.
 * Return: 0 or a negative errno (-ENOENT: no such radio).
 */
int loom_hwsim_link(u32 a, u32 b, s32 rssi_mdbm)
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct loom_sim_edge e = {
		.present = true,
		.origin = LOOM_HWSIM_ORIGIN_MANUAL,
		.rssi_mdbm = rssi_mdbm,
	};
	struct loom_hwsim_radio *ra, *rb;
	struct loom_radio rx;
	int err = -ENOENT;

	mutex_lock(&hw->lock);
	ra = loom_hwsim_radio_find(hw, a);
	rb = loom_hwsim_radio_find(hw, b);
	if (ra && rb && a != b) {
		loom_sim_radio_read(rb->sr, &rx);
		e.snr_mdb = clamp_t(s32, rssi_mdbm -
				    loom_noise_floor_mdbm(rx.params.bw_hz),
				    -100000, 100000);
		err = loom_sim_edge_set(&hw->m, a, b, &e);
		loom_sim_radio_read(ra->sr, &rx);
		e.snr_mdb = clamp_t(s32, rssi_mdbm -
				    loom_noise_floor_mdbm(rx.params.bw_hz),
				    -100000, 100000);
		err = err ?: loom_sim_edge_set(&hw->m, b, a, &e);
	}
	mutex_unlock(&hw->lock);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_hwsim_link, LOOM_HWSIM);

/**
 * loom_hwsim_chip_state() - an emulated chip's registers, mode and counters
 * @id: the chip's id
 * @out: receives a consistent copy
 *
 * Context: process context.
 * Return: 0, -ENOENT, or -EINVAL for a plain radio.
 */
int loom_hwsim_chip_state(u32 id, struct loom_hwsim_chip_info *out)
{
	struct loom_hwsim_chip *c;
	int err;

	mutex_lock(&loom_hwsim.lock);
	c = loom_hwsim_kapi_chip(id, &err);
	if (c)
		loom_hwsim_chip_read(c, out);
	mutex_unlock(&loom_hwsim.lock);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_hwsim_chip_state, LOOM_HWSIM);

/**
 * loom_hwsim_hwaddr() - a radio's 48-bit address (a chip's
 *	local-mac-address property when it has no device-tree node)
 * @id: the radio's id
 * @addr: receives it
 *
 * Context: process context.
 * Return: 0 or -ENOENT.
 */
int loom_hwsim_hwaddr(u32 id, u8 addr[ETH_ALEN])
{
	struct loom_hwsim *hw = &loom_hwsim;
	struct loom_hwsim_radio *hr;
	int err = -ENOENT;

	mutex_lock(&hw->lock);
	hr = loom_hwsim_radio_find(hw, id);
	if (hr) {
		ether_addr_copy(addr, hr->sr->radio.hwaddr);
		err = 0;
	}
	mutex_unlock(&hw->lock);
	return err;
}
EXPORT_SYMBOL_NS_GPL(loom_hwsim_hwaddr, LOOM_HWSIM);
