/* SPDX-License-Identifier: MIT */

/* The DRAW front end: its state, indices, vertex fetch and vertex shader warps, and the
 * sequence indices → vertex shading → primitive assembly → clipping → triangle setup
 * → rasterizer (triangles; lines and points as the quads GL defines) → fragment
 * shader warps with the texture unit → output merger. The stages are the files
 * gpu/draw/draw_job.h lists; this one owns the fault rules of the DRAW packet
 * (docs/command-stream-reference.md). */

#include "gpu/draw/draw.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <functional>
#include <numeric>
#include <vector>

#include "common/monotonic_clock.h"
#include "gpu/draw/draw_job.h"
#include "gpu/shader/shader_locality.h"

namespace lsgpu::sim
{

namespace
{

/* Fields whose ranges involve several fields or values the generated validator does
 * not know (docs/command-stream-reference.md, DRAW_STATE). */
bool
draw_state_consistent(const lsgpu_draw_state &st)
{
   for (unsigned i = 0; i < LSGPU_MAX_VARYINGS; i++)
      if (st.fs_input_slot[i] != LSGPU_FS_INPUT_NONE && st.fs_input_slot[i] >= kSlots)
         return false;
   if (st.clip_enable && st.clip_slot + (st.clip_enable > 0xf ? 1u : 0u) >= st.num_vs_outputs)
      return false;
   return std::isfinite(st.point_size) && std::isfinite(st.line_width) &&
          std::isfinite(st.offset_units) && std::isfinite(st.offset_scale) &&
          std::isfinite(st.offset_clamp);
}

} // namespace

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
       st_.fs_constants_va >= limit || st_.fs_textures_va >= limit || st_.vs_textures_va >= limit ||
       st_.vs_buffers_va >= limit || st_.fs_buffers_va >= limit || stack_end() > kInBlockVa)
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
   DepthTarget zs = {
      st_.zs_va, st_.zs_pitch, st_.zs_format, st_.depth_func, st_.depth_write, st_.stencil_mode,
      {}};
   for (unsigned face = 0; face < 2; face++)
      zs.stencil[face] = {st_.stencil_func[face],
                          st_.stencil_fail_op[face],
                          st_.stencil_zfail_op[face],
                          st_.stencil_zpass_op[face],
                          (uint8_t)st_.stencil_ref[face],
                          (uint8_t)st_.stencil_value_mask[face],
                          (uint8_t)st_.stencil_write_mask[face]};
   depth_ = DepthUnit(zs);
   const LogicOp logic = {st_.logic_op_enable, st_.logic_op};
   for (unsigned i = 0; i < st_.num_rts; i++)
      colors_[i] = ColorUnit(rts_[i], st_.blend_color, logic);
   rect_ = {(int)st_.scissor_min_x, (int)st_.scissor_min_y,
            (int)std::min<uint32_t>(st_.scissor_max_x, st_.width),
            (int)std::min<uint32_t>(st_.scissor_max_y, st_.height)};
   {
      /* The pixels whose centres the viewport covers: wide points and lines are clipped
       * beyond the view volume (their width reaches in from outside) and bounded here. */
      auto span = [](float scale, float translate, int lo, int hi) {
         const float a = translate - std::fabs(scale), b = translate + std::fabs(scale);
         const int first = (int)std::clamp(std::ceil(a - 0.5f), (float)lo, (float)hi);
         const int end = (int)std::clamp(std::ceil(b - 0.5f), (float)lo, (float)hi);
         return std::pair<int, int>(first, std::max(first, end));
      };
      const auto [x0, x1] = span(st_.viewport_scale[0], st_.viewport_translate[0], rect_.min_x,
                                 std::max(rect_.min_x, rect_.max_x));
      const auto [y0, y1] = span(st_.viewport_scale[1], st_.viewport_translate[1], rect_.min_y,
                                 std::max(rect_.min_y, rect_.max_y));
      viewport_rect_ = {x0, y0, x1, y1};
   }
   in_slots_ = LSGPU_FIRST_VARYING_SLOT;
   for (unsigned i = 0; i < LSGPU_MAX_VARYINGS; i++)
      if (st_.fs_input_slot[i] != LSGPU_FS_INPUT_NONE ||
          st_.fs_input_interp[i] == LSGPU_INTERP_POINT_COORD)
         in_slots_ = LSGPU_FIRST_VARYING_SLOT + i + 1;
   any_centroid_ = false;
   for (unsigned i = 0; i + LSGPU_FIRST_VARYING_SLOT < in_slots_; i++)
      any_centroid_ |= st_.fs_input_centroid[i] != 0;
   grid_.samples = 1u << st_.log2_samples;
   grid_.per_sample = st_.multisample;
   return load_stream_out();
}

