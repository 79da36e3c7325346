/* SPDX-License-Identifier: MIT */

/* Primitive assembly of a DRAW (GL 2.1 §2.6.1): points, lines, loops, strips, triangles,
 * fans, quads and polygons from the index list, split at primitive restarts, with the
 * provoking vertex; quads and polygons become triangles whose inner edges are marked,
 * so polygon modes LINE and POINT draw only the primitive's own edges. */

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
   uint32_t run_first = 0, prev[3] = {0, 0, 0};
   unsigned run_len = 0;
   std::vector<uint32_t> polygon; /* POLYGON: the run's entries */
   lsgpu_fault fault = LSGPU_FAULT_NONE;
   /* A quad a, b, c, d as two triangles that both hold its provoking vertex (a, c or
    * d): (a, b, c) and (a, c, d), or (a, b, d) and (b, c, d); the diagonal is no edge. */
   auto quad = [&](uint32_t a, uint32_t b, uint32_t c, uint32_t d, unsigned provoking) {
      if (provoking == 3) {
         batch_.push_back({{a, b, d}, 3, 2, false, 0x5});
         batch_.push_back({{b, c, d}, 3, 2, false, 0x3});
      } else {
         batch_.push_back({{a, b, c}, 3, (uint8_t)provoking, false, 0x3});
         batch_.push_back({{a, c, d}, 3, (uint8_t)(provoking ? 1 : 0), false, 0x6});
      }
   };
   auto flush_full = [&]() {
      if (batch_.size() >= kBatchPrims && fault == LSGPU_FAULT_NONE)
         fault = draw_batch(inst);
   };
   auto end_run = [&]() {
      if (d_.mode == LSGPU_PRIM_LINE_LOOP && run_len >= 2)
         batch_.push_back({{prev[2], run_first, 0}, 2, (uint8_t)(first ? 0 : 1), false});
      /* A polygon is a fan from its first vertex, flat values from it (GL 2.1
       * Table 2.12); only the outline is edges. */
      for (size_t k = 1; k + 1 < polygon.size(); k++) {
         const uint8_t edges = (uint8_t)((k == 1 ? 1 : 0) | 2 | (k + 2 == polygon.size() ? 4 : 0));
         batch_.push_back({{polygon[0], polygon[k], polygon[k + 1]}, 3, 0, false, edges});
         flush_full();
      }
      polygon.clear();
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
            batch_.push_back({{prev[2], i, 0}, 2, (uint8_t)(first ? 0 : 1)});
         break;
      case LSGPU_PRIM_LINE_STRIP:
      case LSGPU_PRIM_LINE_LOOP:
         if (run_len >= 2)
            batch_.push_back({{prev[2], i, 0}, 2, (uint8_t)(first ? 0 : 1), run_len == 2});
         break;
      case LSGPU_PRIM_TRIANGLES:
         if (run_len >= 3 && (run_len - 3) % 3 == 0)
            batch_.push_back({{prev[1], prev[2], i}, 3, (uint8_t)(first ? 0 : 2)});
         break;
      case LSGPU_PRIM_TRIANGLE_STRIP:
         /* Odd triangles swap their first two vertices to keep the winding; the
          * provoking vertex stays entry k (first) or k + 2 (last). */
         if (run_len >= 3) {
            if ((run_len - 3) % 2)
               batch_.push_back({{prev[2], prev[1], i}, 3, (uint8_t)(first ? 1 : 2)});
            else
               batch_.push_back({{prev[1], prev[2], i}, 3, (uint8_t)(first ? 0 : 2)});
         }
         break;
      case LSGPU_PRIM_TRIANGLE_FAN:
         if (run_len >= 3)
            batch_.push_back({{run_first, prev[2], i}, 3, (uint8_t)(first ? 1 : 2)});
         break;
      case LSGPU_PRIM_QUADS: /* a, b, c, d: flat values from d (a with flat_first) */
         if (run_len >= 4 && run_len % 4 == 0)
            quad(prev[0], prev[1], prev[2], i, first ? 0 : 3);
         break;
      case LSGPU_PRIM_QUAD_STRIP: /* 2k, 2k + 1, 2k + 3, 2k + 2: flat from 2k + 3 (c) */
         if (run_len >= 4 && run_len % 2 == 0)
            quad(prev[0], prev[1], i, prev[2], first ? 0 : 2);
         break;
      default: /* POLYGON, drawn when its run ends */
         polygon.push_back(i);
         break;
      }
      prev[0] = prev[1];
      prev[1] = prev[2];
      prev[2] = i;
      flush_full();
      if (fault != LSGPU_FAULT_NONE)
         return fault;
   }
   end_run();
   if (fault != LSGPU_FAULT_NONE)
      return fault;
   return draw_batch(inst);
}

} // namespace lsgpu::sim
