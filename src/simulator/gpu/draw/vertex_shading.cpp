/* SPDX-License-Identifier: MIT */

/* Vertex shading: vertex fetch into a warp's input blocks, the vertex shader, and its
 * outputs as clip-space vertices. A batch's warps are dealt to the modelled cores in
 * turn (warp i to core i mod 4), which shade side by side on host threads when the
 * shader's stores stay in its core; the results, counts, clock and fault are the same
 * for any number of host threads (docs/simulator.md, "Host threads"). */

#include <algorithm>
#include <cstring>
#include <vector>

#include "common/host_threads.h"
#include "gpu/draw/draw_job.h"
#include "gpu/geometry/vertex_fetch.h"

namespace lsgpu::sim
{

namespace
{

/* Fewer warps than this shade on the GPU thread: waking host threads costs more than
 * a few warps of a small mesh. */
constexpr size_t kParallelWarps = 2 * LSGPU_JOB_SHADER_CORES;

} // namespace

Draw::VertexCore::VertexCore(Draw &d, const AddressSpace &job)
    : device_counters(d.counters_), job_as(job), as(job),
      fault_va(std::make_shared<std::atomic<uint64_t>>(0)), textures(as, d.counters_)
{
   job_as.record_faults(fault_va);
   as.record_faults(fault_va);
   d.map_core_memory(as, blocks, &stack);
}

/* The warp of ids[base .. base + 15] (fewer at the end): fetch from the job's memory
 * (through fetch), shade, and the outputs into (*out)[base ..]. */
lsgpu_fault
Draw::vertex_warp(const std::vector<uint32_t> &ids, size_t base, uint32_t instance,
                  const AddressSpace &fetch, WarpBlocks &blocks, const CoreView &core,
                  std::vector<ClipVertex> *out)
{
   const unsigned n = (unsigned)std::min<size_t>(kWarpWidth, ids.size() - base);
   /* One warp per host thread, reset for each: allocating and freeing its 4.7 KiB
    * for every warp was 2 % of a dense replay. */
   static thread_local std::vector<Warp> warps(1);
   Warp &w = warps[0];
   w.reset(vs_.use);
   /* The warp's ids and vertices, within ids and *out (shade_vertices sizes it). */
   const uint32_t *const lane_id = ids.data() + base;
   ClipVertex *const lane_vertex = out->data() + base;
   const uint8_t *buffer[sizeof(elements_) / sizeof(elements_[0])]; /* each element's, found once */
   for (unsigned e = 0; e < st_.num_elements; e++)
      buffer[e] = vertex_buffer_host(fetch, elements_[e]);
   /* Ask for every lane's vertex data before reading any: the reads below then wait for
    * their misses together rather than one after another (vertex_fetch was 4 % of a
    * large mesh's replay, nearly all of it waiting on its first load). Only a hint: a
    * prefetch never faults, and the fetch still checks every bound. */
   for (unsigned e = 0; e < st_.num_elements; e++) {
      if (!buffer[e] || elements_[e].divisor)
         continue;
      for (unsigned l = 0; l < n; l++)
         __builtin_prefetch(
            (const void *)((uintptr_t)buffer[e] + (uint64_t)elements_[e].stride * lane_id[l]));
   }
   /* Elements of 32-bit words whose vertices all lie in their buffer, for the whole
    * warp at once; the others vertex by vertex below (conversions, robust access). */
   uint32_t copied = 0;
   for (unsigned e = 0; e < st_.num_elements; e++)
      if (vertex_fetch_copy(elements_[e], buffer[e], lane_id, n, blocks.in_slot(0, e), kBlockBytes))
         copied |= 1u << e;
   for (unsigned l = 0; l < n; l++) {
      const uint32_t id = lane_id[l];
      lsgpu_fault f = LSGPU_FAULT_NONE;
      for (unsigned e = 0; f == LSGPU_FAULT_NONE && e < st_.num_elements; e++) {
         if (copied >> e & 1)
            continue;
         bool outside = false;
         f = vertex_fetch(fetch, elements_[e], id, instance, blocks.in_slot(l, e),
                          d_.first_instance, &outside, buffer[e]);
         if (outside)
            counters_.robust_accesses++;
      }
      if (f != LSGPU_FAULT_NONE)
         return f;
      w.sysval[LSGPU_SYSVAL_VERTEX_ID][l] = id;
      w.sysval[LSGPU_SYSVAL_INSTANCE_ID][l] = instance;
   }
   w.start((uint32_t)st_.vs_code_va, (uint16_t)((1u << n) - 1));
   lsgpu_fault f =
      run_warp(vs_, st_.vs_constants_va, st_.vs_buffers_va, st_.vs_textures_va, warps, core);
   if (f != LSGPU_FAULT_NONE)
      return f;
   for (unsigned l = 0; l < n; l++) {
      ClipVertex &v = lane_vertex[l];
      /* The slots' words as floats (bits unchanged), a 16-byte copy each: copied one
       * component at a time they were 8 % of a dense mesh's vertex work. */
      memcpy(v.pos, blocks.out_slot(l, LSGPU_SLOT_POSITION), sizeof(v.pos));
      for (unsigned sl = 0; sl < st_.num_vs_outputs; sl++)
         memcpy(v.varying[sl], blocks.out_slot(l, sl), sizeof(v.varying[sl]));
      prepare(v);
   }
   return LSGPU_FAULT_NONE;
}

/* Runs the vertex shader for the vertex ids in ids (each once), 16 to a warp,
 * into out (same order). out is the batch's, kept from batch to batch: a warp writes a
 * vertex's position and its num_vs_outputs slots, the only ones the clipper and the
 * rasterizer read; the rest stay as the first resize zeroed them. Zeroing 372 bytes
 * per vertex per batch was 5 % of a dense mesh's replay. With async, the warps run on
 * host threads until join_vertices(); ids and out must stay until then. */
lsgpu_fault
Draw::shade_vertices(const std::vector<uint32_t> &ids, uint32_t instance,
                     std::vector<ClipVertex> *out, bool async)
{
   if (out->size() < ids.size())
      out->resize(ids.size());
   counters_.vertex_invocations += ids.size();
   const size_t warps = (ids.size() + kWarpWidth - 1) / kWarpWidth;
   /* A vertex shader whose stores leave its core (storage buffers, atomics) runs its
    * warps in order on the GPU thread, as do a few warps. */
   if (!vertex_parallel_ || warps < kParallelWarps) {
      const CoreView view{as_, textures_, clock_, nullptr, windows_, counters_};
      for (size_t w = 0; w < warps; w++)
         if (lsgpu_fault f =
                vertex_warp(ids, w * kWarpWidth, instance, job_as_, blocks_, view, out);
             f != LSGPU_FAULT_NONE)
            return f;
      return LSGPU_FAULT_NONE;
   }
   vertex_base_ = clock_;
   for (auto &c : vertex_cores_) {
      if (!c)
         c = std::make_unique<VertexCore>(*this, job_as_);
      c->clock = vertex_base_;
      c->fault = LSGPU_FAULT_NONE;
      c->fault_warp = SIZE_MAX;
      c->fault_va->store(0, std::memory_order_relaxed);
   }
   auto work = [this, &ids, instance, out, warps](unsigned i) {
      VertexCore &c = *vertex_cores_[i];
      const CoreView view{c.as, c.textures, c.clock, nullptr, c.windows, c.counters};
      for (size_t w = i; w < warps; w += LSGPU_JOB_SHADER_CORES) {
         c.fault = vertex_warp(ids, w * kWarpWidth, instance, c.job_as, c.blocks, view, out);
         if (c.fault != LSGPU_FAULT_NONE) {
            c.fault_warp = w;
            return;
         }
      }
   };
   vertex_shading_ = std::make_unique<HostParallel>(LSGPU_JOB_SHADER_CORES, work);
   return async ? LSGPU_FAULT_NONE : join_vertices();
}

/* Waits for the vertex warps shade_vertices() started on host threads, if any, and
 * joins their clocks and first fault to the draw's. The cores' clocks count from the
 * draw's time when the warps started, so the result is the same for any number of
 * host threads. */
lsgpu_fault
Draw::join_vertices()
{
   if (!vertex_shading_)
      return LSGPU_FAULT_NONE;
   vertex_shading_->finish();
   vertex_shading_.reset();
   /* Every warp before the first that faulted ran on some core without fault: that
    * one's fault is the batch's, as it is when the warps run in order. */
   VertexCore *first = nullptr;
   for (auto &c : vertex_cores_) {
      clock_.absorb(c->clock, vertex_base_);
      counters_move(c->counters, counters_);
      if (c->fault != LSGPU_FAULT_NONE && (!first || c->fault_warp < first->fault_warp))
         first = c.get();
   }
   if (!first)
      return LSGPU_FAULT_NONE;
   record_fault_va(*first->fault_va);
   return first->fault;
}

lsgpu_fault
Draw::finish_vertices(VertexBatch &b)
{
   if (lsgpu_fault f = join_vertices(); f != LSGPU_FAULT_NONE && b.fault == LSGPU_FAULT_NONE)
      b.fault = f;
   return b.fault;
}

} // namespace lsgpu::sim
