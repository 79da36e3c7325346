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

lsgpu_fault
Draw::flush_quads()
{
   if (pending_.empty())
      return LSGPU_FAULT_NONE;
   std::vector<Warp> warps(1);
   Warp &w = warps[0];
   uint16_t lanes = 0, covered = 0;
   for (size_t q = 0; q < pending_.size(); q++) {
      for (unsigned l = 0; l < 4; l++) {
         const unsigned lane = (unsigned)q * 4 + l;
         lanes |= 1u << lane;
         if (pending_[q].quad.mask & (1u << l))
            covered |= 1u << lane;
         memcpy(blocks_.in_slot(lane, 0), pending_[q].inputs[l], sizeof(pending_[q].inputs[l]));
         w.sysval[LSGPU_SYSVAL_FRONT_FACING][lane] = pending_[q].front;
      }
   }
   if (st_.early_fragment_tests) {
      /* Tests first: a fragment that fails runs as a helper lane, so nothing it stores
       * lands (GLSL early_fragment_tests). */
      for (size_t q = 0; q < pending_.size(); q++) {
         for (unsigned l = 0; l < 4; l++) {
            const unsigned lane = (unsigned)q * 4 + l;
            if (!(covered >> lane & 1))
               continue;
            const int x = pending_[q].quad.x + (l & 1), y = pending_[q].quad.y + (l >> 1);
            bool pass;
            lsgpu_fault f =
               depth_test(job_as_, zs_, x, y, pending_[q].inputs[l][LSGPU_SLOT_FRAG_COORD][2],
                          pending_[q].front, &pass, -1);
            if (f != LSGPU_FAULT_NONE)
               return f;
            if (!pass)
               covered &= ~(1u << lane);
            else if (!st_.no_occlusion_count)
               zpass_++;
         }
      }
   }
   w.start((uint32_t)st_.fs_code_va, lanes);
   w.helper = lanes & ~covered; /* uncovered quad lanes run as helpers (docs/isa.md §2) */
   memset(blocks_.out.data(), 0, blocks_.out.size());
   lsgpu_fault f = run_warp(fs_, st_.fs_constants_va, st_.fs_buffers_va, st_.fs_textures_va, warps);
   if (f != LSGPU_FAULT_NONE)
      return f;

   float blend_color[4];
   memcpy(blend_color, st_.blend_color, sizeof(blend_color));
   const uint16_t writes = covered & ~w.killed & ~w.helper;
   for (size_t q = 0; q < pending_.size(); q++) {
      for (unsigned l = 0; l < 4; l++) {
         const unsigned lane = (unsigned)q * 4 + l;
         if (!(writes >> lane & 1))
            continue;
         const int x = pending_[q].quad.x + (l & 1), y = pending_[q].quad.y + (l >> 1);
         if (!st_.early_fragment_tests) {
            const uint32_t *zs_out = blocks_.out_slot(lane, LSGPU_SLOT_DEPTH_STENCIL);
            const float z = st_.fs_writes_depth ? as_float(zs_out[0])
                                                : pending_[q].inputs[l][LSGPU_SLOT_FRAG_COORD][2];
            const int ref = st_.fs_writes_stencil ? (int)(uint8_t)zs_out[1] : -1;
            bool pass;
            f = depth_test(job_as_, zs_, x, y, z, pending_[q].front, &pass, ref);
            if (f != LSGPU_FAULT_NONE)
               return f;
            if (!pass)
               continue;
            if (!st_.no_occlusion_count)
               zpass_++;
         }
         fragments_++;
         for (unsigned rt = 0; rt < st_.num_rts; rt++) {
            const unsigned slot = st_.fs_color_broadcast ? 0 : rt;
            float rgba[4];
            memcpy(rgba, blocks_.out_slot(lane, slot), sizeof(rgba));
            f = color_write(job_as_, rts_[rt], x, y, rgba, blend_color, logic_);
            if (f != LSGPU_FAULT_NONE)
               return f;
         }
      }
   }
   pending_.clear();
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
