// SPDX-License-Identifier: GPL-2.0
/*
 * One refresh period as each node spends it (Documentation/mac.rst): how
 * long each radio is on.  The timing itself - unit, guard by iteration,
 * relay slots, offsets, period - and the relay order are the MAC's
 * (kernel/mac/timing.c): loom_mac_timing_lora(), loom_mac_relays() and
 * loom_mac_relay_index().
 */
#include "sched_calc.h"

/* A time span on the period's circle, from g before C0. */
struct loom_sched_span {
	u64 start;
	u64 end;
};

static int loom_sched_cmp_span(const void *a, const void *b, const void *priv)
{
	const struct loom_sched_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/*
 * Adds [@start, @end) (from C0, shifted by g so that nothing is negative)
 * to @sp; what runs past the period continues at its start.
 */
static u32 loom_sched_add(struct loom_sched_span *sp, u32 n, u64 period,
			  u64 start, u64 end)
{
	if (start >= end)
		return n;
	if (start >= period) {
		start -= period;
		end -= period;
	}
	if (end > period) {
		sp[n].start = 0;
		sp[n++].end = end - period;
		end = period;
	}
	sp[n].start = start;
	sp[n++].end = end;
	return n;
}

/* The length of the union of @n spans, which get sorted. */
static u64 loom_sched_union(struct loom_sched_span *sp, u32 n)
{
	u64 total = 0, start = 0, end = 0;
	u32 i;

	sort_r(sp, n, sizeof(*sp), loom_sched_cmp_span, NULL, NULL);
	for (i = 0; i < n; i++) {
		if (i && sp[i].start <= end) {
			if (sp[i].end > end)
				end = sp[i].end;
			continue;
		}
		total += end - start;
		start = sp[i].start;
		end = sp[i].end;
	}
	return total + end - start;
}

/* One node's windows; @sp has room for 4 (cycles + 1) spans. */
static void loom_sched_node(const struct loom_topology *t,
			    const struct loom_sched *s, u32 i,
			    struct loom_sched_span *sp)
{
	const struct loom_mac_timing *tm = &s->tm;
	const struct loom_topo_node *nd = &t->nodes[i];
	struct loom_sched_node *sn = &s->nodes[i];
	u64 g = tm->guard_ns, lu = tm->relay_units * tm->unit_ns;
	/* A refresh, a turnaround, the configuration (loom_mac_send_more()). */
	u64 xchg = tm->refresh_air_ns + LOOM_MAC_TURNAROUND_NS + tm->more_air_ns;
	u64 cycle, send, recv, recv_end;
	u32 c, n = 0;

	/* Its handshakes: DATA and ACK up, ACK with data down (mac.rst). */
	sn->air_tx_ns = (u64)tm->cycles *
			(nd->tx_count * (tm->data_air_ns + tm->ack_air_ns) +
			 (u64)nd->rx_count * tm->data_air_ns);
	if (i == t->coordinator) {
		sn->tx_on_ns = tm->refresh_air_ns + tm->more_air_ns;
		sn->air_tx_ns += sn->tx_on_ns;
		sn->on_ns = tm->period_ns;
		sn->always_on = true;
		return;
	}
	/* The coordinator's relay index is 0, as for the MAC's conf. */
	sn->parent_relay = s->nodes[nd->parent].relay;
	sn->parent_ns = sn->parent_relay * lu;
	sn->heard_ns = sn->parent_ns + tm->refresh_air_ns;
	/*
	 * Around the parent's refresh only (loom_mac_item()), and on until
	 * its configuration may have ended, a turnaround later.
	 */
	sn->refresh_on_ns = g + xchg + LOOM_MAC_TURNAROUND_NS;
	/* Spans are shifted by g: nothing starts before 0. */
	n = loom_sched_add(sp, n, tm->period_ns, sn->parent_ns,
			   sn->parent_ns + sn->refresh_on_ns);
	if (sn->relay) {
		sn->relay_ns = sn->relay * lu;
		sn->tx_on_ns = tm->refresh_air_ns + tm->more_air_ns;
		sn->air_tx_ns += sn->tx_on_ns;
		n = loom_sched_add(sp, n, tm->period_ns, g + sn->relay_ns,
				   g + sn->relay_ns + xchg);
	}
	send = nd->tx_count * tm->slot_ns;
	recv = nd->rx_count ? nd->rx_count * tm->slot_ns + 2 * g : 0;
	sn->send_on_ns = tm->cycles * send;
	sn->recv_on_ns = tm->cycles * recv;
	for (c = 0; c < tm->cycles; c++) {
		/* Cycle c, shifted by g. */
		cycle = g + s->data_start_ns + c * tm->interval_ns;
		n = loom_sched_add(sp, n, tm->period_ns,
				   cycle + nd->tx_first * tm->slot_ns,
				   cycle + nd->tx_first * tm->slot_ns + send);
		if (!recv)
			continue;
		recv_end = cycle + (u64)(nd->rx_first + nd->rx_count) *
				   tm->slot_ns + g;
		n = loom_sched_add(sp, n, tm->period_ns,
				   recv_end - recv, recv_end);
	}
	sn->on_ns = loom_sched_union(sp, n);
}

/**
 * loom_sched_compute() - the whole period of a computed topology
 * @s: filled in; free with loom_sched_free()
 * @t: a topology loom_topo_compute() accepted (or the kernel's)
 * @p: the radio's modulation
 *
 * Return: 0; -EINVAL for a modulation no radio uses; -ERANGE when no time
 * unit holds the offsets; -ENOMEM.  A slot too short for a handshake is
 * no error here: compare @s->tm.slot_ns with @s->slot_need_ns.
 */
int loom_sched_compute(struct loom_sched *s, const struct loom_topology *t,
		       const struct loom_lora_params *p)
{
	struct loom_sched_span *sp;
	u32 i, k, r;
	int err;

	memset(s, 0, sizeof(*s));
	s->order = kvmalloc_array(t->n ? t->n : 1, sizeof(*s->order),
				  GFP_KERNEL);
	s->nodes = kvcalloc(t->n ? t->n : 1, sizeof(*s->nodes), GFP_KERNEL);
	sp = kvmalloc_array(4 * (t->cfg.data_cycles + 1), sizeof(*sp),
			    GFP_KERNEL);
	err = -ENOMEM;
	if (!s->order || !s->nodes || !sp)
		goto fail;
	err = -EINVAL;
	if (loom_lora_params_check(p))
		goto fail;
	/* The MAC's relay order: each router's index, 1..R, is its own. */
	r = loom_mac_relays(t);
	for (i = 0; i < t->n; i++) {
		k = loom_mac_relay_index(t, i);
		s->nodes[i].relay = k;
		if (k)
			s->order[k - 1] = i;
	}
	/* A slot too short for a handshake is no error for a view. */
	err = loom_mac_timing_lora(&s->tm, &t->cfg, r, p,
				   LOOM_LORA_MAX_PAYLOAD);
	if (err && err != -ENOSPC)
		goto fail;
	s->data_start_ns = s->tm.refresh_air_ns +
			   (u64)s->tm.data_offset * s->tm.unit_ns;
	s->slot_need_ns = 2 * s->tm.guard_ns + 2 * s->tm.data_air_ns +
			  s->tm.ack_air_ns + 2 * LOOM_MAC_TURNAROUND_NS;
	for (i = 0; i < t->n; i++)
		loom_sched_node(t, s, i, sp);
	kvfree(sp);
	return 0;

fail:
	kvfree(sp);
	loom_sched_free(s);
	return err;
}

/**
 * loom_sched_free() - free what loom_sched_compute() allocated
 * @s: the period; may be zeroed or half computed
 */
void loom_sched_free(struct loom_sched *s)
{
	kvfree(s->order);
	kvfree(s->nodes);
	s->order = NULL;
	s->nodes = NULL;
}
