/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_OUTPUT_MERGER_H
#define LSGPU_SIM_OUTPUT_MERGER_H

#include <cstdint>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

class AddressSpace;

/* The per-pixel back end: depth test and write, colour format conversion and write
 * masks. Blending and stencil arrive in a later revision of the model. */
struct DepthTarget {
   uint64_t va;
   uint32_t pitch, format, func;
   bool write;
};

/* Tests z (clamped to [0, 1]) against the depth buffer at (x, y) and writes it when it
 * passes and writing is on. A buffer access outside the job's memory faults. */
lsgpu_fault depth_test(const AddressSpace &as, const DepthTarget &zs, int x, int y, float z,
                       bool *pass);

/* Writes colour rgba to (x, y) of the render target, converted to its format, only
 * the channels of its write mask. */
lsgpu_fault color_write(const AddressSpace &as, const lsgpu_render_target &rt, int x, int y,
                        const float rgba[4]);

} // namespace lsgpu::sim

#endif
