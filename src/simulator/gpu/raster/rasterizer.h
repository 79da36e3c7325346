/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_RASTERIZER_H
#define LSGPU_SIM_RASTERIZER_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "lsgpu_isa.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

/* Sub-pixel precision: window coordinates snap to 1/256 pixel (docs/simulator.md). */
constexpr int kSubpixelBits = LSGPU_SUBPIXEL_BITS;

/* llround() of a float scaled by a power of two below 2^10 with |v| ≤ 1e6: the sum
 * with ±0.5 is exact in double (the value has 24 significant bits and is below 2^28),
 * so truncating it rounds halves away from zero as llround does, without the libm call
 * (a call per coordinate was 2 % of a dense mesh's replay). */
inline int64_t
round_scaled(float v, float scale)
{
   const double d = (double)v * scale;
   return (int64_t)(d + (d >= 0 ? 0.5 : -0.5));
}

/* A window coordinate rounded to the sub-pixel grid (non-finite values unchanged). */
inline float
snap_to_subpixel(float v)
{
   constexpr float kScale = (float)(1 << kSubpixelBits);
   /* copysign: a value that rounds to zero keeps its sign, as std::round's does. */
   return std::fabs(v) < 1e6f ? std::copysign((float)round_scaled(v, kScale) / kScale, v) : v;
}

struct RasterVertex {
   float x, y; /* window coordinates, y growing downwards (row 0 first) */
};

/* Where coverage is tested in a pixel: at its centre, for one sample or for four that
 * share it (multisampling off), or at the four sample positions of DRAW_STATE's
 * constants SAMPLE0_X..SAMPLE3_Y. */
struct SampleGrid {
   unsigned samples = 1; /* 1 or 4 */
   bool per_sample = false;
};

/* A 2×2 quad of pixels (x, y) .. (x + 1, y + 1), x and y even. Lane i of the quad is
 * pixel (x + (i & 1), y + (i >> 1)) (docs/isa.md §2). mask has a bit per pixel with at
 * least one covered sample; the others are helpers. samples[i] has a bit per covered
 * sample of lane i. bary[i] are the weights of vertices 0, 1, 2 at the pixel's centre
 * (they sum to 1; outside the triangle they extrapolate), sample_bary[i][s] those at
 * sample s when coverage is per sample. */
struct RasterQuad {
   int x, y;
   uint8_t mask;
   uint8_t samples[4];
   double bary[4][3]; /* double: depth interpolates from them at 24-bit precision */
   double sample_bary[4][4][3];
};

struct RasterRect {
   int min_x, min_y, max_x, max_y; /* pixels drawn: [min, max) */
};

/* The shader cores share the screen by tiles: pixel (x, y) belongs to core
 * ((x / 16) + (y / 16)) mod LSGPU_JOB_SHADER_CORES, 16×16 tiles dealt diagonally so
 * that any region a few tiles across keeps every core busy (docs/simulator.md). */
constexpr int kTileShift = 4;
constexpr unsigned kTileCores = LSGPU_JOB_SHADER_CORES;

inline unsigned
tile_core(int x, int y)
{
   return (unsigned)((x >> kTileShift) + (y >> kTileShift)) % kTileCores;
}

/* Which quads rasterize_triangle visits: all, or only those of one core's tiles. */
struct TileFilter {
   static constexpr unsigned kAll = ~0u;
   unsigned core = kAll;
};

/* The signed doubled area rasterize_triangle would see, after snapping: facing and
 * culling decided from it agree with the coverage for every sliver triangle. */
double snapped_area(const RasterVertex v[3]);

namespace raster_detail
{

constexpr int64_t kOne = 1 << kSubpixelBits;

struct Edge {
   int64_t a, b, c; /* E(x, y) = a x + b y + c, in sub-pixel units squared */
   bool inclusive;  /* a centre on the edge is inside (top or left edge) */

