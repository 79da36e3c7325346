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

/* Triangle rv with its set-up and the corner values of its fragment inputs, kept for
 * the cores that draw the batch. Bit c of a varying's shared mask: component c is the
 * same at the three corners, and is passed on exactly (GL programs compare such
 * varyings with ==; weights that sum to 1 only approximately must not show),
 * infinities included. */
uint32_t
Draw::store_triangle(const RasterVertex rv[3], const Setup &s)
{
   RasterTriangle &t = triangles_.emplace_back(rv, s, (uint32_t)corners_.size());
   t.s.attr[0] = t.s.attr[1] = t.s.attr[2] = t.s.provoking = nullptr; /* not kept */
   static const float kUnlinked[4] = {0.0f, 0.0f, 0.0f, 1.0f};
   for (unsigned i = 0; i + LSGPU_FIRST_VARYING_SLOT < in_slots_; i++) {
      CornerValues &v = corners_.emplace_back();
      const unsigned src = st_.fs_input_slot[i];
      const float *same = nullptr; /* the value of all three corners */
      if (src >= st_.num_vs_outputs)
         same = kUnlinked;
      else if (st_.fs_input_interp[i] == LSGPU_INTERP_FLAT)
         same = s.provoking->varying[src];
      if (same) {
         for (unsigned k = 0; k < 3; k++)
            memcpy(v.corner[k], same, sizeof(v.corner[k]));
         v.shared = 0xf;
         continue;
      }
      for (unsigned k = 0; k < 3; k++)
         memcpy(v.corner[k], s.attr[k]->varying[src], sizeof(v.corner[k]));
      v.shared = 0;
      for (unsigned c = 0; c < 4; c++)
         if (v.corner[1][c] == v.corner[0][c] && v.corner[2][c] == v.corner[0][c])
            v.shared |= 1u << c;
   }
   return (uint32_t)(triangles_.size() - 1);
}

/* On the core that shades p (docs/isa.md §5): slot 0 the fragment coordinate, slot 1
 * the point coordinate, slots 2.. the varyings as DRAW_STATE.fs_inputs link them. */
void
Draw::lane_inputs(const PendingQuad &p, unsigned l, float (*in)[4]) const
{
   const RasterTriangle &triangle = shading_triangles_[p.triangle];
   const Setup &t = triangle.s;
   const LaneBary &lb = p.bary[l];
   const float px = p.quad.x + (l & 1) + 0.5f, py = p.quad.y + (l >> 1) + 0.5f;
   in[LSGPU_SLOT_FRAG_COORD][0] = px;
   in[LSGPU_SLOT_FRAG_COORD][1] = py;
   in[LSGPU_SLOT_FRAG_COORD][2] = p.frag_z[l];
   in[LSGPU_SLOT_FRAG_COORD][3] = lb.one_over_w;
   float coord[4] = {0.0f, 0.0f, 0.0f, 1.0f};
   if (t.point) {
      coord[0] = (px - t.point_x0) / t.point_size;
      coord[1] = (py - t.point_y0) / t.point_size;
      if (st_.point_coord_lower_left)
         coord[1] = 1.0f - coord[1];
   }
   memcpy(in[LSGPU_SLOT_POINT_COORD], coord, sizeof(coord));
   const LaneWeights lane(lb.b, t.inv_w, lb.one_over_w);
   auto varyings = [&](const LaneWeights &lane_c) {
      /* None without varyings: no element to index. */
      const CornerValues *v = shading_corners_.data() + triangle.first;
      for (unsigned i = 0; i + LSGPU_FIRST_VARYING_SLOT < in_slots_; i++, v++) {
         const lsgpu_interp interp = st_.fs_input_interp[i];
         float *dst = in[LSGPU_FIRST_VARYING_SLOT + i];
         if (interp == LSGPU_INTERP_POINT_COORD && t.point) {
            memcpy(dst, coord, sizeof(coord));
            continue;
         }
         const float *const corners[3] = {v->corner[0], v->corner[1], v->corner[2]};
         interpolate_varying(interp, st_.fs_input_centroid[i] ? lane_c : lane, corners, v->shared,
                             dst);
      }
   };
   /* The centroid's weights only for a draw with centroid inputs (an optional for
    * them cost a fifth of this function). */
   if (any_centroid_)
      varyings(LaneWeights(lb.centroid, t.inv_w, lb.one_over_w_centroid));
   else
      varyings(lane);
}

/* Bins one triangle of a primitive to the cores that own its pixels: the cores
 * rasterize it over their tiles when they draw the batch (raster_bin). A triangle
 * larger than a batch goes a band of rows at a time, each band a batch of its own, so
 * one triangle over a large multisampled target lets other contexts have the GPU
 * between its bands. */
