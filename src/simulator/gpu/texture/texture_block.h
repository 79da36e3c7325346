/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_TEXTURE_BLOCK_H
#define LSGPU_SIM_TEXTURE_BLOCK_H

#include <cstdint>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

/*
 * The texture unit's block decoders (docs/command-stream-reference.md, TEX_CODEC):
 * texel (i, j) of one 4×4 block, as the codec's integer channel codes — 8-bit codes
 * for the S3TC and ETC2 colour codecs, unsigned or signed bytes for BC4/BC5, 11-bit
 * values for EAC. is_signed selects the signed variants (BC4, BC5, EAC). Channels the
 * codec lacks are left as they are. Each returns false, decoding nothing, for a codec
 * of the other family.
 */
bool texture_bc_decode(lsgpu_tex_codec codec, bool is_signed, const uint8_t *block, unsigned i,
                       unsigned j, int32_t code[4]);
bool texture_etc_decode(lsgpu_tex_codec codec, bool is_signed, const uint8_t *block, unsigned i,
                        unsigned j, int32_t code[4]);

} // namespace lsgpu::sim

#endif
