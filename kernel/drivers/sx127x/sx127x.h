/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Semtech SX1276/77/78/79 registers in LoRa mode, the ones the sx127x
 * driver and loom_hwsim's emulated chip use.  Addresses, bits and formulas
 * from the Semtech SX1276/77/78/79 datasheet, rev. 7 (May 2020), section
 * 6.4 ("LoRa Mode Register Map") and table 41.
 */
#ifndef _LOOM_SX127X_H
#define _LOOM_SX127X_H

#include <linux/bits.h>

#define LOOM_SX_REG_FIFO		0x00
#define LOOM_SX_REG_OPMODE		0x01
#define LOOM_SX_REG_FRF_MSB		0x06
#define LOOM_SX_REG_FRF_MID		0x07
#define LOOM_SX_REG_FRF_LSB		0x08
#define LOOM_SX_REG_PA_CONFIG		0x09
#define LOOM_SX_REG_OCP			0x0b
#define LOOM_SX_REG_LNA			0x0c
#define LOOM_SX_REG_FIFO_ADDR_PTR	0x0d
#define LOOM_SX_REG_FIFO_TX_BASE	0x0e
#define LOOM_SX_REG_FIFO_RX_BASE	0x0f
#define LOOM_SX_REG_FIFO_RX_CURRENT	0x10
#define LOOM_SX_REG_IRQ_FLAGS_MASK	0x11
#define LOOM_SX_REG_IRQ_FLAGS		0x12
#define LOOM_SX_REG_RX_NB_BYTES		0x13
#define LOOM_SX_REG_MODEM_STAT		0x18
#define LOOM_SX_REG_PKT_SNR		0x19
#define LOOM_SX_REG_PKT_RSSI		0x1a
#define LOOM_SX_REG_MODEM_CONFIG1	0x1d
#define LOOM_SX_REG_MODEM_CONFIG2	0x1e
#define LOOM_SX_REG_SYMB_TIMEOUT_LSB	0x1f
#define LOOM_SX_REG_PREAMBLE_MSB	0x20
#define LOOM_SX_REG_PREAMBLE_LSB	0x21
#define LOOM_SX_REG_PAYLOAD_LENGTH	0x22
#define LOOM_SX_REG_MAX_PAYLOAD		0x23
#define LOOM_SX_REG_MODEM_CONFIG3	0x26
#define LOOM_SX_REG_SYNC_WORD		0x39
#define LOOM_SX_REG_DIO_MAPPING1	0x40
#define LOOM_SX_REG_VERSION		0x42
#define LOOM_SX_REG_PA_DAC		0x4d
#define LOOM_SX_REG_LAST		0x70

/* RegOpMode */
#define LOOM_SX_OPMODE_LORA		BIT(7)
#define LOOM_SX_OPMODE_LF		BIT(3)
#define LOOM_SX_OPMODE_MODE		GENMASK(2, 0)
#define LOOM_SX_MODE_SLEEP		0
#define LOOM_SX_MODE_STDBY		1
#define LOOM_SX_MODE_FSTX		2
#define LOOM_SX_MODE_TX			3
#define LOOM_SX_MODE_FSRX		4
#define LOOM_SX_MODE_RXCONT		5
#define LOOM_SX_MODE_RXSINGLE		6
#define LOOM_SX_MODE_CAD		7
/* RegOpMode after reset: FSK/OOK, low-frequency registers, Standby. */
#define LOOM_SX_OPMODE_RESET		0x09

/* RegIrqFlags (write 1 to clear) and RegIrqFlagsMask */
#define LOOM_SX_IRQ_RX_TIMEOUT		BIT(7)
#define LOOM_SX_IRQ_RX_DONE		BIT(6)
#define LOOM_SX_IRQ_CRC_ERROR		BIT(5)
#define LOOM_SX_IRQ_VALID_HEADER	BIT(4)
#define LOOM_SX_IRQ_TX_DONE		BIT(3)
#define LOOM_SX_IRQ_CAD_DONE		BIT(2)
#define LOOM_SX_IRQ_FHSS_CHANGE		BIT(1)
#define LOOM_SX_IRQ_CAD_DETECTED	BIT(0)

/* RegDioMapping1 bits 7:6: what DIO0 signals */
#define LOOM_SX_DIO0_MASK		GENMASK(7, 6)
#define LOOM_SX_DIO0_RX_DONE		0x00
#define LOOM_SX_DIO0_TX_DONE		0x40
#define LOOM_SX_DIO0_CAD_DONE		0x80

/* RegModemConfig1: bandwidth 7:4, coding rate 3:1, implicit header 0 */
#define LOOM_SX_MC1_BW_SHIFT		4
#define LOOM_SX_MC1_CR_SHIFT		1
#define LOOM_SX_MC1_IMPLICIT		BIT(0)
/* RegModemConfig2: spreading factor 7:4, RxPayloadCrcOn 2 */
#define LOOM_SX_MC2_SF_SHIFT		4
#define LOOM_SX_MC2_CRC_ON		BIT(2)
/* RegModemConfig3: LowDataRateOptimize 3, AgcAutoOn 2 */
#define LOOM_SX_MC3_LDRO		BIT(3)
#define LOOM_SX_MC3_AGC_AUTO		BIT(2)

/* RegPaConfig: PaSelect 7 (PA_BOOST), MaxPower 6:4, OutputPower 3:0 */
#define LOOM_SX_PA_BOOST		BIT(7)
#define LOOM_SX_PA_MAX_POWER		(7 << 4)
/* RegPaDac: +20 dBm on PA_BOOST, or the default */
#define LOOM_SX_PA_DAC_20DBM		0x87
#define LOOM_SX_PA_DAC_DEFAULT		0x84

/* RegVersion: SX1276/77/78/79; 0x22 is an SX1272 */
#define LOOM_SX_VERSION			0x12
#define LOOM_SX_VERSION_SX1272		0x22

/* SPI: the address byte's write flag */
#define LOOM_SX_SPI_WRITE		BIT(7)

/*
 * The RSSI registers' offset, HF port (above 525 MHz) and LF port: RSSI
 * (dBm) = offset + RegPktRssiValue, plus SNR / 4 when SNR is negative
 * (datasheet 5.5.5).
 */
#define LOOM_SX_RSSI_OFFSET_HF		(-157)
#define LOOM_SX_RSSI_OFFSET_LF		(-164)
#define LOOM_SX_LF_MAX_HZ		525000000

/* The ten bandwidths, by RegModemConfig1 code (datasheet table 16). */
#define LOOM_SX_BANDWIDTHS { 7800, 10400, 15600, 20800, 31250, 41700, \
			     62500, 125000, 250000, 500000 }

#endif /* _LOOM_SX127X_H */
