/* SPDX-License-Identifier: MIT */

/* Triangle setup: the viewport transform onto the 1/256 sub-pixel grid, facing and
 * culling, polygon mode (points and lines of a triangle) and polygon offset (GL 2.1
 * §3.5). */

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "common/float_bits.h"
#include "gpu/draw/draw_job.h"

namespace lsgpu::sim
{

Draw::Window
Draw::window(const ClipVertex &v) const
{
   if (v.prepared)
      return {{v.window[0], v.window[1]}, v.window[2], v.window[3]};
   return project(v);
}

Draw::Window
Draw::project(const ClipVertex &v) const
{
   Window w;
   w.inv_w = 1.0f / v.pos[3];
   /* Every primitive starts from positions on the sub-pixel grid, as triangles are
    * scan-converted: a point or line end a rounding error off a pixel edge then lands
    * on the same side wherever the viewport puts it (piglit's primitive-restart
    * tests draw the same points in two viewports and compare). */
   w.xy.x =
      snap_to_subpixel(v.pos[0] * w.inv_w * st_.viewport_scale[0] + st_.viewport_translate[0]);
   w.xy.y =
      snap_to_subpixel(v.pos[1] * w.inv_w * st_.viewport_scale[1] + st_.viewport_translate[1]);
   w.z = v.pos[2] * w.inv_w * st_.viewport_scale[2] + st_.viewport_translate[2];
   return w;
}

void
Draw::prepare(ClipVertex &v) const
{
   const Window w = project(v);
   v.window[0] = w.xy.x;
   v.window[1] = w.xy.y;
   v.window[2] = w.z;
   v.window[3] = w.inv_w;
   v.codes = plane_codes(v, planes_);
   v.prepared = true;
}

/* GL 2.1 §3.5.5: o = m · factor + r · units, m the larger depth slope of the
 * triangle, r the depth buffer's minimum resolvable difference. */
float
Draw::polygon_offset(const Window w[3]) const
{
   const double x1 = w[1].xy.x - w[0].xy.x, y1 = w[1].xy.y - w[0].xy.y, z1 = w[1].z - w[0].z;
   const double x2 = w[2].xy.x - w[0].xy.x, y2 = w[2].xy.y - w[0].xy.y, z2 = w[2].z - w[0].z;
   const double det = x1 * y2 - x2 * y1;
   double m = 0;
   if (det != 0) {
      const double dzdx = (z1 * y2 - z2 * y1) / det, dzdy = (x1 * z2 - x2 * z1) / det;
      m = std::max(std::fabs(dzdx), std::fabs(dzdy));
   }
   /* Units are two steps of the buffer's resolution, Gallium's convention (llvmpipe's
    * 2 × util_get_depth_format_mrd); GL 2.1 leaves r to the implementation. */
   double r;
   switch (st_.zs_format) {
   case LSGPU_ZFMT_Z16_UNORM:
      r = 2.0 / 65535.0;
      break;
   case LSGPU_ZFMT_Z32_FLOAT:
   case LSGPU_ZFMT_Z32_FLOAT_S8X24_UINT: {
      int e;
      std::frexp(std::max({std::fabs(w[0].z), std::fabs(w[1].z), std::fabs(w[2].z)}), &e);
      r = std::ldexp(1.0, e - 23);
      break;
   }
   default:
      r = 2.0 / 16777215.0;
      break;
   }
   double o = m * st_.offset_scale + r * st_.offset_units;
   if (st_.offset_clamp > 0)
      o = std::min(o, (double)st_.offset_clamp);
   else if (st_.offset_clamp < 0)
      o = std::max(o, (double)st_.offset_clamp);
   return (float)o;
}

lsgpu_fault
Draw::draw_triangle(const ClipVertex *v[3], const ClipVertex &provoking, uint8_t edges)
{
   /* Edge flags (DRAW_STATE.edge_flag_slot): an edge is drawn when its first vertex's
    * flag is set, and it is an edge of the primitive (not a quad's diagonal). */
   if (st_.edge_flag_slot != 0 && st_.edge_flag_slot < st_.num_vs_outputs) {
      for (unsigned k = 0; k < 3; k++)
         if (v[k]->varying[st_.edge_flag_slot][0] == 0.0f)
            edges &= (uint8_t) ~(1u << k);
   }
   /* The polygon to draw: the triangle itself when it lies inside every plane (no
    * copies), else what the clipper leaves of it. */
   PlaneCodes codes[3];
   for (unsigned k = 0; k < 3; k++)
      codes[k] = v[k]->prepared ? v[k]->codes : plane_codes(*v[k], planes_);
   const ClipSide side = clip_side(codes, planes_);
   if (side == ClipSide::Outside)
      return LSGPU_FAULT_NONE;
   std::vector<ClipVertex> clipped;
   const ClipVertex *poly[kMaxClippedVertices];
   bool edge[kMaxClippedVertices];
   size_t n = 3;
   if (side == ClipSide::Inside) {
      for (unsigned k = 0; k < 3; k++) {
         poly[k] = v[k];
         edge[k] = edges >> k & 1;
      }
   } else {
      clipped = clip_triangle(*v[0], *v[1], *v[2], planes_, edges);
      n = clipped.size();
      if (n == 0)
         return LSGPU_FAULT_NONE;
      for (size_t i = 0; i < n; i++) {
         poly[i] = &clipped[i];
         edge[i] = clipped[i].edge;
      }
   }
   Window win[kMaxClippedVertices];
   for (size_t i = 0; i < n; i++)
      win[i] = window(*poly[i]);

   /* Facing from the sign of the area in (column, row) coordinates, as seen with row 0
    * at the top (Gallium's convention; st/mesa flips front_ccw where GL's y-up window
    * coordinates differ): negative is counter-clockwise. The clipped polygon is planar,
    * so its first non-degenerate fan triangle decides for all of it. */
   double area = 0;
   for (size_t t = 1; t + 1 < n && area == 0; t++) {
      const RasterVertex tri[3] = {win[0].xy, win[t].xy, win[t + 1].xy};
      area = snapped_area(tri);
   }
   if (area == 0)
      return LSGPU_FAULT_NONE;
   const bool front = (area < 0) == st_.front_ccw;
   if (st_.cull == LSGPU_CULL_BOTH || (front && st_.cull == LSGPU_CULL_FRONT) ||
       (!front && st_.cull == LSGPU_CULL_BACK))
      return LSGPU_FAULT_NONE;

   const lsgpu_polygon_mode fill = front ? st_.fill_front : st_.fill_back;
   const bool offset = fill == LSGPU_POLYGON_MODE_POINT  ? st_.offset_point
                       : fill == LSGPU_POLYGON_MODE_LINE ? st_.offset_line
                                                         : st_.offset_fill;
   float z_offset = 0.0f;
   if (offset) {
      const Window tri[3] = {win[0], win[1], win[2]};
      z_offset = polygon_offset(tri);
   }
   if (fill == LSGPU_POLYGON_MODE_POINT) {
      for (size_t i = 0; i < n; i++) {
         if (!edge[i])
            continue; /* its edge is hidden, or another triangle of the quad draws it */
         lsgpu_fault f = draw_point(*poly[i], front, z_offset);
         if (f != LSGPU_FAULT_NONE)
            return f;
      }
      return LSGPU_FAULT_NONE;
   }
   if (fill == LSGPU_POLYGON_MODE_LINE) {
      for (size_t i = 0; i < n; i++) {
         if (!edge[i])
            continue;
         lsgpu_fault f = draw_line(*poly[i], *poly[(i + 1) % n], provoking, front, z_offset);
         if (f != LSGPU_FAULT_NONE)
            return f;
      }
      return LSGPU_FAULT_NONE;
   }
   for (size_t t = 1; t + 1 < n; t++) {
      const size_t idx[3] = {0, t, t + 1};
      Setup s(&provoking, front, z_offset);
      RasterVertex rv[3];
      for (unsigned k = 0; k < 3; k++) {
         rv[k] = win[idx[k]].xy;
         s.attr[k] = poly[idx[k]];
         s.z[k] = win[idx[k]].z;
         s.inv_w[k] = win[idx[k]].inv_w;
      }
      lsgpu_fault f = raster(rv, s);
      if (f != LSGPU_FAULT_NONE)
         return f;
   }
   primitives_++;
   return LSGPU_FAULT_NONE;
}

} // namespace lsgpu::sim
