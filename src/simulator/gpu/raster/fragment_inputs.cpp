/* SPDX-License-Identifier: MIT */

/* From a raster triangle to quads waiting for the fragment shader: coverage, line and
 * polygon stipple, depth, and the interpolated inputs (perspective-correct, linear,
 * flat, point coordinates) of every lane. */

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "common/float_bits.h"
#include "gpu/draw/draw_job.h"
#include "gpu/raster/interpolation.h"

namespace lsgpu::sim
{

/* The weights of lane l of a line's quad: from the pixel centre's projection on the
 * segment (GL 2.1 §3.4.1). */
void
Draw::line_weights(const Setup &s, const RasterQuad &q, unsigned l, float w[3])
{
   const float cx = q.x + (l & 1) + 0.5f - s.line_x0, cy = q.y + (l >> 1) + 0.5f - s.line_y0;
   const float len2 = s.line_dx * s.line_dx + s.line_dy * s.line_dy;
   const float t = std::clamp((cx * s.line_dx + cy * s.line_dy) / len2, 0.0f, 1.0f);
   w[0] = 1.0f - t;
   w[1] = t;
   w[2] = 0.0f;
}

/* Rasterizes one triangle of a primitive and queues its quads with their
 * interpolated fragment inputs (docs/isa.md §5: slot 0 the fragment coordinate, slot
 * 1 the point coordinate, slots 2.. the varyings as DRAW_STATE.fs_inputs link them). */
lsgpu_fault
Draw::raster(const RasterVertex rv[3], const Setup &s)
{
   lsgpu_fault fault = LSGPU_FAULT_NONE;
   const bool line_stipple = s.line && st_.line_stipple_enable;
   const bool poly_stipple = !s.line && !s.point && st_.poly_stipple_enable;
   /* Bit c of shared[i]: component c of fragment input i is the same at the three corners. Such
    * a value is passed on exactly (GL programs compare such varyings with ==; weights
    * that sum to 1 only approximately must not show), infinities included; found once
    * per triangle, not per fragment. */
   uint8_t shared[LSGPU_MAX_VARYINGS] = {};
   for (unsigned i = 0; i + LSGPU_FIRST_VARYING_SLOT < in_slots_; i++) {
      const unsigned src = st_.fs_input_slot[i];
      for (unsigned c = 0; c < 4 && src < st_.num_vs_outputs; c++) {
         const float v0 = s.attr[0]->varying[src][c];
         if (s.attr[1]->varying[src][c] == v0 && s.attr[2]->varying[src][c] == v0)
            shared[i] |= (uint8_t)(1u << c);
      }
   }
   rasterize_triangle(
      rv, s.in_viewport ? viewport_rect_ : rect_,
      [&](const RasterQuad &q) {
         if (fault != LSGPU_FAULT_NONE)
            return;
         clock_.charge(LSGPU_JOB_QUAD_CYCLES);
         QuadCoverage cov;
         cov.x = q.x;
         cov.y = q.y;
         cov.mask = q.mask;
         memcpy(cov.samples, q.samples, sizeof(q.samples));
         for (unsigned l = 0; l < 4 && (line_stipple || poly_stipple); l++) {
            const int px = q.x + (l & 1), py = q.y + (l >> 1);
            bool keep;
            if (line_stipple) {
               const int along = ((s.line_x_major ? px : py) - s.line_first) * s.line_dir;
               const uint32_t factor = st_.line_stipple_factor + 1;
               const uint32_t counter = s.stipple_start + (uint32_t)std::max(along, 0);
               keep = st_.line_stipple_pattern >> ((counter / factor) % 16) & 1;
            } else {
               keep = st_.poly_stipple[(unsigned)py % 32] >> (31 - (unsigned)px % 32) & 1;
            }
            if (!keep) {
               cov.mask &= (uint8_t) ~(1u << l);
               cov.samples[l] = 0;
            }
         }
         if (!cov.mask)
            return;
         /* Depth first: with early tests, the quad's fragments that fail are never
          * queued and never have their inputs interpolated. */
         float line_bary[4][3], frag_z[4], sample_z[4][4];
         const bool sample_depth = grid_.per_sample && grid_.samples > 1 && !s.line && !s.point;
         for (unsigned l = 0; l < 4; l++) {
            if (s.line)
               line_weights(s, q, l, line_bary[l]);
            double z = 0;
            for (unsigned k = 0; k < 3; k++)
               z += (s.line ? (double)line_bary[l][k] : q.bary[l][k]) * s.z[k];
            float zc = (float)(z + s.z_offset);
            if (st_.depth_clamp)
               zc = std::clamp(zc, depth_min_, depth_max_);
            frag_z[l] = zc;
            for (unsigned smp = 0; smp < 4; smp++) {
               /* Lines and points keep the centre's depth: their sample weights belong to
                * the quads that carry them, not to the primitive. */
               float zs = zc;
               if (sample_depth) {
                  double d = 0;
                  for (unsigned k = 0; k < 3; k++)
                     d += q.sample_bary[l][smp][k] * s.z[k];
                  zs = (float)(d + s.z_offset);
                  if (st_.depth_clamp)
                     zs = std::clamp(zs, depth_min_, depth_max_);
               }
               sample_z[l][smp] = zs;
            }
         }
         if (st_.early_fragment_tests) {
            fault = early_tests(cov, sample_z, s.front);
            if (fault != LSGPU_FAULT_NONE || !cov.mask)
               return;
         }
         /* Built in place in the queue (a quad's inputs are 1.4 KiB). */
         PendingQuad &p = queue_quad(q.x, q.y);
         p.quad = cov;
         p.front = s.front;
         memcpy(p.sample_z, sample_z, sizeof(sample_z));
         for (unsigned l = 0; l < 4; l++)
            p.inputs[l][LSGPU_SLOT_FRAG_COORD][2] = frag_z[l];
         for (unsigned l = 0; l < 4; l++) {
            /* Depth from the exact weights, everything else in single precision. */
            const double *bd = q.bary[l];
            float b_storage[3] = {(float)bd[0], (float)bd[1], (float)bd[2]};
            const float *b = s.line ? line_bary[l] : b_storage;
            float one_over_w = 0;
            for (unsigned k = 0; k < 3; k++)
               one_over_w += b[k] * s.inv_w[k];
            /* Centroid inputs of a partly covered pixel: the weights at its first covered
             * sample, which lies inside the primitive (DRAW_STATE.fs_input_centroid). */
            const float *bc = b;
            float one_over_w_c = one_over_w, centroid_storage[3];
            const uint8_t all = (uint8_t)((1u << grid_.samples) - 1);
            if (grid_.per_sample && grid_.samples > 1 && !s.line && !s.point && q.samples[l] &&
                q.samples[l] != all) {
               const unsigned first = (unsigned)__builtin_ctz(q.samples[l]);
               one_over_w_c = 0;
               for (unsigned k = 0; k < 3; k++) {
                  centroid_storage[k] = (float)q.sample_bary[l][first][k];
                  one_over_w_c += centroid_storage[k] * s.inv_w[k];
               }
               bc = centroid_storage;
            }
            const float px = q.x + (l & 1) + 0.5f, py = q.y + (l >> 1) + 0.5f;
            float *in = p.inputs[l][LSGPU_SLOT_FRAG_COORD];
            in[0] = px;
            in[1] = py;
            in[3] = one_over_w;
            float coord[4] = {0.0f, 0.0f, 0.0f, 1.0f};
            if (s.point) {
               coord[0] = (px - s.point_x0) / s.point_size;
               coord[1] = (py - s.point_y0) / s.point_size;
               if (st_.point_coord_lower_left)
                  coord[1] = 1.0f - coord[1];
            }
            memcpy(p.inputs[l][LSGPU_SLOT_POINT_COORD], coord, sizeof(coord));
            const LaneWeights lane(b, s.inv_w, one_over_w), lane_c(bc, s.inv_w, one_over_w_c);
            for (unsigned i = 0; i + LSGPU_FIRST_VARYING_SLOT < in_slots_; i++) {
               const unsigned src = st_.fs_input_slot[i];
               const lsgpu_interp interp = st_.fs_input_interp[i];
               float *dst = p.inputs[l][LSGPU_FIRST_VARYING_SLOT + i];
               if (interp == LSGPU_INTERP_POINT_COORD && s.point) {
                  memcpy(dst, coord, sizeof(coord));
                  continue;
               }
               if (src >= st_.num_vs_outputs) {
                  dst[0] = dst[1] = dst[2] = 0.0f;
                  dst[3] = 1.0f;
                  continue;
               }
               if (interp == LSGPU_INTERP_FLAT) {
                  memcpy(dst, s.provoking->varying[src], 4 * sizeof(float));
                  continue;
               }
               const float *const corners[3] = {s.attr[0]->varying[src], s.attr[1]->varying[src],
                                                s.attr[2]->varying[src]};
               interpolate_varying(interp, st_.fs_input_centroid[i] ? lane_c : lane, corners,
                                   shared[i], dst);
            }
         }
         if (queued_ == kDrainQuads) {
            fault = drain();
            /* One triangle can cover a large multisampled target: other contexts get
             * the GPU between its batches of warps, not only after it. */
            if (fault == LSGPU_FAULT_NONE)
               preemption_point(preempt_);
         }
      },
      grid_);
   return fault;
}

} // namespace lsgpu::sim
