/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_GPU_CONTEXT_H
#define LSGPU_SIM_GPU_CONTEXT_H

#include <cstdint>
#include <deque>
#include <memory>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

struct Job;

/* A GPU context: an in-order job queue with its own state registers and reset
 * status. Guarded by the scheduler's lock. */
struct GpuContext {
   uint32_t priority = 1;
   uint32_t regs[LSGPU_REG_FILE_SIZE / 4] = {};
   std::deque<std::shared_ptr<Job>> queue;
   bool guilty = false; /* a job faulted: the context accepts no more jobs */
   bool innocent_pending = false;
   uint32_t guilty_count = 0;
   uint32_t innocent_count = 0;
};

} // namespace lsgpu::sim

#endif
