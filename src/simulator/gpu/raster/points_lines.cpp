/* SPDX-License-Identifier: MIT */

/* Points (GL 2.1 §3.3) and lines (§3.4) as the squares and parallelograms GL defines,
 * rasterized as two triangles through the triangle rasterizer. */

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "common/float_bits.h"
#include "gpu/draw/draw_job.h"

namespace lsgpu::sim
{

/* Lines (GL 2.1 §3.4): the diamond-exit rule picks the columns of an x-major line
 * (rows of a y-major one): those whose centre the segment passes, plus the first
 * pixel when the segment starts inside its diamond, minus the last when it ends
 * inside one. Each such column gets width pixels around the segment, which a
 * parallelogram between the outer column boundaries covers exactly. */
lsgpu_fault
Draw::draw_line(ClipVertex a, ClipVertex b, const ClipVertex &provoking, bool front, float z_offset,
                bool first_of_strip)
{
   if (first_of_strip)
      stipple_counter_ = 0;
   const float width = std::round(std::clamp(st_.line_width, 1.0f, 8.0f));
   if (!clip_line(a, b, wide_planes(width)))
      return LSGPU_FAULT_NONE;
   const Window wa = window(a), wb = window(b);
   float ax = wa.xy.x, ay = wa.xy.y, bx = wb.xy.x, by = wb.xy.y;
   if (!std::isfinite(ax) || !std::isfinite(ay) || !std::isfinite(bx) || !std::isfinite(by))
      return LSGPU_FAULT_NONE;
   const bool x_major = std::fabs(bx - ax) >= std::fabs(by - ay);
   /* Work in (major, minor) coordinates. */
   float am = x_major ? ax : ay, an = x_major ? ay : ax;
   float bm = x_major ? bx : by, bn = x_major ? by : bx;
   if (am == bm)
      return LSGPU_FAULT_NONE;
   auto in_diamond = [](float m, float n) {
      return std::fabs(m - (std::floor(m) + 0.5f)) + std::fabs(n - (std::floor(n) + 0.5f)) < 0.5f;
   };
   const float dir = bm > am ? 1.0f : -1.0f;
   /* Columns c whose centre c + ½ lies in [am, bm) along the direction. */
   int first = dir > 0 ? (int)std::ceil(am - 0.5f) : (int)std::floor(am - 0.5f);
   int last = dir > 0 ? (int)std::ceil(bm - 0.5f) - 1 : (int)std::floor(bm - 0.5f) + 1;
   if (in_diamond(am, an))
      first = (int)std::floor(am);
   if (in_diamond(bm, bn)) {
      const int cb = (int)std::floor(bm);
      last = dir > 0 ? std::min(last, cb - 1) : std::max(last, cb + 1);
   }
   if ((last - first) * dir < 0)
      return LSGPU_FAULT_NONE;
   const float lo = (float)std::min(first, last), hi = (float)std::max(first, last) + 1.0f;
   const float slope = (bn - an) / (bm - am);
   const float half = 0.5f * width;
   /* Minor coordinate of the segment at the outer boundaries, then ± half. */
   const float n_lo = an + (lo - am) * slope, n_hi = an + (hi - am) * slope;
   auto vtx = [&](float m, float n) { return x_major ? RasterVertex{m, n} : RasterVertex{n, m}; };
   const RasterVertex p0 = vtx(lo, n_lo - half), p1 = vtx(lo, n_lo + half);
   const RasterVertex q0 = vtx(hi, n_hi - half), q1 = vtx(hi, n_hi + half);
   Setup s(&provoking, front, z_offset);
   for (unsigned k = 0; k < 3; k++) {
      s.attr[k] = k == 0 ? &a : &b;
      s.z[k] = k == 0 ? wa.z : wb.z;
      s.inv_w[k] = k == 0 ? wa.inv_w : wb.inv_w;
   }
   s.line = true;
   s.in_viewport = width > 1.0f;
   s.line_x0 = ax;
   s.line_y0 = ay;
   s.line_dx = bx - ax;
   s.line_dy = by - ay;
   s.line_x_major = x_major;
   s.line_first = first;
   s.line_dir = dir > 0 ? 1 : -1;
   s.stipple_start = stipple_counter_;
   stipple_counter_ += (uint32_t)std::abs(last - first) + 1;
   const RasterVertex corners[4] = {p0, q0, q1, p1};
   return raster_quadrilateral(corners, s);
}

/* Clipped at the viewport's edge, a wide line's width would end there and the part of
 * it inside from the line beyond would be missing; a wide point whose centre is outside
 * would be missing whole (dEQP-GLES2's clipping and wide line tests, and llvmpipe,
 * draw them): the x and y planes move out by half the width, and the viewport bounds
 * the pixels instead (viewport_rect_). */
ClipPlanes
Draw::wide_planes(float width) const
{
   ClipPlanes planes = planes_;
   if (width > 1.0f) {
      planes.guard_x = 1.0f + 0.5f * width / std::max(std::fabs(st_.viewport_scale[0]), 0.5f);
      planes.guard_y = 1.0f + 0.5f * width / std::max(std::fabs(st_.viewport_scale[1]), 0.5f);
   }
   return planes;
}

/* The diameter of v's point: DRAW_STATE's or the vertex's, within [1, 64]. */
float
Draw::point_size(const ClipVertex &v) const
{
   const float size =
      st_.point_size_per_vertex ? v.varying[LSGPU_SLOT_POINT_SIZE][0] : st_.point_size;
   return std::isnan(size) ? 1.0f : std::clamp(size, 1.0f, 64.0f);
}

/* A point is a square of its size centred on the vertex (GL 2.1 §3.3), every
 * fragment carrying the vertex's outputs and its own sprite coordinate. */
lsgpu_fault
Draw::draw_point(const ClipVertex &v, bool front, float z_offset)
{
   const Window w = window(v);
   float size = point_size(v);
   float cx = w.xy.x, cy = w.xy.y;
   if (!st_.point_sprite) {
      /* GL 2.1 §3.3: an integer size; odd sizes centre on the pixel holding the
       * vertex, even sizes on the nearest pixel corner. */
      size = std::max(1.0f, std::round(size));
      if ((int)size & 1) {
         cx = std::floor(cx) + 0.5f;
         cy = std::floor(cy) + 0.5f;
      } else {
         cx = std::floor(cx + 0.5f);
         cy = std::floor(cy + 0.5f);
      }
   }
   const float h = 0.5f * size;
   Setup s(&v, front, z_offset);
   for (unsigned k = 0; k < 3; k++) {
      s.attr[k] = &v;
      s.z[k] = w.z;
      s.inv_w[k] = w.inv_w;
   }
   s.point = true;
   s.in_viewport = size > 1.0f;
   s.point_x0 = cx - h;
   s.point_y0 = cy - h;
   s.point_size = size;
   const RasterVertex corners[4] = {
      {cx - h, cy - h}, {cx + h, cy - h}, {cx + h, cy + h}, {cx - h, cy + h}};
   return raster_quadrilateral(corners, s);
}

/* A point's square or a line's parallelogram as two triangles sharing the c0–c2
 * diagonal (the top-left rule gives each pixel on it to one of them); one primitive. */
lsgpu_fault
Draw::raster_quadrilateral(const RasterVertex c[4], const Setup &s)
{
   const RasterVertex t0[3] = {c[0], c[1], c[2]}, t1[3] = {c[0], c[2], c[3]};
   lsgpu_fault f = raster(t0, s);
   if (f == LSGPU_FAULT_NONE)
      f = raster(t1, s);
   primitives_++;
   return f;
}

} // namespace lsgpu::sim
