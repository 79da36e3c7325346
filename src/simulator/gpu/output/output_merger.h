/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_OUTPUT_MERGER_H
#define LSGPU_SIM_OUTPUT_MERGER_H

#include <cstdint>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

class AddressSpace;

/* The per-pixel back end: stencil and depth tests and writes, blending, logic ops,
 * colour format conversion and write masks (GL 2.1 §4.1). */
struct StencilFace {
   lsgpu_func func;                              /* (ref & value_mask) func (stored & value_mask) */
   lsgpu_stencil_op fail_op, zfail_op, zpass_op; /* stencil fails; depth fails; both pass */
   uint8_t ref, value_mask, write_mask;
};

struct DepthTarget {
   uint64_t va;
   uint32_t pitch;
   lsgpu_zfmt format;
   lsgpu_func func;
   bool write;
   lsgpu_stencil_mode stencil_mode;
   StencilFace stencil[2]; /* front, back */
};

/* Stencil test, then depth test of z (clamped to [0, 1]) against the buffer at (x, y),
 * then the stencil operation and the depth write (GL 2.1 §4.1.5–4.1.6). front picks
 * the stencil state of two-sided stencil; shader_ref, when not negative, is the
 * reference the fragment shader exported (DRAW_STATE.fs_writes_stencil). A buffer access outside
 * the job's memory faults. */
lsgpu_fault depth_test(const AddressSpace &as, const DepthTarget &zs, int x, int y, float z,
                       bool front, bool *pass, int shader_ref = -1);

/* Logic op state of the draw (DRAW_STATE.logic_op_enable, logic_op). */
struct LogicOp {
   bool enable;
   uint32_t truth_table; /* DRAW_STATE.logic_op */
};

/* Writes colour rgba to (x, y) of the render target: combined with the stored colour
 * by the logic op (normalized formats) or else blended when the target blends
 * (constant colour blend_color; second, when given, is the second source of
 * dual-source blending), converted to its format, only the channels of its write mask. */
lsgpu_fault color_write(const AddressSpace &as, const lsgpu_render_target &rt, int x, int y,
                        const float rgba[4], const float blend_color[4], const LogicOp &logic,
                        const float second[4] = nullptr);

/* The colour (x, y) of the render target holds, as lsgpu.fbld returns it (docs/isa.md
 * §3.5): decoded, each colour channel from the memory channel that stores it, channels
 * the target lacks 0, 0, 0, 1. */
lsgpu_fault color_read(const AddressSpace &as, const lsgpu_render_target &rt, int x, int y,
                       float rgba[4]);

/* GL 2.1 §4.1.8 blending of one pixel, in single precision. */
void blend(const lsgpu_render_target &rt, const float src[4], const float dst[4],
           const float constant[4], float out[4], const float src1[4] = nullptr);

} // namespace lsgpu::sim

#endif
