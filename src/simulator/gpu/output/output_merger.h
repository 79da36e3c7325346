/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_OUTPUT_MERGER_H
#define LSGPU_SIM_OUTPUT_MERGER_H

#include <cstdint>

#include "lsgpu_packets.h"
#include "gpu/output/blend_bytes.h"

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

/* depth_test for one target with its format's layout worked out once: a draw makes
 * one and tests every fragment through it. */
class DepthUnit
{
 public:
   DepthUnit() : DepthUnit(DepthTarget{}) {}
   explicit DepthUnit(const DepthTarget &zs);
   lsgpu_fault test(const AddressSpace &as, int x, int y, float z, bool front, bool *pass,
                    int shader_ref = -1) const;

 private:
   DepthTarget zs_;
   unsigned cpp_, depth_shift_;
   uint32_t depth_max_; /* 0: float depth */
   int stencil_shift_;  /* -1: no stencil */
   bool has_stencil_;   /* the format has stencil and the test is on */
   uint64_t depth_mask_;
};

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

/* color_write for one render target of a draw, with its format's layout and the
 * routing of colour channels to memory worked out once. */
class ColorUnit
{
 public:
   ColorUnit() = default;
   ColorUnit(const lsgpu_render_target &rt, const float blend_color[4], const LogicOp &logic);
   lsgpu_fault write(const AddressSpace &as, int x, int y, const float rgba[4],
                     const float second[4] = nullptr) const;

 private:
   lsgpu_render_target rt_ = {};
   LogicOp logic_ = {};
   float blend_color_[4] = {};
   const lsgpu_tfmt_layout *layout_ = nullptr; /* nullptr: not a colour format */
   unsigned stores_[4] = {}; /* the colour channel each memory channel stores, 4 none */
   unsigned mask_ = 0;       /* the memory channels the write mask lets change */
   bool normalized_ = false;
   /* A bytes8_ texel's masked channels from colour, rounded as texture_format_encode
    * rounds. */
   void write_bytes(uint8_t *texel, const float color[4]) const;
   bool bytes8_ = false;      /* UNORM, each channel one byte */
   bool bytes_unorm_ = false; /* and no blending, no logic op */
   bool blends_bytes_ = false; /* RGBA8 or BGRA8 with blending: blend_bytes_ */
   BlendBytes blend_bytes_;
};

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
