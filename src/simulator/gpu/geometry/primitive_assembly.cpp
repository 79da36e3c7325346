/* SPDX-License-Identifier: MIT */

/* Primitive assembly of a DRAW (GL 2.1 §2.6.1): points, lines, loops, strips, triangles
 * and fans from the index list, split at primitive restarts, with the provoking vertex. */

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "common/float_bits.h"
#include "gpu/draw/draw_job.h"

namespace lsgpu::sim
{

/* Primitive assembly (GL 2.1 §2.6.1, Table 2.12 for the provoking vertex) over the
 * runs between restarts: independent, strip, loop and fan primitives of the mode. */
lsgpu_fault
Draw::assemble(uint32_t inst)
{
   const bool first = st_.flat_first;
   uint32_t run_first = 0, prev[2] = {0, 0};
   unsigned run_len = 0;
   auto end_run = [&]() {
      if (d_.mode == LSGPU_PRIM_LINE_LOOP && run_len >= 2)
         batch_.push_back({{prev[1], run_first, 0}, 2, (uint8_t)(first ? 0 : 1), false});
      run_len = 0;
   };
   for (uint32_t i = 0; i < d_.count; i++) {
      uint32_t id;
      lsgpu_fault f = vertex_id(i, &id);
      if (f != LSGPU_FAULT_NONE)
         return f;
      if (id == kRestart) {
         end_run();
         continue;
      }
      if (run_len == 0)
         run_first = i;
      run_len++;
      switch (d_.mode) {
      case LSGPU_PRIM_POINTS:
         batch_.push_back({{i, 0, 0}, 1, 0});
         break;
      case LSGPU_PRIM_LINES:
         if (run_len % 2 == 0)
            batch_.push_back({{prev[1], i, 0}, 2, (uint8_t)(first ? 0 : 1)});
         break;
      case LSGPU_PRIM_LINE_STRIP:
      case LSGPU_PRIM_LINE_LOOP:
         if (run_len >= 2)
            batch_.push_back({{prev[1], i, 0}, 2, (uint8_t)(first ? 0 : 1), run_len == 2});
         break;
      case LSGPU_PRIM_TRIANGLES:
         if (run_len >= 3 && (run_len - 3) % 3 == 0)
            batch_.push_back({{prev[0], prev[1], i}, 3, (uint8_t)(first ? 0 : 2)});
         break;
      case LSGPU_PRIM_TRIANGLE_STRIP:
         /* Odd triangles swap their first two vertices to keep the winding; the
          * provoking vertex stays entry k (first) or k + 2 (last). */
         if (run_len >= 3) {
            if ((run_len - 3) % 2)
               batch_.push_back({{prev[1], prev[0], i}, 3, (uint8_t)(first ? 1 : 2)});
            else
               batch_.push_back({{prev[0], prev[1], i}, 3, (uint8_t)(first ? 0 : 2)});
         }
         break;
      default: /* TRIANGLE_FAN */
         if (run_len >= 3)
            batch_.push_back({{run_first, prev[1], i}, 3, (uint8_t)(first ? 1 : 2)});
         break;
      }
      prev[0] = prev[1];
      prev[1] = i;
      if (batch_.size() >= kBatchPrims) {
         f = draw_batch(inst);
         if (f != LSGPU_FAULT_NONE)
            return f;
      }
   }
   end_run();
   return draw_batch(inst);
}

} // namespace lsgpu::sim