   int64_t at(int64_t x, int64_t y) const { return a * x + b * y + c; }
   bool inside(int64_t e) const { return e > 0 || (e == 0 && inclusive); }
};

/* The edge from p to q of a triangle wound so that its interior is on the positive
 * side, which with y down is clockwise on screen: a top edge is horizontal and runs
 * to the right (q.x > p.x), a left edge runs up (q.y < p.y). */
inline Edge
make_edge(int64_t px, int64_t py, int64_t qx, int64_t qy)
{
   Edge e;
   e.a = py - qy;
   e.b = qx - px;
   e.c = px * qy - py * qx;
   const bool top = py == qy && qx > px;
   const bool left = qy < py;
   e.inclusive = top || left;
   return e;
}

/* Snaps to sub-pixel fixed point; false for a non-finite coordinate. */
inline bool
snap(const RasterVertex v[3], int64_t x[3], int64_t y[3])
{
   for (unsigned i = 0; i < 3; i++) {
      if (!std::isfinite(v[i].x) || !std::isfinite(v[i].y))
         return false;
      /* Clamp far outside the render target so fixed point cannot overflow; the clipper
       * keeps real triangles within the view volume. */
      x[i] = round_scaled(std::clamp(v[i].x, -1e6f, 1e6f), (float)kOne);
      y[i] = round_scaled(std::clamp(v[i].y, -1e6f, 1e6f), (float)kOne);
   }
   return true;
}

} // namespace raster_detail

/* Scan-converts a triangle with edge functions on snapped coordinates and GL's
 * rasterization rule for shared edges (a centre exactly on an edge belongs to the
 * triangle when the edge is a top or a left edge, y down), at each sample of grid.
 * Calls emit for every quad inside rect with at least one covered sample, row by row
 * (a template so that emit, called once per quad, is inlined); with tiles, only the
 * quads of that core's tiles, in the same order. Returns the
 * triangle's signed doubled area in pixels after snapping, x right and y down
 * (negative: counter-clockwise on screen); 0 means degenerate, nothing emitted. */
