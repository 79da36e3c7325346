/* SPDX-License-Identifier: MIT */

/* The DRAW front end: indices → vertex fetch → vertex shader warps → primitive
 * assembly → clipping → viewport → culling → rasterizer → fragment shader warps →
 * output merger. Every unit is its own file; this one sequences them and owns the
 * fault rules of the DRAW packet (docs/command-stream-reference.md). */

#include "draw.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "../common/monotonic_clock.h"
#include "address_space.h"
#include "clipper.h"
#include "counters.h"
#include "output_merger.h"
#include "rasterizer.h"
#include "shader_core.h"
#include "vertex_fetch.h"

namespace lsgpu::sim
{

namespace
{

constexpr uint32_t kRestart = UINT32_MAX; /* marks a restart in the index list */
constexpr unsigned kSlots = 18;
constexpr unsigned kBlockBytes = kSlots * 16;

float
as_f(uint32_t u)
{
   float f;
   memcpy(&f, &u, 4);
   return f;
}

uint32_t
as_u(float f)
{
   uint32_t u;
   memcpy(&u, &f, 4);
   return u;
}

template <typename T>
lsgpu_fault
read_descriptor(const AddressSpace &as, uint64_t va, unsigned words,
                void (*unpack)(const uint32_t *, T *), T *out)
{
   AddressSpace::Access a = as.translate(va, words * 4ull, false);
   if (!a.host)
      return a.fault;
   std::vector<uint32_t> dw(words);
   memcpy(dw.data(), a.host, words * 4ull); /* copied once: memory may change under us */
   unpack(dw.data(), out);
   return LSGPU_FAULT_NONE;
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
       : d_(d), job_as_(as), regs_(regs), counters_(counters), deadline_ns_(deadline_ns)
   {
   }

   lsgpu_fault run();

 private:
   /* A triangle of the draw: entries (positions in the index list) of its vertices,
    * and which of the three provokes flat values. */
   struct Tri {
      uint32_t v[3];
      unsigned provoking;
   };
   static constexpr size_t kBatchTriangles = 256;

   lsgpu_fault load_state();
   lsgpu_fault vertex_id(uint32_t i, uint32_t *id);
   lsgpu_fault shade_vertices(const std::vector<uint32_t> &positions, uint32_t instance,
                              std::vector<ClipVertex> *out);
   lsgpu_fault draw_batch(uint32_t instance);
   lsgpu_fault draw_triangle(const ClipVertex *v[3], const ClipVertex &provoking);
   lsgpu_fault flush_quads();
   lsgpu_fault run_warp(const ShaderProgram &prog, uint64_t constants, std::vector<Warp> &warps);

   const lsgpu_draw &d_;
   const AddressSpace &job_as_;
   AddressSpace as_; /* the job's mappings plus the warp blocks */
   uint32_t *regs_;
   Counters &counters_;
   int64_t deadline_ns_;
   lsgpu_draw_state st_;
   lsgpu_vertex_element elements_[16];
   lsgpu_render_target rts_[8];
   ShaderProgram vs_, fs_;
   WarpBlocks blocks_;
   uint64_t zpass_ = 0;

   /* Quads waiting for a fragment warp, with the inputs of their lanes. */
   struct PendingQuad {
      RasterQuad quad;
      bool front;
      float inputs[4][kSlots][4];
   };
   std::vector<PendingQuad> pending_;
   std::vector<Tri> batch_;
};

lsgpu_fault
Draw::load_state()
{
   lsgpu_fault f =
      read_descriptor(job_as_, d_.state_va, LSGPU_DRAW_STATE_LENGTH, lsgpu_unpack_draw_state, &st_);
   if (f == LSGPU_FAULT_NONE)
      f = lsgpu_validate_draw_state(&st_);
   if (f != LSGPU_FAULT_NONE)
      return f;
   for (unsigned i = 0; i < st_.num_elements; i++) {
      f = read_descriptor(job_as_, st_.elements_va + 4ull * LSGPU_VERTEX_ELEMENT_LENGTH * i,
                          LSGPU_VERTEX_ELEMENT_LENGTH, lsgpu_unpack_vertex_element, &elements_[i]);
      if (f == LSGPU_FAULT_NONE)
         f = lsgpu_validate_vertex_element(&elements_[i]);
      if (f != LSGPU_FAULT_NONE)
         return f;
   }
   for (unsigned i = 0; i < st_.num_rts; i++) {
      f = read_descriptor(job_as_, st_.rt_va + 4ull * LSGPU_RENDER_TARGET_LENGTH * i,
                          LSGPU_RENDER_TARGET_LENGTH, lsgpu_unpack_render_target, &rts_[i]);
      if (f == LSGPU_FAULT_NONE)
         f = lsgpu_validate_render_target(&rts_[i]);
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
   return f;
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
      w.x[2][l] = (uint32_t)(st_.stack_va + (l + 1) * (uint64_t)st_.stack_size);
      w.x[10][l] = kInBlockVa + l * kBlockBytes;
      w.x[11][l] = kOutBlockVa + l * kBlockBytes;
      w.x[12][l] = (uint32_t)constants;
      w.x[13][l] = (uint32_t)st_.textures_va;
      w.x[14][l] = kSharedMemoryBase;
   }
   ShaderEnv env{as_, counters_, {}, 1 << 26, deadline_ns_};
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
         warps[0].sysval[SV_VERTEX_ID][l] = id;
         warps[0].sysval[SV_INSTANCE_ID][l] = instance;
      }
      warps[0].start((uint32_t)st_.vs_code_va, (uint16_t)((1u << n) - 1));
      for (unsigned l = 0; l < kWarpWidth; l++)
         warps[0].sysval[SV_LANE][l] = l;
      lsgpu_fault f = run_warp(vs_, st_.vs_constants_va, warps);
      if (f != LSGPU_FAULT_NONE)
         return f;
      for (unsigned l = 0; l < n; l++) {
         ClipVertex &v = (*out)[base + l];
         for (unsigned c = 0; c < 4; c++)
            v.pos[c] = as_f(blocks_.out_slot(l, 0)[c]);
         for (unsigned sl = 0; sl < st_.num_vs_outputs; sl++)
            for (unsigned c = 0; c < 4; c++)
               v.varying[sl][c] = as_f(blocks_.out_slot(l, sl)[c]);
      }
   }
   return LSGPU_FAULT_NONE;
}