lsgpu_fault
Draw::raster(const RasterVertex rv[3], const Setup &s)
{
   /* The pixels the rasterizer could visit (rasterize_triangle's bounds, a pixel wider
    * for its snapping), in the rectangle it draws in. */
   float lo_x = INFINITY, hi_x = -INFINITY, lo_y = INFINITY, hi_y = -INFINITY;
   for (unsigned k = 0; k < 3; k++) {
      if (!std::isfinite(rv[k].x) || !std::isfinite(rv[k].y))
         return LSGPU_FAULT_NONE; /* the rasterizer draws nothing of it */
      lo_x = std::min(lo_x, rv[k].x);
      hi_x = std::max(hi_x, rv[k].x);
      lo_y = std::min(lo_y, rv[k].y);
      hi_y = std::max(hi_y, rv[k].y);
   }
   /* Beyond the rectangle nothing is drawn: clamped near it, the bounds stay as
    * conservative and within int's range. */
   const RasterRect &rect = s.in_viewport ? viewport_rect_ : rect_;
   if (rect.min_x >= rect.max_x || rect.min_y >= rect.max_y)
      return LSGPU_FAULT_NONE;
   auto clamp_x = [&](float v) { return std::clamp(v, rect.min_x - 2.0f, rect.max_x + 2.0f); };
   auto clamp_y = [&](float v) { return std::clamp(v, rect.min_y - 2.0f, rect.max_y + 2.0f); };
   lo_x = clamp_x(lo_x);
   hi_x = clamp_x(hi_x);
   lo_y = clamp_y(lo_y);
   hi_y = clamp_y(hi_y);
   auto floor_i = [](float v) { return (int)floor_float(v); };
   auto ceil_i = [](float v) { return -(int)floor_float(-v); };
   /* Coverage is tested at pixel centres unless it is per sample: a triangle whose
    * bounds hold no centre covers nothing (most of a dense mesh's triangles are
    * smaller than a pixel). Window coordinates are on the sub-pixel grid, so these
    * differences are exact; a centre on the bounds counts. */
   if (!(grid_.per_sample && grid_.samples > 1) &&
       (floor_i(hi_x - 0.5f) < ceil_i(lo_x - 0.5f) || floor_i(hi_y - 0.5f) < ceil_i(lo_y - 0.5f)))
      return LSGPU_FAULT_NONE;
   const int x0 = std::max(rect.min_x, floor_i(lo_x) - 1);
   const int x1 = std::min(rect.max_x, ceil_i(hi_x) + 1);
   const int y0 = std::max(rect.min_y, floor_i(lo_y) - 1) & ~1;
   const int y1 = std::min(rect.max_y, ceil_i(hi_y) + 1);
   if (x0 >= x1 || y0 >= y1)
      return LSGPU_FAULT_NONE;
   const size_t row_quads = (size_t)(x1 - (x0 & ~1) + 1) / 2;
   const int band = 2 * (int)std::max<size_t>(1, kDrainQuads / row_quads);
   uint32_t triangle = UINT32_MAX; /* in this batch */
   for (int y = y0; y < y1; y += band) {
      const int end = std::min(y1, y + band);
      if (triangle == UINT32_MAX)
         triangle = store_triangle(rv, s);
      bin(triangle, x0, x1, y, end);
      queued_ += row_quads * (size_t)((end - y + 1) / 2);
      if (queued_ >= kDrainQuads) {
         lsgpu_fault f = drain();
         if (f != LSGPU_FAULT_NONE)
            return f;
         triangle = UINT32_MAX; /* the next band is in the next batch */
         preemption_point(preempt_);
      }
   }
   return LSGPU_FAULT_NONE;
}

void
Draw::bin(uint32_t triangle, int x0, int x1, int y0, int y1)
{
   /* A rectangle of tiles holds the tiles of the diagonals tx + ty from its top-left
    * one's to its bottom-right one's, and the cores deal the diagonals in turn. */
   const int first = (x0 >> kTileShift) + (y0 >> kTileShift);
   const int last = ((x1 - 1) >> kTileShift) + ((y1 - 1) >> kTileShift);
   for (int d = first; d <= last && d < first + (int)kTileCores; d++) {
      const unsigned core = (unsigned)d % kTileCores;
      std::unique_ptr<FragmentCore> &c = cores_[core];
      if (!c) /* a draw that leaves a core no pixel does not set it up */
         c = std::make_unique<FragmentCore>(*this, job_as_, core);
      c->bin.push_back({triangle, y0, y1});
   }
}

