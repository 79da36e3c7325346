/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_COUNTERS_H
#define LSGPU_SIM_COUNTERS_H

#include <atomic>
#include <cstdint>

namespace lsgpu::sim
{

/* Device-wide performance counters, exposed through LSGPU_PARAM_COUNTER_*. Every unit
 * counts what it does so tools and tests can see that the GPU did the work. */
struct Counters {
   std::atomic<uint64_t> jobs{0};
   std::atomic<uint64_t> faults{0};
   std::atomic<uint64_t> packets{0};
   std::atomic<uint64_t> fill_bytes{0};
   std::atomic<uint64_t> copy_bytes{0};
   std::atomic<uint64_t> resets{0};
   /* Shader cores (docs/isa.md §6). */
   std::atomic<uint64_t> warp_instructions{0};
   std::atomic<uint64_t> lane_instructions{0};
   std::atomic<uint64_t> texture_requests{0};
   std::atomic<uint64_t> texels{0}; /* texels the texture unit read (border included) */
   /* Fixed-function pipeline. */
   std::atomic<uint64_t> primitives{0}; /* points, lines, triangles reaching the rasterizer */
   std::atomic<uint64_t> fragments{0};  /* fragments that passed every test and were written */
   std::atomic<uint64_t> shader_cycles{0};
};

} // namespace lsgpu::sim

#endif
