/* SPDX-License-Identifier: MIT */

/* Fragment warps: the queued quads run the fragment shader, then each covered, live
 * lane goes through the depth/stencil test and the colour writes of the output merger
 * (with early_fragment_tests, the test comes before the shader). */

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <mutex>
#include <vector>
#include <xmmintrin.h>

#include "common/float_bits.h"
#include "common/host_threads.h"
#include "gpu/draw/draw_job.h"
#include "gpu/shader/shader_locality.h"

namespace lsgpu::sim
{

/* The samples of a lane the draw may write besides coverage: DRAW_STATE.sample_mask
 * and alpha to coverage, with four samples. */
static uint8_t
sample_ops_mask(const lsgpu_draw_state &st, unsigned samples, float alpha, int x, int y)
{
   if (samples == 1)
      return 1;
   uint8_t mask = (uint8_t)st.sample_mask;
   if (st.alpha_to_coverage) {
      if (st.alpha_to_coverage_dither) {
         static const float kThreshold[4] = {0.125f / 4, 0.625f / 4, 0.875f / 4, 0.375f / 4};
         alpha -= kThreshold[(x & 1) | (y & 1) << 1];
      }
      /* Sample s survives when alpha > s / 4. */
      for (unsigned s = 0; s < 4; s++)
         if (!(alpha > (float)s / 4.0f))
            mask &= (uint8_t) ~(1u << s);
   }
   return mask;
}

/* With early_fragment_tests, the depth and stencil tests of a quad as core c's
 * rasterizer makes it, before it is queued: quads reach the tests in primitive order
 * either way, and a fragment whose samples all fail runs as a helper lane (its stores
 * dropped), or not at all when its whole quad failed. */
lsgpu_fault
Draw::early_tests(FragmentCore &c, QuadCoverage &quad, const float sample_z[4][4], bool front)
{
   const unsigned samples = grid_.samples;
   if (samples == 1) {
      /* One sample, always tested (sample_ops_mask is 1): the loop below without it. */
      for (uint32_t m = quad.mask; m; m &= m - 1) {
         const unsigned l = (unsigned)__builtin_ctz(m);
         bool pass;
         if (lsgpu_fault f = depth_.test(c.job_as, quad.x + (int)(l & 1), quad.y + (int)(l >> 1),
                                         sample_z[l][0], front, &pass, -1);
             f != LSGPU_FAULT_NONE)
            return f;
         quad.samples[l] = pass;
         if (!pass)
            quad.mask &= (uint8_t) ~(1u << l);
         else if (!st_.no_occlusion_count)
            c.zpass++;
      }
      return LSGPU_FAULT_NONE;
   }
   for (unsigned l = 0; l < 4; l++) {
      if (!(quad.mask >> l & 1))
         continue;
      const int x = quad.x + (l & 1), y = quad.y + (l >> 1);
      uint8_t passed = 0;
      const uint8_t tested = quad.samples[l] & sample_ops_mask(st_, samples, 2.0f, x, y);
      for (unsigned smp = 0; smp < samples; smp++) {
         if (!(tested >> smp & 1))
            continue;
         bool pass;
         lsgpu_fault f = depth_.test(c.job_as, x * (int)samples + (int)smp, y, sample_z[l][smp],
                                     front, &pass, -1);
         if (f != LSGPU_FAULT_NONE)
            return f;
         if (pass) {
            passed |= 1u << smp;
            if (!st_.no_occlusion_count)
               c.zpass++;
         }
      }
      quad.samples[l] = passed;
      if (!passed)
         quad.mask &= (uint8_t) ~(1u << l);
   }
   return LSGPU_FAULT_NONE;
}

/* One fragment warp of core c: its rasterized quads first .. first + n - 1. */
lsgpu_fault
Draw::fragment_warp(FragmentCore &c, size_t first, size_t n)
{
   const PendingQuad *pending = &c.quads[first];
   c.warp_first = first;
   /* One warp per host thread, reset for each: allocating and freeing its 4.7 KiB
    * for every warp was 2 % of a dense replay. */
   static thread_local std::vector<Warp> warps(1);
   warps[0].reset(fs_.use);
   Warp &w = warps[0];
   const unsigned samples = grid_.samples;
   uint16_t lanes = 0, covered = 0;
   uint8_t live[kWarpWidth] = {}; /* each lane's samples still to write */
   for (size_t q = 0; q < n; q++) {
      for (unsigned l = 0; l < 4; l++) {
         const unsigned lane = (unsigned)q * 4 + l;
         lanes |= 1u << lane;
         if (pending[q].quad.mask & (1u << l))
            covered |= 1u << lane;
         live[lane] = pending[q].quad.samples[l];
         lane_inputs(pending[q], l, (float(*)[4])c.blocks.in_slot(lane, 0));
         w.sysval[LSGPU_SYSVAL_FRONT_FACING][lane] = pending[q].front;
      }
   }
   for (unsigned lane = 0; lane < kWarpWidth; lane++)
      c.fetch_sample[lane] = live[lane] ? (uint8_t)__builtin_ctz(live[lane]) : 0;
   w.start((uint32_t)st_.fs_code_va, lanes);
   w.helper = lanes & ~covered; /* uncovered quad lanes run as helpers (docs/isa.md §2) */
   /* The outputs the merger reads start at 0 in every warp: the colour slots of the
    * bound targets (slot 0 at least: alpha to coverage reads it), depth/stencil and the
    * second colour. The block's other slots keep what this draw's earlier warps on the
    * core left (zeroing all 22 slots of 16 lanes cost 9 % of a texture-heavy replay,
    * the ten slots up to the second colour a third of this function). */
   static_assert(LSGPU_SLOT_SECOND_COLOR == LSGPU_SLOT_DEPTH_STENCIL + 1, "zeroed together");
   const unsigned colours = st_.fs_color_broadcast ? 1u : std::clamp(st_.num_rts, 1u, 8u);
   for (unsigned lane = 0; lane < kWarpWidth; lane++) {
      uint8_t *out = &c.blocks.out[lane * kBlockBytes];
      for (unsigned slot = 0; slot < colours; slot++)
         _mm_storeu_ps((float *)(out + slot * LSGPU_IO_SLOT_BYTES), _mm_setzero_ps());
      _mm_storeu_ps((float *)(out + LSGPU_SLOT_DEPTH_STENCIL * LSGPU_IO_SLOT_BYTES),
                    _mm_setzero_ps());
      _mm_storeu_ps((float *)(out + LSGPU_SLOT_SECOND_COLOR * LSGPU_IO_SLOT_BYTES),
                    _mm_setzero_ps());
   }
   lsgpu_fault f =
      run_warp(fs_, st_.fs_constants_va, st_.fs_buffers_va, st_.fs_textures_va, warps, &c);
   if (f != LSGPU_FAULT_NONE)
      return f;

   const uint16_t writes = covered & ~w.killed & ~w.helper;
   const bool alpha_to_one = samples > 1 && st_.alpha_to_one;
   for (size_t q = 0; q < n; q++) {
      for (unsigned l = 0; l < 4; l++) {
         const unsigned lane = (unsigned)q * 4 + l;
         if (!(writes >> lane & 1))
            continue;
         const int x = pending[q].quad.x + (l & 1), y = pending[q].quad.y + (l >> 1);
         const uint32_t *zs_out = c.blocks.out_slot(lane, LSGPU_SLOT_DEPTH_STENCIL);
         /* Dual-source blending: target 0 blends with slot 9 as its second source
          * (BLEND_FACTOR SRC1_*). */
         float second[4];
         memcpy(second, c.blocks.out_slot(lane, LSGPU_SLOT_SECOND_COLOR), sizeof(second));
         uint8_t write_samples = live[lane];
         if (!st_.early_fragment_tests)
            write_samples &=
               sample_ops_mask(st_, samples, as_float(c.blocks.out_slot(lane, 0)[3]), x, y);
         bool any = false;
         for (unsigned smp = 0; smp < samples; smp++) {
            if (!(write_samples >> smp & 1))
               continue;
            const int sx = x * (int)samples + (int)smp;
            if (!st_.early_fragment_tests) {
               const float z =
                  st_.fs_writes_depth ? as_float(zs_out[0]) : pending[q].sample_z[l][smp];
               const int ref = st_.fs_writes_stencil ? (int)(uint8_t)zs_out[1] : -1;
               bool pass;
               f = depth_.test(c.job_as, sx, y, z, pending[q].front, &pass, ref);
               if (f != LSGPU_FAULT_NONE)
                  return f;
               if (!pass)
                  continue;
               if (!st_.no_occlusion_count)
                  c.zpass++;
            }
            any = true;
            for (unsigned rt = 0; rt < st_.num_rts; rt++) {
               const unsigned slot = st_.fs_color_broadcast ? 0 : rt;
               float rgba[4];
               memcpy(rgba, c.blocks.out_slot(lane, slot), sizeof(rgba));
               if (alpha_to_one)
                  rgba[3] = 1.0f;
               f = colors_[rt].write(c.job_as, sx, y, rgba, rt == 0 ? second : nullptr);
               if (f != LSGPU_FAULT_NONE)
                  return f;
            }
         }
         c.fragments += any;
      }
   }
   return LSGPU_FAULT_NONE;
}

/* Core c's rasterized quads as warps of up to four quads, in order. A fragment shader
 * that loads the framebuffer must see the colour of every earlier fragment of its
 * pixel: a quad over a pixel already in the warp starts the next one
 * (DRAW_STATE.fs_reads_color). */
void
Draw::shade_quads(FragmentCore &c)
{
   const size_t size = c.quads.size();
   for (size_t first = 0; first < size && c.fault == LSGPU_FAULT_NONE;) {
      size_t n = 1;
      for (; n < kWarpWidth / 4 && first + n < size; n++) {
         const PendingQuad &next = c.quads[first + n];
         bool again = false;
         for (size_t q = first; q < first + n && st_.fs_reads_color; q++)
            again |= c.quads[q].quad.x == next.quad.x && c.quads[q].quad.y == next.quad.y;
         if (again)
            break;
      }
      c.fault = fragment_warp(c, first, n);
      if (c.fault == LSGPU_FAULT_NONE && c.clock.expired())
         c.fault = LSGPU_FAULT_TIMEOUT;
      first += n;
   }
   c.quads.clear();
}

/* Core c's share of a batch: its bins rasterized over its tiles and shaded, a few
 * warps at a time (raster_bin shades every kCoreQuads quads), in primitive order. */
void
Draw::shade_core(FragmentCore &c)
{
   for (const BinEntry &e : c.binned) {
      if (c.fault != LSGPU_FAULT_NONE)
         break;
      raster_bin(c, e);
   }
   if (c.fault == LSGPU_FAULT_NONE)
      shade_quads(c);
   c.quads.clear();
   c.binned.clear();
}

/* The cores draw what has been binned to them as one batch, side by side, while the
 * draw goes on binning the next: the batch's work joins the draw's at the next drain
 * (or the draw's end), its clock cycles, counts, and the fault of the lowest-numbered
 * core that had one. The join comes at the same point of the draw however the batch
 * ran, and each core's watchdog counts the draw's time when the batch started plus
 * its own work, so a core stops at the same warp and the draw at the same primitive
 * for any number of host threads. */
lsgpu_fault
Draw::drain()
{
   lsgpu_fault f = join();
   if (f != LSGPU_FAULT_NONE || !queued_)
      return f;
   /* A small batch costs less on this thread than waking another. */
   const bool threads = queued_ >= kThreadQuads;
   queued_ = 0;
   batch_base_ = clock_;
   std::swap(triangles_, shading_triangles_);
   std::swap(corners_, shading_corners_);
   triangles_.clear();
   corners_.clear();
   for (auto &c : cores_) {
      if (c) {
         c->clock = batch_base_;
         std::swap(c->bin, c->binned);
      }
   }
   shaded_ = true;
   auto work = [this](unsigned i) {
      if (cores_[i])
         shade_core(*cores_[i]);
   };
   if (overlap_ && threads) {
      shading_ = std::make_unique<HostParallel>(LSGPU_JOB_SHADER_CORES, work);
   } else if (parallel_ && threads) {
      host_parallel_for(LSGPU_JOB_SHADER_CORES, work);
   } else {
      for (unsigned i = 0; i < LSGPU_JOB_SHADER_CORES; i++)
         work(i);
   }
   return LSGPU_FAULT_NONE;
}

lsgpu_fault
Draw::join()
{
   if (shading_) {
      shading_->finish();
      shading_.reset();
   }
   if (!shaded_)
      return LSGPU_FAULT_NONE;
   shaded_ = false;
   lsgpu_fault f = LSGPU_FAULT_NONE;
   for (auto &c : cores_) {
      if (!c)
         continue;
      clock_.absorb(c->clock, batch_base_);
      counters_move(c->counters, counters_);
      zpass_ += c->zpass;
      fragments_ += c->fragments;
      c->zpass = c->fragments = 0;
      if (f == LSGPU_FAULT_NONE && c->fault != LSGPU_FAULT_NONE) {
         f = c->fault;
         record_fault_va(*c->fault_va);
      }
   }
   if (f == LSGPU_FAULT_NONE && clock_.expired())
      f = LSGPU_FAULT_TIMEOUT;
   return f;
}

/* Core memory that no draw is using; a draw that preempts another takes its own. */
std::mutex Draw::FragmentCore::spare_mutex;
std::vector<std::unique_ptr<Draw::FragmentCore::Memory>> Draw::FragmentCore::spare;

Draw::FragmentCore::FragmentCore(Draw &d, const AddressSpace &job, unsigned core)
    : draw(d), index(core), memory([] {
         std::lock_guard<std::mutex> lock(spare_mutex);
         if (spare.empty())
            return std::make_unique<Memory>();
         auto m = std::move(spare.back());
         spare.pop_back();
         return m;
      }()),
      bin(memory->bin), binned(memory->binned), quads(memory->quads), blocks(memory->blocks),
      job_as(job), as(job), fault_va(std::make_shared<std::atomic<uint64_t>>(0)),
      textures(as, d.counters_)
{
   bin.clear();
   binned.clear();
   quads.clear();
   job_as.record_faults(fault_va);
   as.record_faults(fault_va);
   static const float kUnlinked[4] = {0.0f, 0.0f, 0.0f, 1.0f};
   for (unsigned lane = 0; lane < kWarpWidth; lane++)
      for (unsigned slot = d.in_slots_; slot < kSlots; slot++)
         memcpy(blocks.in_slot(lane, slot), kUnlinked, sizeof(kUnlinked));
   /* The output block starts the draw zeroed (the spare memory held an earlier draw's,
    * perhaps another context's); fragment_warp() then zeroes only the slots the output
    * merger reads. */
   std::fill(blocks.out.begin(), blocks.out.end(), 0);
   d.map_core_memory(as, blocks, &memory->stack);
}

Draw::FragmentCore::~FragmentCore()
{
   counters_move(counters, draw.counters_); /* what no join took (a draw ended on a fault) */
   std::lock_guard<std::mutex> lock(spare_mutex);
   if (spare.size() < 4 * LSGPU_JOB_SHADER_CORES)
      spare.push_back(std::move(memory));
}

/* lsgpu.fbld (docs/isa.md §3.5): the lane's pixel of the warp's quads, at the first
 * sample the lane still has to write. */
lsgpu_fault
Draw::FragmentCore::load(unsigned lane, unsigned rt, float out[4])
{
   const lsgpu_draw_state &st_ = draw.st_;
   const PendingQuad &p = quads[warp_first + lane / 4];
   const unsigned l = lane % 4;
   const int x = p.quad.x + (int)(l & 1), y = p.quad.y + (int)(l >> 1);
   if (rt >= st_.num_rts) {
      memset(out, 0, 4 * sizeof(float)); /* no target: as one without attachment */
      return LSGPU_FAULT_NONE;
   }
   return color_read(job_as, draw.rts_[rt], x * (int)draw.grid_.samples + fetch_sample[lane], y,
                     out);
}

} // namespace lsgpu::sim