template <typename Emit>
double
rasterize_triangle(const RasterVertex v[3], const RasterRect &rect, Emit &&emit,
                   const SampleGrid &grid = SampleGrid(), TileFilter tiles = TileFilter())
{
   constexpr int64_t kOne = raster_detail::kOne;
   /* Sample positions in sub-pixel units from the pixel's top-left corner. */
   constexpr int64_t kSixteenth = kOne / 16;
   static const int64_t kPositions[4][2] = {
      {LSGPU_SAMPLE0_X * kSixteenth, LSGPU_SAMPLE0_Y * kSixteenth},
      {LSGPU_SAMPLE1_X * kSixteenth, LSGPU_SAMPLE1_Y * kSixteenth},
      {LSGPU_SAMPLE2_X * kSixteenth, LSGPU_SAMPLE2_Y * kSixteenth},
      {LSGPU_SAMPLE3_X * kSixteenth, LSGPU_SAMPLE3_Y * kSixteenth}};
   const bool per_sample = grid.per_sample && grid.samples == 4;
   const uint8_t all_samples = (uint8_t)((1u << grid.samples) - 1);
   int64_t x[3], y[3];
   if (!raster_detail::snap(v, x, y))
      return 0;
   const int64_t area = (x[1] - x[0]) * (y[2] - y[0]) - (x[2] - x[0]) * (y[1] - y[0]);
   if (area == 0)
      return 0;
   /* Wind so the interior is on the positive side of each edge. Edge k is the one
    * opposite vertex k: its function at a point is vertex k's weight there, times the
    * area. */
   int i0 = 0, i1 = 1, i2 = 2;
   if (area < 0)
      std::swap(i1, i2);
   raster_detail::Edge e[3];
   e[i0] = raster_detail::make_edge(x[i1], y[i1], x[i2], y[i2]);
   e[i1] = raster_detail::make_edge(x[i2], y[i2], x[i0], y[i0]);
   e[i2] = raster_detail::make_edge(x[i0], y[i0], x[i1], y[i1]);
   const double inv_area = 1.0 / (double)std::llabs(area);
   /* Edge k's inside() as one compare: E > beyond[k]. */
   const int64_t beyond[3] = {e[0].inclusive ? -1 : 0, e[1].inclusive ? -1 : 0,
                              e[2].inclusive ? -1 : 0};

   /* Whole pixels: an arithmetic shift floors, and ceil(v) = -floor(-v). */
   int min_x = (int)(std::min({x[0], x[1], x[2]}) >> kSubpixelBits);
   int max_x = (int)-(-std::max({x[0], x[1], x[2]}) >> kSubpixelBits);
   int min_y = (int)(std::min({y[0], y[1], y[2]}) >> kSubpixelBits);
   int max_y = (int)-(-std::max({y[0], y[1], y[2]}) >> kSubpixelBits);
   min_x = std::max(min_x, rect.min_x) & ~1;
   min_y = std::max(min_y, rect.min_y) & ~1;
   max_x = std::min(max_x, rect.max_x);
   max_y = std::min(max_y, rect.max_y);

   /* floor() of a column bound, which lies within four pixels of [min_x, max_x]
    * (an integer conversion: floor is a libm call in this build). */
   auto floor_column = [](double v) { return (int)(v + 65536.0) - 65536; };
   /* Spans to the pixel centres need the bounds exact: coordinates within 2^14 pixels
    * keep every product below in double's 53 bits. */
   constexpr int64_t kExact = (int64_t)1 << (14 + kSubpixelBits);
   bool centre_spans = !per_sample;
   for (unsigned i = 0; i < 3; i++)
      centre_spans &= std::llabs(x[i]) < kExact && std::llabs(y[i]) < kExact;
   for (int qy = min_y; qy < max_y; qy += 2) {
      /* The columns of this row of quads where the triangle can be: for each edge, the
       * x beyond which the edge function is negative at the rows' samples (linear in
       * y, so its largest value is at the first row's or the second's), widened by a
       * quad for rounding where samples are not at pixel centres. Only a speed-up:
       * the coverage of every pixel is still decided by the tests below, so thin
       * triangles cost their area, not their bounding box. */
      const double y_lo = centre_spans ? (double)qy * kOne + kOne / 2 : (double)qy * kOne,
                   y_hi =
                      centre_spans ? (double)(qy + 1) * kOne + kOne / 2 : (double)(qy + 2) * kOne;
      double x_lo = (double)min_x * kOne, x_hi = (double)max_x * kOne;
      for (unsigned k = 0; k < 3 && x_lo <= x_hi; k++) {
         const double by = std::max((double)e[k].b * y_lo, (double)e[k].b * y_hi);
         const double rhs = -(by + (double)e[k].c); /* inside needs a x >= rhs */
         if (e[k].a > 0)
            x_lo = std::max(x_lo, rhs / (double)e[k].a);
         else if (e[k].a < 0)
            x_hi = std::min(x_hi, rhs / (double)e[k].a);
         else if (rhs > 0)
            x_hi = x_lo - 1; /* a horizontal edge with the band wholly outside */
      }
      if (x_lo > x_hi)
         continue;
      const double lo = std::clamp(x_lo / kOne, (double)min_x - 4, (double)max_x + 4);
      const double hi = std::clamp(x_hi / kOne, (double)min_x - 4, (double)max_x + 4);
      int span_lo, span_hi;
      if (centre_spans) {
         /* Columns whose centre px + 0.5 is within [lo, hi], give or take 1/64 pixel,
          * far above the division's rounding. */
         span_lo = std::max(min_x, floor_column(lo - 0.5 - 1.0 / 64) & ~1);
         span_hi = std::min(max_x, floor_column(hi - 0.5 + 1.0 / 64) + 1);
      } else {
         span_lo = std::max(min_x, (floor_column(lo) - 2) & ~1);
         span_hi = std::min(max_x, floor_column(hi) + 3);
      }
      /* Rows of the quad inside rect: with the columns below, a quad wholly inside
       * needs no test per pixel. */
      const bool rows_in = qy >= rect.min_y && qy + 2 <= rect.max_y;
      for (int qx = span_lo; qx < span_hi; qx += 2) {
         if (tiles.core != TileFilter::kAll) {
            /* Another core's tile: on to the first column of the next of ours in
             * this row (tiles along a row belong to the cores in turn). */
            const unsigned owner = tile_core(qx, qy);
            if (owner != tiles.core) {
               const int ahead = (int)((tiles.core + kTileCores - owner) % kTileCores);
               qx = ((qx >> kTileShift) + ahead) << kTileShift;
               if (qx >= span_hi)
                  break;
            }
         }
         RasterQuad q;
         q.x = qx;
         q.y = qy;
         q.mask = 0;
         const bool quad_in = rows_in && qx >= rect.min_x && qx + 2 <= rect.max_x;
         /* The edge functions at the quad's first centre; the other lanes' differ by
          * a pixel's step in x, y or both (exact: integers). */
         int64_t w[4][3];
         const int64_t cx = (int64_t)qx * kOne + kOne / 2, cy = (int64_t)qy * kOne + kOne / 2;
         for (unsigned k = 0; k < 3; k++) {
            w[0][k] = e[k].at(cx, cy);
            w[1][k] = w[0][k] + e[k].a * kOne;
            w[2][k] = w[0][k] + e[k].b * kOne;
            w[3][k] = w[1][k] + e[k].b * kOne;
         }
         if (!per_sample) {
            /* Without branches: whether a small triangle covers a centre is a coin
             * toss the host's branch predictor loses (a third of this function's
             * time went to the tests). */
            unsigned cover = 0;
            for (unsigned l = 0; l < 4; l++) {
               const int px = qx + (int)(l & 1), py = qy + (int)(l >> 1);
               const bool in_rect = quad_in | ((px >= rect.min_x) & (px < rect.max_x) &
                                               (py >= rect.min_y) & (py < rect.max_y));
               cover |= (unsigned)(in_rect & (w[l][0] > beyond[0]) & (w[l][1] > beyond[1]) &
                                   (w[l][2] > beyond[2]))
                        << l;
            }
            q.mask = (uint8_t)cover;
            for (unsigned l = 0; l < 4; l++)
               q.samples[l] = (cover >> l & 1) ? all_samples : 0;
         } else {
            for (unsigned l = 0; l < 4; l++) {
               const int px = qx + (l & 1), py = qy + (l >> 1);
               const bool in_rect = quad_in || (px >= rect.min_x && px < rect.max_x &&
                                                py >= rect.min_y && py < rect.max_y);
               q.samples[l] = 0;
               for (unsigned s = 0; s < 4 && in_rect; s++) {
                  const int64_t sx = (int64_t)px * kOne + kPositions[s][0],
                                sy = (int64_t)py * kOne + kPositions[s][1];
                  const int64_t ws[3] = {e[0].at(sx, sy), e[1].at(sx, sy), e[2].at(sx, sy)};
                  if (e[0].inside(ws[0]) && e[1].inside(ws[1]) && e[2].inside(ws[2]))
                     q.samples[l] |= 1u << s;
                  for (unsigned k = 0; k < 3; k++)
                     q.sample_bary[l][s][k] = (double)ws[k] * inv_area;
               }
               if (q.samples[l])
                  q.mask |= 1u << l;
            }
         }
         /* Most quads the spans visit cover nothing (a small triangle's bounding quads):
          * their weights are never asked for. */
         if (!q.mask)
            continue;
         for (unsigned l = 0; l < 4; l++)
            for (unsigned k = 0; k < 3; k++)
               q.bary[l][k] = (double)w[l][k] * inv_area;
         emit(q);
      }
   }
   return (double)area / (double)(kOne * kOne);
}

} // namespace lsgpu::sim

#endif
