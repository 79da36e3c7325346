/* SPDX-License-Identifier: MIT */
/*
 * LSGPU-1 command-stream packets: the one definition the driver packs and the
 * simulator's command processor decodes (docs/command-stream.md).
 *
 * A command stream is a sequence of little-endian 32-bit words. Every packet starts
 * with a header word:
 *
 *    bits 31..24  opcode (enum lsgpu_opcode)
 *    bits 23..0   payload length in words, not counting the header
 *
 * A packet whose length does not match its opcode's, an unknown opcode or a stream
 * that ends inside a packet faults the job (LSGPU_FAULT_*).
 */
#ifndef LSGPU_CMDSTREAM_H
#define LSGPU_CMDSTREAM_H

#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LSGPU_CMDSTREAM_VERSION 1

enum lsgpu_opcode {
   /* Does nothing; any payload length is allowed (padding, markers). */
   LSGPU_OP_NOP = 0x00,
   /* Copy/fill engine: fill a 2D rectangle with a repeated element. */
   LSGPU_OP_FILL = 0x01,
};

#define LSGPU_PKT_HEADER(op, len) (((uint32_t)(op) << 24) | ((uint32_t)(len)&0xffffffu))
#define LSGPU_PKT_OPCODE(hdr)     ((hdr) >> 24)
#define LSGPU_PKT_LENGTH(hdr)     ((hdr)&0xffffffu)

/*
 * LSGPU_OP_FILL: for y in [0, height), x in [0, width), the element of `cpp` bytes at
 * dst_va + y * pitch + x * cpp becomes (old & ~mask) | (value & mask), with `value`
 * and `mask` read as the first `cpp` bytes of their words (little-endian). cpp is 1,
 * 2, 4, 8 or 16; pitch >= width * cpp; width and height are 1..LSGPU_FILL_MAX_DIM.
 * Every byte touched must lie inside a BO of the job's BO list. A mask of all ones
 * is a plain fill (clear); partial masks clear one aspect of a packed depth/stencil
 * element or honour a colour write mask.
 */
struct lsgpu_pkt_fill { /* payload words, in order */
   uint32_t dst_va_lo;
   uint32_t dst_va_hi;
   uint32_t pitch;
   uint32_t width;
   uint32_t height;
   uint32_t cpp;
   uint32_t value[4];
   uint32_t mask[4];
};
#define LSGPU_PKT_FILL_LENGTH 14u
#define LSGPU_FILL_MAX_DIM    16384u

/* Writes a complete FILL packet (header and payload, 1 + LSGPU_PKT_FILL_LENGTH words)
 * to dw; the only place that knows the packet's word order. */
static inline void
lsgpu_pack_fill(uint32_t *dw, const struct lsgpu_pkt_fill *pkt)
{
   dw[0] = LSGPU_PKT_HEADER(LSGPU_OP_FILL, LSGPU_PKT_FILL_LENGTH);
   memcpy(&dw[1], pkt, sizeof(*pkt));
}

/* Why a job faulted (docs/command-stream.md). */
enum lsgpu_fault {
   LSGPU_FAULT_NONE = 0,
   LSGPU_FAULT_TRUNCATED = 1,    /* stream ended inside a packet */
   LSGPU_FAULT_BAD_OPCODE = 2,   /* unknown opcode */
   LSGPU_FAULT_BAD_LENGTH = 3,   /* payload length wrong for the opcode */
   LSGPU_FAULT_BAD_ARGUMENT = 4, /* a field outside its documented range */
   LSGPU_FAULT_MMU = 5,          /* access outside the job's mapped BOs */
};

#ifdef __cplusplus
}
#endif

#endif /* LSGPU_CMDSTREAM_H */