/* Shades the vertices a batch of triangles uses and draws them. Batches bound the
 * memory a draw of any size needs. */
lsgpu_fault
Draw::draw_batch(uint32_t instance)
{
   std::vector<uint32_t> positions;
   for (const Tri &t : batch_)
      for (uint32_t p : t.v)
         positions.push_back(p);
   std::sort(positions.begin(), positions.end());
   positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
   std::vector<ClipVertex> verts;
   lsgpu_fault f = shade_vertices(positions, instance, &verts);
   if (f != LSGPU_FAULT_NONE)
      return f;
   auto vertex_at = [&](uint32_t pos) -> const ClipVertex & {
      return verts[std::lower_bound(positions.begin(), positions.end(), pos) - positions.begin()];
   };
   for (const Tri &t : batch_) {
      const ClipVertex *tri[3] = {&vertex_at(t.v[0]), &vertex_at(t.v[1]), &vertex_at(t.v[2])};
      f = draw_triangle(tri, vertex_at(t.v[t.provoking]));
      if (f != LSGPU_FAULT_NONE)
         return f;
      if (monotonic_now_ns() > deadline_ns_)
         return LSGPU_FAULT_TIMEOUT;
   }
   batch_.clear();
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
Draw::draw_triangle(const ClipVertex *v[3], const ClipVertex &provoking)
{
   std::vector<ClipVertex> poly = clip_triangle(*v[0], *v[1], *v[2], st_.num_vs_outputs);
   if (poly.empty())
      return LSGPU_FAULT_NONE;

   /* Perspective divide and viewport. */
   struct Window {
      RasterVertex xy;
      float z, inv_w;
   };
   std::vector<Window> win(poly.size());
   for (size_t i = 0; i < poly.size(); i++) {
      const float inv_w = 1.0f / poly[i].pos[3];
      win[i].xy.x =
         poly[i].pos[0] * inv_w * as_f(st_.viewport_scale[0]) + as_f(st_.viewport_translate[0]);
      win[i].xy.y =
         poly[i].pos[1] * inv_w * as_f(st_.viewport_scale[1]) + as_f(st_.viewport_translate[1]);
      win[i].z =
         poly[i].pos[2] * inv_w * as_f(st_.viewport_scale[2]) + as_f(st_.viewport_translate[2]);
      win[i].inv_w = inv_w;
   }

   const RasterRect rect = {(int)(st_.scissor_min & 0xffff), (int)(st_.scissor_min >> 16),
                            (int)std::min<uint32_t>(st_.scissor_max & 0xffff, st_.width),
                            (int)std::min<uint32_t>(st_.scissor_max >> 16, st_.height)};
   for (size_t t = 1; t + 1 < poly.size(); t++) {
      const size_t idx[3] = {0, t, t + 1};
      const RasterVertex rv[3] = {win[idx[0]].xy, win[idx[1]].xy, win[idx[2]].xy};
      /* Facing from the sign of the area in (column, row) coordinates, as seen with row
       * 0 at the top (Gallium's convention; st/mesa flips front_ccw where GL's y-up
       * window coordinates differ): negative is counter-clockwise. */
      const double area = ((double)rv[1].x - rv[0].x) * ((double)rv[2].y - rv[0].y) -
                          ((double)rv[2].x - rv[0].x) * ((double)rv[1].y - rv[0].y);
      if (area == 0)
         continue;
      const bool ccw = area < 0;
      const bool front = ccw == (st_.front_ccw != 0);
      if ((front && (st_.cull & LSGPU_CULL_FRONT)) || (!front && (st_.cull & LSGPU_CULL_BACK)))
         return LSGPU_FAULT_NONE; /* one facing for the whole clipped polygon */

      lsgpu_fault fault = LSGPU_FAULT_NONE;
      rasterize_triangle(rv, rect, [&](const RasterQuad &q) {
         if (fault != LSGPU_FAULT_NONE)
            return;
         PendingQuad p;
         p.quad = q;
         p.front = front;
         for (unsigned l = 0; l < 4; l++) {
            const float *b = q.bary[l];
            float one_over_w = 0, z = 0;
            for (unsigned k = 0; k < 3; k++) {
               one_over_w += b[k] * win[idx[k]].inv_w;
               z += b[k] * win[idx[k]].z;
            }
            const float px = q.x + (l & 1) + 0.5f, py = q.y + (l >> 1) + 0.5f;
            float *in = p.inputs[l][0];
            in[0] = px;
            in[1] = py;
            in[2] = z;
            in[3] = one_over_w;
            p.inputs[l][1][0] = p.inputs[l][1][1] = 0.0f;
            p.inputs[l][1][2] = 0.0f;
            p.inputs[l][1][3] = 1.0f;
            for (unsigned s = 0; s < 16; s++) {
               const uint32_t link = st_.fs_inputs[s];
               const unsigned src = link & 0xff, interp = (link >> 8) & 3;
               float *dst = p.inputs[l][2 + s];
               if (src >= st_.num_vs_outputs) {
                  dst[0] = dst[1] = dst[2] = 0.0f;
                  dst[3] = 1.0f;
                  continue;
               }
               for (unsigned c = 0; c < 4; c++) {
                  if (interp == LSGPU_INTERP_FLAT) {
                     dst[c] = provoking.varying[src][c];
                  } else if (interp == LSGPU_INTERP_LINEAR) {
                     float a = 0;
                     for (unsigned k = 0; k < 3; k++)
                        a += b[k] * poly[idx[k]].varying[src][c];
                     dst[c] = a;
                  } else {
                     float a = 0;
                     for (unsigned k = 0; k < 3; k++)
                        a += b[k] * win[idx[k]].inv_w * poly[idx[k]].varying[src][c];
                     dst[c] = a / one_over_w;
                  }
               }
            }
         }
         pending_.push_back(p);
         if (pending_.size() == kWarpWidth / 4)
            fault = flush_quads();
      });
      if (fault != LSGPU_FAULT_NONE)
         return fault;
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
   uint16_t lanes = 0, covered = 0;
   for (size_t q = 0; q < pending_.size(); q++) {
      for (unsigned l = 0; l < 4; l++) {
         const unsigned lane = (unsigned)q * 4 + l;
         lanes |= 1u << lane;
         if (pending_[q].quad.mask & (1u << l))
            covered |= 1u << lane;
         memcpy(blocks_.in_slot(lane, 0), pending_[q].inputs[l], sizeof(pending_[q].inputs[l]));
         w.sysval[SV_FRONT_FACING][lane] = pending_[q].front;
      }
   }
   w.start((uint32_t)st_.fs_code_va, lanes);
   w.helper = lanes & ~covered; /* uncovered quad lanes run as helpers (docs/isa.md §2) */
   for (unsigned l = 0; l < kWarpWidth; l++)
      w.sysval[SV_LANE][l] = l;
   memset(blocks_.out.data(), 0, blocks_.out.size());
   lsgpu_fault f = run_warp(fs_, st_.fs_constants_va, warps);
   if (f != LSGPU_FAULT_NONE)
      return f;

   const DepthTarget zs = {st_.zs_va, st_.zs_pitch, st_.zs_format, st_.depth_func,
                           st_.depth_write != 0};
   const uint16_t writes = covered & ~w.killed & ~w.helper;
   for (size_t q = 0; q < pending_.size(); q++) {
      for (unsigned l = 0; l < 4; l++) {
         const unsigned lane = (unsigned)q * 4 + l;
         if (!(writes >> lane & 1))
            continue;
         const int x = pending_[q].quad.x + (l & 1), y = pending_[q].quad.y + (l >> 1);
         const float z =
            (st_.fs_flags & 1) ? as_f(blocks_.out_slot(lane, 8)[0]) : pending_[q].inputs[l][0][2];
         bool pass;
         f = depth_test(job_as_, zs, x, y, z, &pass);
         if (f != LSGPU_FAULT_NONE)
            return f;
         if (!pass)
            continue;
         zpass_++;
         for (unsigned rt = 0; rt < st_.num_rts; rt++) {
            const unsigned slot = (st_.fs_flags & 2) ? 0 : rt;
            float rgba[4];
            memcpy(rgba, blocks_.out_slot(lane, slot), sizeof(rgba));
            float blend_color[4];
            memcpy(blend_color, st_.blend_color, sizeof(blend_color));
            f = color_write(job_as_, rts_[rt], x, y, rgba, blend_color);
            if (f != LSGPU_FAULT_NONE)
               return f;
         }
      }
   }
   pending_.clear();
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
Draw::run()
{
   lsgpu_fault f = load_state();
   if (f != LSGPU_FAULT_NONE)
      return f;
   if (d_.mode != LSGPU_PRIM_TRIANGLES && d_.mode != LSGPU_PRIM_TRIANGLE_STRIP &&
       d_.mode != LSGPU_PRIM_TRIANGLE_FAN)
      return LSGPU_FAULT_BAD_ARGUMENT; /* points and lines: not in this revision of the model */

   /* The shader core sees the job's memory plus the warp's I/O blocks. */
   as_ = job_as_;
   as_.map(kInBlockVa, blocks_.in.size(), blocks_.in.data(), false);
   as_.map(kOutBlockVa, blocks_.out.size(), blocks_.out.data());

   for (uint32_t inst = 0; inst < d_.instance_count; inst++) {
      /* Primitive assembly over runs between restarts; a run keeps its first entry
       * (fans) and its last two (strips). */
      uint32_t run_first = 0, prev[2] = {0, 0}, k = 0;
      unsigned run_len = 0;
      for (uint32_t i = 0; i < d_.count; i++) {
         uint32_t id;
         f = vertex_id(i, &id);
         if (f != LSGPU_FAULT_NONE)
            return f;
         if (id == kRestart) {
            run_len = 0;
            continue;
         }
         if (run_len == 0)
            run_first = i;
         run_len++;
         if (run_len >= 3) {
            k = run_len - 3; /* the run's k-th triangle ends at entry i */
            Tri t;
            if (d_.mode == LSGPU_PRIM_TRIANGLES) {
               if (k % 3 == 0) {
                  t = {{prev[0], prev[1], i}, st_.flat_first ? 0u : 2u};
                  batch_.push_back(t);
               }
            } else if (d_.mode == LSGPU_PRIM_TRIANGLE_STRIP) {
               /* Odd triangles swap their first two vertices to keep the winding; the
                * provoking vertex stays entry k (first) or k + 2 (last). */
               if (k % 2)
                  t = {{prev[1], prev[0], i}, st_.flat_first ? 1u : 2u};
               else
                  t = {{prev[0], prev[1], i}, st_.flat_first ? 0u : 2u};
               batch_.push_back(t);
            } else {
               t = {{run_first, prev[1], i}, st_.flat_first ? 1u : 2u};
               batch_.push_back(t);
            }
         }
         prev[0] = prev[1];
         prev[1] = i;
         if (batch_.size() >= kBatchTriangles) {
            f = draw_batch(inst);
            if (f != LSGPU_FAULT_NONE)
               return f;
         }
      }
      f = draw_batch(inst);
      if (f != LSGPU_FAULT_NONE)
         return f;
   }
   f = flush_quads();
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