/* The vertex id of entry i of the draw (kRestart for a restart index). */
lsgpu_fault
Draw::vertex_id(uint32_t i, uint32_t *id)
{
   if (d_.index_size == 0) {
      *id = d_.first + i;
      return LSGPU_FAULT_NONE;
   }
   /* Robust buffer access (DRAW.index_buffer_size): an index outside the buffer reads
    * as 0 and touches no memory. */
   const uint64_t offset = ((uint64_t)d_.first + i) * d_.index_size;
   uint32_t index = 0;
   if (offset + d_.index_size <= d_.index_buffer_size) {
      AddressSpace::Access a = job_as_.translate(d_.index_va + offset, d_.index_size, false);
      if (!a.host)
         return a.fault;
      memcpy(&index, a.host, d_.index_size);
   } else {
      counters_.robust_accesses++;
   }
   *id = d_.restart && index == d_.restart_index ? kRestart : index + d_.base_vertex;
   return LSGPU_FAULT_NONE;
}

void
Draw::map_core_memory(AddressSpace &as, WarpBlocks &blocks, std::vector<uint8_t> *stack) const
{
   as.map(kInBlockVa, blocks.in.size(), blocks.in.data(), false);
   as.map(kOutBlockVa, blocks.out.size(), blocks.out.data());
   /* The cores' warps run at once, each with its sixteen lanes' stacks. */
   const uint64_t size = stack_end() - st_.stack_va;
   if (stack && size) {
      stack->assign(size, 0); /* never what an earlier draw left */
      as.overlay(st_.stack_va, size, stack->data());
   }
}

void
Draw::record_fault_va(const std::atomic<uint64_t> &va) const
{
   const uint64_t v = va.load(std::memory_order_relaxed);
   if (job_as_.fault_recorder() && v)
      job_as_.fault_recorder()->store(v, std::memory_order_relaxed);
}

lsgpu_fault
Draw::run_warp(const ShaderProgram &prog, uint64_t constants, uint64_t buffers,
               uint64_t descriptors, std::vector<Warp> &warps, FragmentCore *core)
{
   if (core)
      return run_warp(prog, constants, buffers, descriptors, warps,
                      {core->as, core->textures, core->clock, core, core->windows, core->counters});
   return run_warp(prog, constants, buffers, descriptors, warps,
                   {as_, textures_, clock_, nullptr, windows_, counters_});
}

lsgpu_fault
Draw::run_warp(const ShaderProgram &prog, uint64_t constants, uint64_t buffers,
               uint64_t descriptors, std::vector<Warp> &warps, const CoreView &core)
{
   Warp &w = warps[0];
   for (unsigned l = 0; l < kWarpWidth; l++) {
      w.x[LSGPU_ABI_REG_STACK][l] = (uint32_t)(st_.stack_va + (l + 1) * (uint64_t)st_.stack_size);
      w.x[LSGPU_ABI_REG_INPUT_BLOCK][l] = kInBlockVa + l * kBlockBytes;
      w.x[LSGPU_ABI_REG_OUTPUT_BLOCK][l] = kOutBlockVa + l * kBlockBytes;
      w.x[LSGPU_ABI_REG_CONSTANTS][l] = (uint32_t)constants;
      w.x[LSGPU_ABI_REG_DESCRIPTORS][l] = (uint32_t)descriptors;
      w.x[LSGPU_ABI_REG_SHARED_MEMORY][l] = kSharedMemoryBase;
      w.sysval[LSGPU_SYSVAL_BUFFER_TABLE][l] = (uint32_t)buffers;
   }
   ShaderEnv env{core.as, core.counters, {}, 1 << 26, &core.clock};
   env.textures = &core.textures;
   env.stack_lo = st_.stack_va;
   env.stack_hi = stack_end();
   env.texture_table = (uint32_t)descriptors;
   env.framebuffer = core.framebuffer;
   env.flush_denorms = st_.flush_denorms;
   env.windows = &core.windows;
   ShaderResult r = shader_run(prog, warps, env);
   return r.fault;
}

