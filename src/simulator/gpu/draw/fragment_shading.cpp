/* SPDX-License-Identifier: MIT */

/* Fragment warps: the queued quads run the fragment shader, then each covered, live
 * lane goes through the depth/stencil test and the colour writes of the output merger
 * (with early_fragment_tests, the test comes before the shader). */

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "common/float_bits.h"
#include "gpu/draw/draw_job.h"

namespace lsgpu::sim
{

/* The samples of a lane the draw may write besides coverage: DRAW_STATE.sample_mask
 * and alpha to coverage, with four samples. */
static uint8_t
sample_ops_mask(const lsgpu_draw_state &st, unsigned samples, float alpha, int x, int y)
{
   if (samples == 1)
      return 1;
   uint8_t mask = (uint8_t)st.sample_mask;
   if (st.alpha_to_coverage) {
      if (st.alpha_to_coverage_dither) {
         static const float kThreshold[4] = {0.125f / 4, 0.625f / 4, 0.875f / 4, 0.375f / 4};
         alpha -= kThreshold[(x & 1) | (y & 1) << 1];
      }
      /* Sample s survives when alpha > s / 4. */
      for (unsigned s = 0; s < 4; s++)
         if (!(alpha > (float)s / 4.0f))
            mask &= (uint8_t) ~(1u << s);
   }
   return mask;
}

/* With early_fragment_tests, the depth and stencil tests of a quad as the rasterizer
 * makes it, before its inputs are interpolated: quads reach the tests in primitive
 * order either way, and a fragment whose samples all fail runs as a helper lane (its
 * stores dropped), or not at all when its whole quad failed. */
lsgpu_fault
Draw::early_tests(PendingQuad &p)
{
   const unsigned samples = grid_.samples;
   for (unsigned l = 0; l < 4; l++) {
      if (!(p.quad.mask >> l & 1))
         continue;
      const int x = p.quad.x + (l & 1), y = p.quad.y + (l >> 1);
      uint8_t passed = 0;
      const uint8_t tested = p.quad.samples[l] & sample_ops_mask(st_, samples, 2.0f, x, y);
      for (unsigned smp = 0; smp < samples; smp++) {
         if (!(tested >> smp & 1))
            continue;
         bool pass;
         lsgpu_fault f = depth_test(job_as_, zs_, x * (int)samples + (int)smp, y,
                                    p.sample_z[l][smp], p.front, &pass, -1);
         if (f != LSGPU_FAULT_NONE)
            return f;
         if (pass) {
            passed |= 1u << smp;
            if (!st_.no_occlusion_count)
               zpass_++;
         }
      }
      p.quad.samples[l] = passed;
      if (!passed)
         p.quad.mask &= (uint8_t) ~(1u << l);
   }
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
Draw::flush_quads()
{
   if (pending_.empty())
      return LSGPU_FAULT_NONE;
   std::vector<Warp> warps(1);
   Warp &w = warps[0];
   const unsigned samples = grid_.samples;
   uint16_t lanes = 0, covered = 0;
   uint8_t live[kWarpWidth] = {}; /* each lane's samples still to write */
   for (size_t q = 0; q < pending_.size(); q++) {
      for (unsigned l = 0; l < 4; l++) {
         const unsigned lane = (unsigned)q * 4 + l;
         lanes |= 1u << lane;
         if (pending_[q].quad.mask & (1u << l))
            covered |= 1u << lane;
         live[lane] = pending_[q].quad.samples[l];
         memcpy(blocks_.in_slot(lane, 0), pending_[q].inputs[l], sizeof(pending_[q].inputs[l]));
         w.sysval[LSGPU_SYSVAL_FRONT_FACING][lane] = pending_[q].front;
      }
   }
   for (unsigned lane = 0; lane < kWarpWidth; lane++)
      fetch_sample_[lane] = live[lane] ? (uint8_t)__builtin_ctz(live[lane]) : 0;
   w.start((uint32_t)st_.fs_code_va, lanes);
   w.helper = lanes & ~covered; /* uncovered quad lanes run as helpers (docs/isa.md §2) */
   memset(blocks_.out.data(), 0, blocks_.out.size());
   lsgpu_fault f =
      run_warp(fs_, st_.fs_constants_va, st_.fs_buffers_va, st_.fs_textures_va, warps, true);
   if (f != LSGPU_FAULT_NONE)
      return f;

   float blend_color[4];
   memcpy(blend_color, st_.blend_color, sizeof(blend_color));
   const uint16_t writes = covered & ~w.killed & ~w.helper;
   const bool alpha_to_one = samples > 1 && st_.alpha_to_one;
   for (size_t q = 0; q < pending_.size(); q++) {
      for (unsigned l = 0; l < 4; l++) {
         const unsigned lane = (unsigned)q * 4 + l;
         if (!(writes >> lane & 1))
            continue;
         const int x = pending_[q].quad.x + (l & 1), y = pending_[q].quad.y + (l >> 1);
         const uint32_t *zs_out = blocks_.out_slot(lane, LSGPU_SLOT_DEPTH_STENCIL);
         /* Dual-source blending: target 0 blends with slot 9 as its second source
          * (BLEND_FACTOR SRC1_*). */
         float second[4];
         memcpy(second, blocks_.out_slot(lane, LSGPU_SLOT_SECOND_COLOR), sizeof(second));
         uint8_t write_samples = live[lane];
         if (!st_.early_fragment_tests)
            write_samples &=
               sample_ops_mask(st_, samples, as_float(blocks_.out_slot(lane, 0)[3]), x, y);
         bool any = false;
         for (unsigned smp = 0; smp < samples; smp++) {
            if (!(write_samples >> smp & 1))
               continue;
            const int sx = x * (int)samples + (int)smp;
            if (!st_.early_fragment_tests) {
               const float z =
                  st_.fs_writes_depth ? as_float(zs_out[0]) : pending_[q].sample_z[l][smp];
               const int ref = st_.fs_writes_stencil ? (int)(uint8_t)zs_out[1] : -1;
               bool pass;
               f = depth_test(job_as_, zs_, sx, y, z, pending_[q].front, &pass, ref);
               if (f != LSGPU_FAULT_NONE)
                  return f;
               if (!pass)
                  continue;
               if (!st_.no_occlusion_count)
                  zpass_++;
            }
            any = true;
            for (unsigned rt = 0; rt < st_.num_rts; rt++) {
               const unsigned slot = st_.fs_color_broadcast ? 0 : rt;
               float rgba[4];
               memcpy(rgba, blocks_.out_slot(lane, slot), sizeof(rgba));
               if (alpha_to_one)
                  rgba[3] = 1.0f;
               f = color_write(job_as_, rts_[rt], sx, y, rgba, blend_color, logic_,
                               rt == 0 ? second : nullptr);
               if (f != LSGPU_FAULT_NONE)
                  return f;
            }
         }
         fragments_ += any;
      }
   }
   pending_.clear();
   return LSGPU_FAULT_NONE;
}

/* lsgpu.fbld (docs/isa.md §3.5): the lane's pixel of the warp's quads, at the first
 * sample the lane still has to write. */
lsgpu_fault
Draw::load(unsigned lane, unsigned rt, float out[4])
{
   const PendingQuad &p = pending_[lane / 4];
   const unsigned l = lane % 4;
   const int x = p.quad.x + (int)(l & 1), y = p.quad.y + (int)(l >> 1);
   if (rt >= st_.num_rts) {
      memset(out, 0, 4 * sizeof(float)); /* no target: as one without attachment */
      return LSGPU_FAULT_NONE;
   }
   return color_read(job_as_, rts_[rt], x * (int)grid_.samples + fetch_sample_[lane], y, out);
}

} // namespace lsgpu::sim
