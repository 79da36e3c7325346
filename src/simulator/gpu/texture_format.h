/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_TEXTURE_FORMAT_H
#define LSGPU_SIM_TEXTURE_FORMAT_H

#include <cstdint>

namespace lsgpu::sim
{

/* Bytes per texel of a TFMT, 0 for a value that is not one. */
unsigned texture_format_size(uint32_t tfmt);

/* Decodes the texel at p into its memory channels 0..3 (docs/command-stream-
 * reference.md, TFMT): normalized integers to [0, 1], half floats widened, sRGB
 * decoded to linear, channels the format lacks (0, 0, 0, 1). */
void texture_format_decode(uint32_t tfmt, const uint8_t *p, float out[4]);

} // namespace lsgpu::sim

#endif
