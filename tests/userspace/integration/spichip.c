// SPDX-License-Identifier: GPL-2.0
/*
 * spichip: SX127x register access through spidev, for the tests of
 * loom_hwsim's emulated chips.  No libraries, so it links statically.
 *
 *   spichip DEV read ADDR [N]
 *	one message of two transfers, as regmap-spi reads: the address
 *	byte, then N data bytes (default 1); prints them in hex, space
 *	separated ("12", "de ad be ef")
 *   spichip DEV write ADDR BYTE...
 *	one transfer: ADDR | 0x80, then the bytes (a burst: RegFifo 0x00
 *	takes them all, other addresses auto-increment)
 *
 * Numbers are hex with or without 0x.  Exit 0, 1 if the SPI ioctl
 * failed (its errno printed), 2 for bad arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/spi/spidev.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MAX_BYTES	256

static void usage(void)
{
	fprintf(stderr,
		"usage: spichip DEV read ADDR [N]\n"
		"       spichip DEV write ADDR BYTE...\n");
	exit(2);
}

static unsigned int hex(const char *s, unsigned int max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 16);
	if (errno || !*s || *end || v > max) {
		fprintf(stderr, "spichip: \"%s\": not a hex number 0..%x\n", s,
			max);
		exit(2);
	}
	return (unsigned int)v;
}

int main(int argc, char **argv)
{
	struct spi_ioc_transfer x[2];
	uint8_t addr, buf[MAX_BYTES];
	unsigned int n, i;
	int fd, ret;

	if (argc < 4)
		usage();
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "spichip: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	addr = (uint8_t)hex(argv[3], 0x7f);
	memset(x, 0, sizeof(x));
	if (!strcmp(argv[2], "read")) {
		n = argc > 4 ? hex(argv[4], MAX_BYTES) : 1;
		if (!n || argc > 5)
			usage();
		x[0].tx_buf = (uintptr_t)&addr;
		x[0].len = 1;
		x[1].rx_buf = (uintptr_t)buf;
		x[1].len = n;
		ret = ioctl(fd, SPI_IOC_MESSAGE(2), x);
		if (ret < 0) {
			fprintf(stderr, "spichip: read: %s\n", strerror(errno));
			return 1;
		}
		for (i = 0; i < n; i++)
			printf("%s%02x", i ? " " : "", buf[i]);
		printf("\n");
		return 0;
	}
	if (strcmp(argv[2], "write") || argc < 5 ||
	    argc - 4 > MAX_BYTES - 1)
		usage();
	buf[0] = addr | 0x80;
	for (i = 4; i < (unsigned int)argc; i++)
		buf[i - 3] = (uint8_t)hex(argv[i], 0xff);
	x[0].tx_buf = (uintptr_t)buf;
	x[0].len = argc - 3;
	ret = ioctl(fd, SPI_IOC_MESSAGE(1), x);
	if (ret < 0) {
		fprintf(stderr, "spichip: write: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
