/* SPDX-License-Identifier: MIT */

/* The DRAW front end: indices → vertex fetch → vertex shader warps → primitive
 * assembly → clipping → viewport → culling, polygon mode and offset → rasterizer
 * (triangles; lines and points as the quads GL defines) → fragment shader warps with
 * the texture unit → output merger. Every unit is its own file; this one sequences them and owns
 * the fault rules of the DRAW packet (docs/command-stream-reference.md). */

#include "draw.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "../common/float_bits.h"
#include "../common/monotonic_clock.h"
#include "address_space.h"
#include "clipper.h"
#include "counters.h"
#include "output_merger.h"
#include "rasterizer.h"
#include "shader_core.h"
#include "texture_sampler.h"
#include "vertex_fetch.h"

namespace lsgpu::sim
{

namespace
{

constexpr uint32_t kRestart = UINT32_MAX; /* marks a restart in the index list */
constexpr unsigned kSlots = LSGPU_IO_SLOTS;
constexpr unsigned kBlockBytes = LSGPU_IO_SLOTS * LSGPU_IO_SLOT_BYTES;

/* Reads a descriptor and decodes it (reserved bits zero, fields in range). */
template <typename T>
lsgpu_fault
read_descriptor(const AddressSpace &as, uint64_t va, unsigned words,
                lsgpu_fault (*decode)(const uint32_t *, T *), T *out)
{
   AddressSpace::Access a = as.translate(va, words * 4ull, false);
   if (!a.host)
      return a.fault;
   std::vector<uint32_t> dw(words);
   memcpy(dw.data(), a.host, words * 4ull); /* copied once: memory may change under us */
   return decode(dw.data(), out);
}

/* Per-draw scratch memory the shaders see: input and output blocks of one warp. The
 * blocks live outside the job's address space, in the shader core's view only. */
struct WarpBlocks {
   std::vector<uint8_t> in = std::vector<uint8_t>(kWarpWidth * kBlockBytes);
   std::vector<uint8_t> out = std::vector<uint8_t>(kWarpWidth * kBlockBytes);
   uint32_t *in_slot(unsigned lane, unsigned slot)
   {
      return (uint32_t *)&in[lane * kBlockBytes + slot * 16];
   }
   const uint32_t *out_slot(unsigned lane, unsigned slot) const
   {
      return (const uint32_t *)&out[lane * kBlockBytes + slot * 16];
   }
};

/* The shader core addresses the blocks through this address space: the job's own
 * mappings plus the two blocks at fixed addresses above the low 4 GiB the kernel
 * hands out... they must be reachable with 32-bit pointers, so they take the top of
 * the 32-bit space just below shared memory. */
constexpr uint32_t kInBlockVa = 0xfe000000u, kOutBlockVa = 0xfe100000u;

class Draw
{
 public:
   Draw(const lsgpu_draw &d, const AddressSpace &as, uint32_t *regs, Counters &counters,
        int64_t deadline_ns)
       : d_(d), job_as_(as), regs_(regs), counters_(counters), deadline_ns_(deadline_ns),
         textures_(as, counters)
   {
   }

   lsgpu_fault run();

 private:
   /* A primitive of the draw: entries (positions in the index list) of its 1, 2 or 3
    * vertices, and which of them provokes flat values. */
   struct Prim {
      uint32_t v[3];
      uint8_t n;
      uint8_t provoking;
      bool first_of_strip = true; /* lines: the stipple counter starts again */
   };
   static constexpr size_t kBatchPrims = 256;

   /* A vertex after the perspective divide and the viewport transform. */
   struct Window {
      RasterVertex xy;
      float z, inv_w;
   };

   /* What the rasterizer interpolates over one raster triangle: the vertex whose
    * outputs each corner carries (lines and points repeat their vertices), with its
    * window depth and 1/w. */
   struct Setup {
      Setup(const ClipVertex *provoking_vertex, bool front_facing, float offset)
          : provoking(provoking_vertex), front(front_facing), z_offset(offset)
      {
      }
      const ClipVertex *attr[3];
      float z[3], inv_w[3];
      const ClipVertex *provoking;
      bool front;
      float z_offset;
      bool point = false;
      float point_x0, point_y0, point_size; /* the point's square, for sprite coordinates */
      bool line = false;
      float line_x0, line_y0, line_dx, line_dy; /* outputs vary with the projection on it */
      bool line_x_major;
      int line_first, line_dir; /* first column (row) and the direction along the line */
      uint32_t stipple_start;   /* the stipple counter at the first column */
   };