/* Rasterizes rows [e.y0, e.y1) of a batch's triangle over core c's tiles and queues
 * its quads with their depth and their lanes' weights, from which the core
 * interpolates the inputs (lane_inputs); shades them every kCoreQuads quads. */
void
Draw::raster_bin(FragmentCore &c, const BinEntry &e)
{
   const RasterTriangle &t = shading_triangles_[e.triangle];
   const Setup &s = t.s;
   const bool line_stipple = s.line && st_.line_stipple_enable;
   const bool poly_stipple = !s.line && !s.point && st_.poly_stipple_enable;
   RasterRect rect = s.in_viewport ? viewport_rect_ : rect_;
   rect.min_y = std::max(rect.min_y, e.y0);
   rect.max_y = std::min(rect.max_y, e.y1);
   TileFilter tiles;
   tiles.core = c.index;
   /* The quad's per-sample weights are the primitive's: a triangle with coverage
    * per sample (depth per sample, centroid at the first covered one). */
   const bool sample_weights = grid_.per_sample && grid_.samples > 1 && !s.line && !s.point;
   rasterize_triangle(
      t.rv, rect,
      [&](const RasterQuad &q) {
         if (c.fault != LSGPU_FAULT_NONE)
            return;
         c.clock.charge(LSGPU_JOB_QUAD_CYCLES);
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
         for (unsigned l = 0; l < 4; l++) {
            double z = 0;
            if (s.line) {
               line_weights(s, q, l, line_bary[l]);
               for (unsigned k = 0; k < 3; k++)
                  z += (double)line_bary[l][k] * s.z[k];
            } else {
               for (unsigned k = 0; k < 3; k++)
                  z += q.bary[l][k] * s.z[k];
            }
            float zc = (float)(z + s.z_offset);
            if (st_.depth_clamp)
               zc = std::clamp(zc, depth_min_, depth_max_);
            frag_z[l] = zc;
            /* Lines and points keep the centre's depth at every sample: their sample
             * weights belong to the quads that carry them, not to the primitive. */
            if (!sample_weights) {
               _mm_storeu_ps(sample_z[l], _mm_set1_ps(zc));
               continue;
            }
            for (unsigned smp = 0; smp < 4; smp++) {
               double d = 0;
               for (unsigned k = 0; k < 3; k++)
                  d += q.sample_bary[l][smp][k] * s.z[k];
               float zs = (float)(d + s.z_offset);
               if (st_.depth_clamp)
                  zs = std::clamp(zs, depth_min_, depth_max_);
               sample_z[l][smp] = zs;
            }
         }
         if (st_.early_fragment_tests) {
            c.fault = early_tests(c, cov, sample_z, s.front);
            if (c.fault != LSGPU_FAULT_NONE || !cov.mask)
               return;
         }
         PendingQuad &p = c.quads.emplace_back();
         p.quad = cov;
         p.front = s.front;
         p.triangle = e.triangle;
         memcpy(p.frag_z, frag_z, sizeof(frag_z));
         memcpy(p.sample_z, sample_z, sizeof(sample_z));
         for (unsigned l = 0; l < 4; l++) {
            /* Depth from the exact weights, everything else in single precision. */
            LaneBary &lb = p.bary[l];
            if (s.line) {
               memcpy(lb.b, line_bary[l], sizeof(lb.b));
            } else {
               for (unsigned k = 0; k < 3; k++)
                  lb.b[k] = (float)q.bary[l][k];
            }
            lb.one_over_w = 0;
            for (unsigned k = 0; k < 3; k++)
               lb.one_over_w += lb.b[k] * s.inv_w[k];
            /* Centroid inputs of a partly covered pixel: the weights at its first covered
             * sample, which lies inside the primitive (DRAW_STATE.fs_input_centroid).
             * Left unset in a draw without them: lane_inputs() does not read them. */
            if (!any_centroid_)
               continue;
            memcpy(lb.centroid, lb.b, sizeof(lb.b));
            lb.one_over_w_centroid = lb.one_over_w;
            const uint8_t all = (uint8_t)((1u << grid_.samples) - 1);
            if (sample_weights && q.samples[l] && q.samples[l] != all) {
               const unsigned first = (unsigned)__builtin_ctz(q.samples[l]);
               lb.one_over_w_centroid = 0;
               for (unsigned k = 0; k < 3; k++) {
                  lb.centroid[k] = (float)q.sample_bary[l][first][k];
                  lb.one_over_w_centroid += lb.centroid[k] * s.inv_w[k];
               }
            }
         }
         if (c.quads.size() == kCoreQuads)
            shade_quads(c);
      },
      grid_, tiles);
}

} // namespace lsgpu::sim