/* The vertices a batch of primitives uses, each shaded once, and where each entry's
 * is. The post-transform vertex cache: the entries of the batch that name the same
 * vertex (an indexed mesh's shared corners) share one invocation of the vertex shader,
 * whose results depend only on the vertex and the instance (VERTEX_INVOCATIONS counts
 * them). Starts the shading, which runs on host threads until finish_vertices() when
 * the draw pipelines its batches. */
lsgpu_fault
Draw::start_vertices(VertexBatch &b)
{
   std::vector<uint32_t> &positions = b.positions, &ids = b.ids;
   positions.clear();
   for (const Prim &p : b.prims)
      for (unsigned k = 0; k < p.n; k++)
         positions.push_back(p.v[k]);
   /* A list's entries come in order already (each once): sorting them cost 5 % of a
    * dense mesh's replay. */
   if (!std::is_sorted(positions.begin(), positions.end()))
      std::sort(positions.begin(), positions.end());
   positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
   ids.resize(positions.size());
   for (size_t i = 0; i < positions.size(); i++)
      if (lsgpu_fault f = vertex_id(positions[i], &ids[i]); f != LSGPU_FAULT_NONE)
         return b.fault = f;
   /* Each distinct id once, in the order the batch first names it, found through a
    * hash table (sorting and searching the ids was 7 % of a dense mesh's replay).
    * Ids that only grow (non-indexed draws) are each once already. */
   b.unique_ids.clear();
   b.slot.resize(ids.size());
   if (std::adjacent_find(ids.begin(), ids.end(), std::greater_equal<uint32_t>()) == ids.end()) {
      b.unique_ids = ids;
      std::iota(b.slot.begin(), b.slot.end(), 0u);
   } else {
      size_t size = 16;
      while (size < 2 * ids.size())
         size *= 2;
      std::vector<uint32_t> table(size, UINT32_MAX); /* an index into unique_ids */
      /* Through pointers (reserved: no reallocation), not checked subscripts, which
       * were most of this loop's instructions. */
      b.unique_ids.reserve(ids.size());
      uint32_t *const slots = table.data(), *const unique = b.unique_ids.data();
      const uint32_t *const id = ids.data();
      for (size_t i = 0; i < ids.size(); i++) {
         size_t h = (id[i] * 0x9e3779b1u) & (size - 1);
         while (slots[h] != UINT32_MAX && unique[slots[h]] != id[i])
            h = (h + 1) & (size - 1);
         if (slots[h] == UINT32_MAX) {
            slots[h] = (uint32_t)b.unique_ids.size();
            b.unique_ids.push_back(id[i]);
         }
         b.slot[i] = slots[h];
      }
   }
   b.fault = shade_vertices(b.unique_ids, b.instance, &b.shaded, pipelined_);
   return b.fault;
}

