/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_BLEND_BYTES_H
#define LSGPU_SIM_BLEND_BYTES_H

#include <cstdint>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

/* Blending into a render target of four 8-bit UNORM channels stored R, G, B, A or
 * B, G, R, A (the common window and texture targets): the four channels of a pixel at
 * once in SSE registers, each channel the same operations as blend() and the colour
 * conversion take one channel at a time (no FMA in this build), so the same bytes
 * (tests/sim/output_merger_test.cpp compares them). */
class BlendBytes
{
 public:
   /* Whether a target of this format layout, channel routing (stores[m]: the colour
    * channel memory channel m stores) and state takes this path. */
   static bool applies(const lsgpu_tfmt_layout &layout, const unsigned stores[4],
                       const lsgpu_render_target &rt, bool logic_op);
   BlendBytes() = default;
   BlendBytes(const lsgpu_render_target &rt, const unsigned stores[4], const float constant[4]);
   /* Blends colour rgba (second: the second source, or nullptr) into the texel at p,
    * writing the memory channels in mask. */
   void blend(uint8_t *p, const float rgba[4], const float second[4], unsigned mask) const;

 private:
   lsgpu_render_target rt_ = {};
   bool swap_rb_ = false;   /* stored B, G, R, A */
   float constant_[4] = {}; /* the blend colour clamped to [0, 1] */
};

} // namespace lsgpu::sim

#endif