   lsgpu_fault load_state();
   lsgpu_fault vertex_id(uint32_t i, uint32_t *id);
   lsgpu_fault shade_vertices(const std::vector<uint32_t> &positions, uint32_t instance,
                              std::vector<ClipVertex> *out);
   lsgpu_fault assemble(uint32_t instance);
   lsgpu_fault draw_batch(uint32_t instance);
   Window window(const ClipVertex &v) const;
   lsgpu_fault draw_triangle(const ClipVertex *v[3], const ClipVertex &provoking);
   lsgpu_fault draw_line(ClipVertex a, ClipVertex b, const ClipVertex &provoking, bool front,
                         float z_offset, bool first_of_strip = true);
   lsgpu_fault draw_point(const ClipVertex &v, bool front, float z_offset);
   lsgpu_fault raster(const RasterVertex rv[3], const Setup &setup);
   lsgpu_fault raster_quadrilateral(const RasterVertex c[4], const Setup &setup);
   lsgpu_fault flush_quads();
   lsgpu_fault run_warp(const ShaderProgram &prog, uint64_t constants, std::vector<Warp> &warps);
   float polygon_offset(const Window w[3]) const;

   const lsgpu_draw &d_;
   const AddressSpace &job_as_;
   AddressSpace as_; /* the job's mappings plus the warp blocks */
   uint32_t *regs_;
   Counters &counters_;
   int64_t deadline_ns_;
   TextureSampler textures_;
   lsgpu_draw_state st_;
   lsgpu_vertex_element elements_[16];
   lsgpu_render_target rts_[8];
   ShaderProgram vs_, fs_;
   WarpBlocks blocks_;
   ClipPlanes planes_;
   DepthTarget zs_;
   LogicOp logic_;
   RasterRect rect_;
   float depth_min_ = 0.0f, depth_max_ = 1.0f; /* the viewport's depth range (depth clamp) */
   uint32_t stipple_counter_ = 0;              /* line stipple: fragments along the current strip */
   uint64_t zpass_ = 0, primitives_ = 0, fragments_ = 0;

