/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_OUTPUT_MERGER_H
#define LSGPU_SIM_OUTPUT_MERGER_H

#include <cstdint>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

class AddressSpace;

/* The per-pixel back end: depth test and write, blending, colour format conversion
 * and write masks. Stencil and logic ops arrive in a later revision of the model. */
struct DepthTarget {
   uint64_t va;
   uint32_t pitch, format, func;
   bool write;
};

/* Tests z (clamped to [0, 1]) against the depth buffer at (x, y) and writes it when it
 * passes and writing is on. A buffer access outside the job's memory faults. */
lsgpu_fault depth_test(const AddressSpace &as, const DepthTarget &zs, int x, int y, float z,
                       bool *pass);

/* Writes colour rgba to (x, y) of the render target: blended with the stored colour
 * when the target blends (constant colour blend_color), converted to its format, only
 * the channels of its write mask. */
lsgpu_fault color_write(const AddressSpace &as, const lsgpu_render_target &rt, int x, int y,
                        const float rgba[4], const float blend_color[4]);

/* GL 2.1 §4.1.8 blending of one pixel, in single precision. */
void blend(const lsgpu_render_target &rt, const float src[4], const float dst[4],
           const float constant[4], float out[4]);

} // namespace lsgpu::sim

#endif
