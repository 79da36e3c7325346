/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_GPU_CLOCK_H
#define LSGPU_SIM_GPU_CLOCK_H

#include <cstdint>

#include "lsgpu_isa.h"

namespace lsgpu::sim
{

/*
 * A job's modelled GPU time (docs/isa.md §6), in device cycles at LSGPU_CLOCK_MHZ:
 * every unit charges what it does, the shader cores their timing model's cycles
 * spread over the cores. The job watchdog counts this, not host time, so how fast or
 * busy the host is never decides whether a job is killed: a job is killed exactly
 * when the same work would run past the limit on the modelled hardware.
 */
class GpuClock
{
 public:
   explicit GpuClock(uint64_t limit_cycles = UINT64_MAX) : limit_(limit_cycles) {}

   /* Work of the fixed-function units and the front end, in device cycles. */
   void charge(uint64_t cycles) { fixed_ += cycles; }
   /* Shader-core cycles (the SHADER_CYCLES counter's unit): the cores share them. */
   void charge_shader(uint64_t core_cycles) { shader_ += core_cycles; }

   /* Charges what a copy of this clock was charged since it equalled base: a modelled
    * core's share of a draw, counted on its own while the cores run side by side. */
   void absorb(const GpuClock &copy, const GpuClock &base)
   {
      fixed_ += copy.fixed_ - base.fixed_;
      shader_ += copy.shader_ - base.shader_;
   }

   uint64_t cycles() const { return fixed_ + shader_ / LSGPU_JOB_SHADER_CORES; }
   /* Past the watchdog's limit, counting core_cycles a warp has run but not charged. */
   bool expired(uint64_t core_cycles = 0) const
   {
      return fixed_ + (shader_ + core_cycles) / LSGPU_JOB_SHADER_CORES > limit_;
   }

 private:
   uint64_t limit_;
   uint64_t fixed_ = 0;
   uint64_t shader_ = 0;
};

/* Nanoseconds of GPU time that `cycles` device cycles take at LSGPU_CLOCK_MHZ. */
inline uint64_t
gpu_cycles_to_ns(uint64_t cycles)
{
   return cycles * 1000 / LSGPU_CLOCK_MHZ;
}

/* Cycles the copy and fill engines take to write `bytes`. */
inline uint64_t
copy_engine_cycles(uint64_t bytes)
{
   return (bytes + LSGPU_JOB_COPY_BYTES_PER_CYCLE - 1) / LSGPU_JOB_COPY_BYTES_PER_CYCLE;
}

} // namespace lsgpu::sim

#endif