/* Draws a batch whose vertices are shaded. */
lsgpu_fault
Draw::draw_prims(VertexBatch &b)
{
   const std::vector<uint32_t> &positions = b.positions;
   std::vector<const ClipVertex *> verts(positions.size());
   for (size_t i = 0; i < positions.size(); i++)
      verts[i] = &b.shaded[b.slot[i]];
   /* A batch's entries lie close together in the index list: a table over their range
    * finds each primitive's vertices without a search (a search per vertex was 3 % of
    * the GPU thread in a dense mesh). */
   std::vector<const ClipVertex *> by_position;
   const uint32_t first = positions.empty() ? 0 : positions.front();
   if (!positions.empty() && positions.back() - first < 8 * positions.size() + 64) {
      by_position.assign(positions.back() - first + 1, nullptr);
      for (size_t i = 0; i < positions.size(); i++)
         by_position[positions[i] - first] = verts[i];
   }
   const ClipVertex *const *const table =
      by_position.empty() ? nullptr : by_position.data(); /* pos is in its range */
   auto vertex_at = [&](uint32_t pos) -> const ClipVertex & {
      if (table)
         return *table[pos - first];
      return *verts[std::lower_bound(positions.begin(), positions.end(), pos) - positions.begin()];
   };
   /* The vertices were shaded on other host threads, so each one's first read here is
    * a miss in this core's cache (a dense mesh's GPU thread spent a tenth of its time
    * on them): fetch the lines the set-up and interpolation read a few primitives
    * ahead. Only a hint; it changes nothing the GPU computes. */
   constexpr size_t kAhead = 4;
   const size_t vertex_bytes =
      offsetof(ClipVertex, varying) + (size_t)st_.num_vs_outputs * sizeof(float[4]);
   auto prefetch = [&](size_t i) {
      if (i >= b.prims.size())
         return;
      const Prim &p = b.prims[i];
      for (unsigned k = 0; k < p.n; k++) {
         const char *v = (const char *)&vertex_at(p.v[k]);
         for (size_t at = 0; at < vertex_bytes; at += 64)
            __builtin_prefetch(v + at);
      }
   };
   for (size_t i = 0; i < kAhead; i++)
      prefetch(i);
   lsgpu_fault f = LSGPU_FAULT_NONE;
   size_t next = kAhead;
   for (const Prim &p : b.prims) {
      prefetch(next++);
      const ClipVertex *prim_verts[3] = {};
      for (unsigned k = 0; k < p.n; k++)
         prim_verts[k] = &vertex_at(p.v[k]);
      stream_out(prim_verts, p.n);
      clock_.charge(LSGPU_JOB_PRIMITIVE_CYCLES);
      if (st_.rasterizer_discard) {
         if (clock_.expired())
            return LSGPU_FAULT_TIMEOUT;
         continue;
      }
      const ClipVertex &provoking = *prim_verts[p.provoking];
      if (p.n == 3) {
         f = draw_triangle(prim_verts, provoking, p.edges);
      } else if (p.n == 2) {
         f = draw_line(*prim_verts[0], *prim_verts[1], provoking, true, 0.0f, p.first_of_strip);
      } else if (clip_point(provoking, wide_planes(point_size(provoking)))) {
         f = draw_point(provoking, true, 0.0f);
      }
      if (f != LSGPU_FAULT_NONE)
         return f;
      preemption_point(preempt_);
      if (clock_.expired())
         return LSGPU_FAULT_TIMEOUT;
   }
   return LSGPU_FAULT_NONE;
}

/* Shades the vertices of the primitives in batch_ and draws them; batches bound the
 * memory a draw of any size needs. When the draw pipelines its batches (its vertex
 * shader's stores stay in its core, nothing is streamed out), a batch's vertices are
 * shaded on host threads while the GPU thread draws the batch before it, and the
 * batch is drawn at the next call (or finish_batches()). Faults come in the order of
 * the unpipelined draw: a batch's primitives before the next batch's vertices. */
