// SPDX-License-Identifier: GPL-2.0
/*
 * The modulation options shared by "schedule" and "topology check".
 */
#include <errno.h>
#include <stdio.h>

#include "hwsim_parse.h"
#include "lora_opts.h"

int lora_opt_value(int c, const char *val, struct loom_lora_params *p,
		   char *err, size_t len)
{
	char why[HWSIM_ERR_MAX];
	const char *name;
	uint64_t n = 0;
	int ret;

	switch (c) {
	case LORA_OPT_SF:
		name = "--sf";
		ret = hwsim_parse_uint(val, LOOM_LORA_SF_MIN, LOOM_LORA_SF_MAX,
				       &n, why, sizeof(why));
		if (!ret)
			p->sf = (u8)n;
		break;
	case LORA_OPT_BW:
		name = "--bw";
		ret = hwsim_parse_bw(val, &p->bw_hz, why, sizeof(why));
		break;
	case LORA_OPT_CR:
		name = "--cr";
		ret = hwsim_parse_cr(val, &p->cr, why, sizeof(why));
		break;
	case LORA_OPT_PREAMBLE:
		name = "--preamble";
		ret = hwsim_parse_uint(val, HWSIM_PREAMBLE_MIN, UINT16_MAX, &n,
				       why, sizeof(why));
		if (!ret)
			p->preamble = (u16)n;
		break;
	default:
		return 1;
	}
	if (!ret)
		return 0;
	snprintf(err, len, "%s \"%s\": %s", name, val, why);
	return -EINVAL;
}