   /* Quads waiting for a fragment warp, with the inputs of their lanes. */
   struct PendingQuad {
      RasterQuad quad;
      bool front;
      float inputs[4][kSlots][4];
   };
   std::vector<PendingQuad> pending_;
   std::vector<Prim> batch_;
};

/* Fields whose ranges involve several fields or values the generated validator does
 * not know (docs/command-stream-reference.md, DRAW_STATE). */
bool
draw_state_consistent(const lsgpu_draw_state &st)
{
   for (unsigned i = 0; i < 16; i++)
      if (st.fs_input_slot[i] != LSGPU_FS_INPUT_NONE && st.fs_input_slot[i] >= kSlots)
         return false;
   if (st.clip_enable && st.clip_slot + (st.clip_enable > 0xf ? 1u : 0u) >= st.num_vs_outputs)
      return false;
   return std::isfinite(st.point_size) && std::isfinite(st.line_width) &&
          std::isfinite(st.offset_units) && std::isfinite(st.offset_scale) &&
          std::isfinite(st.offset_clamp);
}

lsgpu_fault
Draw::load_state()
{
   lsgpu_fault f =
      read_descriptor(job_as_, d_.state_va, LSGPU_DRAW_STATE_LENGTH, lsgpu_decode_draw_state, &st_);
   if (f == LSGPU_FAULT_NONE && !draw_state_consistent(st_))
      f = LSGPU_FAULT_BAD_ARGUMENT;
   if (f != LSGPU_FAULT_NONE)
      return f;
   for (unsigned i = 0; i < st_.num_elements; i++) {
      f = read_descriptor(job_as_, st_.elements_va + 4ull * LSGPU_VERTEX_ELEMENT_LENGTH * i,
                          LSGPU_VERTEX_ELEMENT_LENGTH, lsgpu_decode_vertex_element, &elements_[i]);
      if (f != LSGPU_FAULT_NONE)
         return f;
   }
   for (unsigned i = 0; i < st_.num_rts; i++) {
      f = read_descriptor(job_as_, st_.rt_va + 4ull * LSGPU_RENDER_TARGET_LENGTH * i,
                          LSGPU_RENDER_TARGET_LENGTH, lsgpu_decode_render_target, &rts_[i]);
      if (f != LSGPU_FAULT_NONE)
         return f;
   }
   /* Shaders and everything they address use 32-bit pointers (docs/isa.md §4). */
   const uint64_t limit = 1ull << 32;
   if (st_.vs_code_va >= limit || st_.fs_code_va >= limit || st_.vs_constants_va >= limit ||
       st_.fs_constants_va >= limit || st_.textures_va >= limit ||
       st_.stack_va + 16ull * st_.stack_size > kInBlockVa)
      return LSGPU_FAULT_BAD_ARGUMENT;
   f = shader_program_load(job_as_, st_.vs_code_va, st_.vs_code_size, &vs_);
   if (f == LSGPU_FAULT_NONE)
      f = shader_program_load(job_as_, st_.fs_code_va, st_.fs_code_size, &fs_);
   if (f != LSGPU_FAULT_NONE)
      return f;

   planes_.num_slots = st_.num_vs_outputs;
   planes_.enable = st_.clip_enable;
   planes_.slot = st_.clip_slot;
   planes_.clip_z = !st_.depth_clamp;
   planes_.half_z = st_.clip_halfz;
   {
      /* z_w = z_ndc · scale + translate, z_ndc from −1 (or 0 with half-z) to 1. */
      const float scale = st_.viewport_scale[2], translate = st_.viewport_translate[2];
      const float near = (planes_.half_z ? 0.0f : -scale) + translate, far = scale + translate;
      depth_min_ = std::min(near, far);
      depth_max_ = std::max(near, far);
   }
   zs_ = {st_.zs_va, st_.zs_pitch, st_.zs_format, st_.depth_func, st_.depth_write, st_.stencil_mode,
          {}};
   for (unsigned face = 0; face < 2; face++)
      zs_.stencil[face] = {st_.stencil_func[face],
                           st_.stencil_fail_op[face],
                           st_.stencil_zfail_op[face],
                           st_.stencil_zpass_op[face],
                           (uint8_t)st_.stencil_ref[face],
                           (uint8_t)st_.stencil_value_mask[face],
                           (uint8_t)st_.stencil_write_mask[face]};
   logic_ = {st_.logic_op_enable, st_.logic_op};
   rect_ = {(int)st_.scissor_min_x, (int)st_.scissor_min_y,
            (int)std::min<uint32_t>(st_.scissor_max_x, st_.width),
            (int)std::min<uint32_t>(st_.scissor_max_y, st_.height)};
   return LSGPU_FAULT_NONE;
}

/* The vertex id of entry i of the draw (kRestart for a restart index). */
lsgpu_fault
Draw::vertex_id(uint32_t i, uint32_t *id)
{
   if (d_.index_size == 0) {
      *id = d_.first + i;
      return LSGPU_FAULT_NONE;
   }
   AddressSpace::Access a = job_as_.translate(
      d_.index_va + ((uint64_t)d_.first + i) * d_.index_size, d_.index_size, false);
   if (!a.host)
      return a.fault;
   uint32_t index = 0;
   memcpy(&index, a.host, d_.index_size);
   *id = d_.restart && index == d_.restart_index ? kRestart : index + d_.base_vertex;
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
Draw::run_warp(const ShaderProgram &prog, uint64_t constants, std::vector<Warp> &warps)
{
   Warp &w = warps[0];
   for (unsigned l = 0; l < kWarpWidth; l++) {
      w.x[LSGPU_ABI_REG_STACK][l] = (uint32_t)(st_.stack_va + (l + 1) * (uint64_t)st_.stack_size);
      w.x[LSGPU_ABI_REG_INPUT_BLOCK][l] = kInBlockVa + l * kBlockBytes;
      w.x[LSGPU_ABI_REG_OUTPUT_BLOCK][l] = kOutBlockVa + l * kBlockBytes;
      w.x[LSGPU_ABI_REG_CONSTANTS][l] = (uint32_t)constants;
      w.x[LSGPU_ABI_REG_DESCRIPTORS][l] = (uint32_t)st_.textures_va;
      w.x[LSGPU_ABI_REG_SHARED_MEMORY][l] = kSharedMemoryBase;
   }
   ShaderEnv env{as_, counters_, {}, 1 << 26, deadline_ns_};
   env.textures = &textures_;
   env.texture_table = (uint32_t)st_.textures_va;
   ShaderResult r = shader_run(prog, warps, env);
   return r.fault;
}

/* Runs the vertex shader for the draw entries in positions (sorted, unique), 16 to a
 * warp, into out (same order). */
lsgpu_fault
Draw::shade_vertices(const std::vector<uint32_t> &positions, uint32_t instance,
                     std::vector<ClipVertex> *out)
{
   out->assign(positions.size(), ClipVertex{});
   for (size_t base = 0; base < positions.size(); base += kWarpWidth) {
      const unsigned n = (unsigned)std::min<size_t>(kWarpWidth, positions.size() - base);
      std::vector<Warp> warps(1);
      for (unsigned l = 0; l < n; l++) {
         uint32_t id;
         lsgpu_fault f = vertex_id(positions[base + l], &id);
         for (unsigned e = 0; f == LSGPU_FAULT_NONE && e < st_.num_elements; e++)
            f = vertex_fetch(job_as_, elements_[e], id, instance, blocks_.in_slot(l, e));
         if (f != LSGPU_FAULT_NONE)
            return f;
         warps[0].sysval[LSGPU_SYSVAL_VERTEX_ID][l] = id;
         warps[0].sysval[LSGPU_SYSVAL_INSTANCE_ID][l] = instance;
      }
      warps[0].start((uint32_t)st_.vs_code_va, (uint16_t)((1u << n) - 1));
      for (unsigned l = 0; l < kWarpWidth; l++)
         warps[0].sysval[LSGPU_SYSVAL_LANE][l] = l;
      lsgpu_fault f = run_warp(vs_, st_.vs_constants_va, warps);
      if (f != LSGPU_FAULT_NONE)
         return f;
      for (unsigned l = 0; l < n; l++) {
         ClipVertex &v = (*out)[base + l];
         for (unsigned c = 0; c < 4; c++)
            v.pos[c] = as_float(blocks_.out_slot(l, 0)[c]);
         for (unsigned sl = 0; sl < st_.num_vs_outputs; sl++)
            for (unsigned c = 0; c < 4; c++)
               v.varying[sl][c] = as_float(blocks_.out_slot(l, sl)[c]);
      }
   }
   return LSGPU_FAULT_NONE;
}

/* Shades the vertices a batch of primitives uses and draws them. Batches bound the
 * memory a draw of any size needs. */
lsgpu_fault
Draw::draw_batch(uint32_t instance)
{
   std::vector<uint32_t> positions;
   for (const Prim &p : batch_)
      for (unsigned k = 0; k < p.n; k++)
         positions.push_back(p.v[k]);
   std::sort(positions.begin(), positions.end());
   positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
   std::vector<ClipVertex> verts;
   lsgpu_fault f = shade_vertices(positions, instance, &verts);
   if (f != LSGPU_FAULT_NONE)
      return f;
   auto vertex_at = [&](uint32_t pos) -> const ClipVertex & {
      return verts[std::lower_bound(positions.begin(), positions.end(), pos) - positions.begin()];
   };
   for (const Prim &p : batch_) {
      const ClipVertex &provoking = vertex_at(p.v[p.provoking]);
      if (p.n == 3) {
         const ClipVertex *tri[3] = {&vertex_at(p.v[0]), &vertex_at(p.v[1]), &vertex_at(p.v[2])};
         f = draw_triangle(tri, provoking);
      } else if (p.n == 2) {
         f = draw_line(vertex_at(p.v[0]), vertex_at(p.v[1]), provoking, true, 0.0f,
                       p.first_of_strip);
      } else if (clip_point(provoking, planes_)) {
         f = draw_point(provoking, true, 0.0f);
      }
      if (f != LSGPU_FAULT_NONE)
         return f;
      if (monotonic_now_ns() > deadline_ns_)
         return LSGPU_FAULT_TIMEOUT;
   }
   batch_.clear();
   return LSGPU_FAULT_NONE;
}

Draw::Window
Draw::window(const ClipVertex &v) const
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
   case LSGPU_ZFMT_Z32_FLOAT: {
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
Draw::draw_triangle(const ClipVertex *v[3], const ClipVertex &provoking)
{
   std::vector<ClipVertex> poly = clip_triangle(*v[0], *v[1], *v[2], planes_);
   if (poly.empty())
      return LSGPU_FAULT_NONE;
   std::vector<Window> win(poly.size());
   for (size_t i = 0; i < poly.size(); i++)
      win[i] = window(poly[i]);

   /* Facing from the sign of the area in (column, row) coordinates, as seen with row 0
    * at the top (Gallium's convention; st/mesa flips front_ccw where GL's y-up window
    * coordinates differ): negative is counter-clockwise. The clipped polygon is planar,
    * so its first non-degenerate fan triangle decides for all of it. */
   double area = 0;
   for (size_t t = 1; t + 1 < poly.size() && area == 0; t++) {
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
      for (const ClipVertex &p : poly) {
         lsgpu_fault f = draw_point(p, front, z_offset);
         if (f != LSGPU_FAULT_NONE)
            return f;
      }
      return LSGPU_FAULT_NONE;
   }
   if (fill == LSGPU_POLYGON_MODE_LINE) {
      for (size_t i = 0; i < poly.size(); i++) {
         lsgpu_fault f =
            draw_line(poly[i], poly[(i + 1) % poly.size()], provoking, front, z_offset);
         if (f != LSGPU_FAULT_NONE)
            return f;
      }
      return LSGPU_FAULT_NONE;
   }
   for (size_t t = 1; t + 1 < poly.size(); t++) {
      const size_t idx[3] = {0, t, t + 1};
      Setup s(&provoking, front, z_offset);
      RasterVertex rv[3];
      for (unsigned k = 0; k < 3; k++) {
         rv[k] = win[idx[k]].xy;
         s.attr[k] = &poly[idx[k]];
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
   if (!clip_line(a, b, planes_))
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
   const float width = std::round(std::clamp(st_.line_width, 1.0f, 8.0f));
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

/* A point is a square of its size centred on the vertex (GL 2.1 §3.3), every
 * fragment carrying the vertex's outputs and its own sprite coordinate. */
lsgpu_fault
Draw::draw_point(const ClipVertex &v, bool front, float z_offset)
{
   const Window w = window(v);
   float size = st_.point_size_per_vertex ? v.varying[1][0] : st_.point_size;
   size = std::isnan(size) ? 1.0f : std::clamp(size, 1.0f, 64.0f);
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

/* Rasterizes one triangle of a primitive and queues its quads with their
 * interpolated fragment inputs (docs/isa.md §5: slot 0 the fragment coordinate, slot
 * 1 the point coordinate, slots 2.. the varyings as DRAW_STATE.fs_inputs link them). */
lsgpu_fault
Draw::raster(const RasterVertex rv[3], const Setup &s)
{
   lsgpu_fault fault = LSGPU_FAULT_NONE;
   const bool line_stipple = s.line && st_.line_stipple_enable;
   const bool poly_stipple = !s.line && !s.point && st_.poly_stipple_enable;
   rasterize_triangle(rv, rect_, [&](const RasterQuad &q) {
      if (fault != LSGPU_FAULT_NONE)
         return;
      PendingQuad p;
      p.quad = q;
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
         if (!keep)
            p.quad.mask &= (uint8_t) ~(1u << l);
      }
      if (!p.quad.mask)
         return;
      p.front = s.front;
      for (unsigned l = 0; l < 4; l++) {
         /* Depth from the exact weights, everything else in single precision. */
         const double *bd = q.bary[l];
         float b_storage[3] = {(float)bd[0], (float)bd[1], (float)bd[2]};
         const float *b = b_storage;
         float line_bary[3];
         if (s.line) {
            /* Weights from the pixel centre's projection on the segment (GL 2.1 §3.4.1). */
            const float cx = q.x + (l & 1) + 0.5f - s.line_x0,
                        cy = q.y + (l >> 1) + 0.5f - s.line_y0;
            const float len2 = s.line_dx * s.line_dx + s.line_dy * s.line_dy;
            const float t = std::clamp((cx * s.line_dx + cy * s.line_dy) / len2, 0.0f, 1.0f);
            line_bary[0] = 1.0f - t;
            line_bary[1] = t;
            line_bary[2] = 0.0f;
            b = line_bary;
         }
         float one_over_w = 0;
         double z = 0;
         for (unsigned k = 0; k < 3; k++) {
            one_over_w += b[k] * s.inv_w[k];
            z += (s.line ? (double)b[k] : bd[k]) * s.z[k];
         }
         const float px = q.x + (l & 1) + 0.5f, py = q.y + (l >> 1) + 0.5f;
         float *in = p.inputs[l][0];
         in[0] = px;
         in[1] = py;
         in[2] = (float)(z + s.z_offset);
         if (st_.depth_clamp)
            in[2] = std::clamp(in[2], depth_min_, depth_max_);
         in[3] = one_over_w;
         float coord[4] = {0.0f, 0.0f, 0.0f, 1.0f};
         if (s.point) {
            coord[0] = (px - s.point_x0) / s.point_size;
            coord[1] = (py - s.point_y0) / s.point_size;
            if (st_.point_coord_lower_left)
               coord[1] = 1.0f - coord[1];
         }
         memcpy(p.inputs[l][1], coord, sizeof(coord));
         for (unsigned i = 0; i < 16; i++) {
            const unsigned src = st_.fs_input_slot[i];
            const lsgpu_interp interp = st_.fs_input_interp[i];
            float *dst = p.inputs[l][2 + i];
            if (interp == LSGPU_INTERP_POINT_COORD && s.point) {
               memcpy(dst, coord, sizeof(coord));
               continue;
            }
            if (src >= st_.num_vs_outputs) {
               dst[0] = dst[1] = dst[2] = 0.0f;
               dst[3] = 1.0f;
               continue;
            }
            for (unsigned c = 0; c < 4; c++) {
               if (interp == LSGPU_INTERP_FLAT) {
                  dst[c] = s.provoking->varying[src][c];
               } else if (interp == LSGPU_INTERP_LINEAR) {
                  float a = 0;
                  for (unsigned k = 0; k < 3; k++)
                     a += b[k] * s.attr[k]->varying[src][c];
                  dst[c] = a;
               } else {
                  float a = 0;
                  for (unsigned k = 0; k < 3; k++)
                     a += b[k] * s.inv_w[k] * s.attr[k]->varying[src][c];
                  dst[c] = a / one_over_w;
               }
            }
         }
      }
      pending_.push_back(p);
      if (pending_.size() == kWarpWidth / 4)
         fault = flush_quads();
   });
   return fault;
}

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
   w.start((uint32_t)st_.fs_code_va, lanes);
   w.helper = lanes & ~covered; /* uncovered quad lanes run as helpers (docs/isa.md §2) */
   for (unsigned l = 0; l < kWarpWidth; l++)
      w.sysval[LSGPU_SYSVAL_LANE][l] = l;
   memset(blocks_.out.data(), 0, blocks_.out.size());
   lsgpu_fault f = run_warp(fs_, st_.fs_constants_va, warps);
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
         const float z = st_.fs_writes_depth ? as_float(blocks_.out_slot(lane, 8)[0])
                                             : pending_[q].inputs[l][0][2];
         const int ref = st_.fs_writes_stencil ? (int)(uint8_t)blocks_.out_slot(lane, 8)[1] : -1;
         bool pass;
         f = depth_test(job_as_, zs_, x, y, z, pending_[q].front, &pass, ref);
         if (f != LSGPU_FAULT_NONE)
            return f;
         if (!pass)
            continue;
         if (!st_.no_occlusion_count)
            zpass_++;
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

lsgpu_fault
Draw::run()
{
   lsgpu_fault f = load_state();
   if (f != LSGPU_FAULT_NONE)
      return f;

   /* The shader core sees the job's memory plus the warp's I/O blocks. */
   as_ = job_as_;
   as_.map(kInBlockVa, blocks_.in.size(), blocks_.in.data(), false);
   as_.map(kOutBlockVa, blocks_.out.size(), blocks_.out.data());

   for (uint32_t inst = 0; inst < d_.instance_count && f == LSGPU_FAULT_NONE; inst++)
      f = assemble(inst);
   if (f == LSGPU_FAULT_NONE)
      f = flush_quads();
   counters_.primitives += primitives_;
   counters_.fragments += fragments_;
   if (f != LSGPU_FAULT_NONE)
      return f;
   uint64_t counter =
      (uint64_t)regs_[LSGPU_REG_ZPASS_LO / 4] | (uint64_t)regs_[LSGPU_REG_ZPASS_HI / 4] << 32;
   counter += zpass_;
   regs_[LSGPU_REG_ZPASS_LO / 4] = (uint32_t)counter;
   regs_[LSGPU_REG_ZPASS_HI / 4] = (uint32_t)(counter >> 32);
   return LSGPU_FAULT_NONE;
}

} // namespace

lsgpu_fault
draw_execute(const lsgpu_draw &d, const AddressSpace &as, uint32_t *regs, Counters &counters,
             int64_t deadline_ns)
{
   Draw draw(d, as, regs, counters, deadline_ns);
   return draw.run();
}

} // namespace lsgpu::sim