lsgpu_fault
Draw::draw_batch(uint32_t instance)
{
   if (batch_.empty())
      return LSGPU_FAULT_NONE;
   VertexBatch &b = vertex_batches_[next_batch_], &prev = vertex_batches_[next_batch_ ^ 1];
   b.prims.swap(batch_);
   batch_.clear();
   b.instance = instance;
   /* The vertex cores finish the batch before: they are this batch's next. */
   if (prev.pending && finish_vertices(prev) != LSGPU_FAULT_NONE) {
      prev.pending = false;
      return prev.fault;
   }
   lsgpu_fault f = start_vertices(b);
   if (!pipelined_)
      return f != LSGPU_FAULT_NONE ? f : draw_prims(b);
   b.pending = true;
   if (prev.pending) {
      prev.pending = false;
      if (lsgpu_fault pf = draw_prims(prev); pf != LSGPU_FAULT_NONE) {
         finish_vertices(b);
         b.pending = false;
         return pf;
      }
   }
   if (f != LSGPU_FAULT_NONE) {
      finish_vertices(b);
      b.pending = false;
      return f;
   }
   next_batch_ ^= 1;
   return LSGPU_FAULT_NONE;
}

/* Draws the batch still pending at the draw's end; after a fault, only waits for its
 * vertices. */
lsgpu_fault
Draw::finish_batches(bool draw)
{
   lsgpu_fault f = LSGPU_FAULT_NONE;
   for (VertexBatch &b : vertex_batches_) {
      if (!b.pending)
         continue;
      b.pending = false;
      lsgpu_fault vf = finish_vertices(b);
      if (draw && f == LSGPU_FAULT_NONE)
         f = vf != LSGPU_FAULT_NONE ? vf : draw_prims(b);
   }
   return f;
}

lsgpu_fault
Draw::run()
{
   lsgpu_fault f = load_state();
   if (f != LSGPU_FAULT_NONE)
      return f;

   /* The shader core sees the job's memory plus the warp's I/O blocks. */
   as_ = job_as_;
   map_core_memory(as_, blocks_, nullptr);
   /* A fragment shader with other stores (storage buffers, atomics) runs its cores
    * one after the other, in core order, so what it leaves in memory is the same for
    * any number of host threads. */
   parallel_ = shader_stores_stay_local(fs_);
   /* A batch of fragments may be shaded while the draw goes on with vertex shading,
    * stream output and rasterization when none of them writes memory the other
    * reads: the vertex shader's stores stay in its core too, nothing is streamed out.
    * (Early depth tests, the rasterizer's only memory, and the cores' late ones are
    * never both in one draw.) */
   vertex_parallel_ = shader_stores_stay_local(vs_);
   overlap_ = parallel_ && vertex_parallel_ && !so_.active;

   /* Vertices are shaded on host threads while the batch before is drawn when
    * nothing the draw writes is read by its vertex shader's next warps: the same
    * conditions as shading fragments while rasterizing. */
   pipelined_ = overlap_;

   for (uint32_t inst = 0; inst < d_.instance_count && f == LSGPU_FAULT_NONE; inst++)
      f = assemble(inst);
   if (lsgpu_fault b = finish_batches(f == LSGPU_FAULT_NONE); f == LSGPU_FAULT_NONE)
      f = b;
   /* The shading batch finishes before the draw ends, whatever happened: its fault
    * (earlier quads) before the rasterizer's. */
   if (f == LSGPU_FAULT_NONE)
      f = drain();
   if (lsgpu_fault j = join(); j != LSGPU_FAULT_NONE)
      f = j;
   counters_.primitives += primitives_;
   counters_.fragments += fragments_;
   if (f != LSGPU_FAULT_NONE)
      return f;
   finish_stream_out();
   uint64_t counter =
      (uint64_t)regs_[LSGPU_REG_ZPASS_LO / 4] | (uint64_t)regs_[LSGPU_REG_ZPASS_HI / 4] << 32;
   counter += zpass_;
   regs_[LSGPU_REG_ZPASS_LO / 4] = (uint32_t)counter;
   regs_[LSGPU_REG_ZPASS_HI / 4] = (uint32_t)(counter >> 32);
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
draw_execute(const lsgpu_draw &d, const AddressSpace &as, uint32_t *regs, Counters &counters,
             GpuClock &clock, const PreemptHook *preempt)
{
   Draw draw(d, as, regs, counters, clock, preempt);
   return draw.run();
}

} // namespace lsgpu::sim
