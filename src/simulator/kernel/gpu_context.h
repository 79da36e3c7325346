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
   /* The first fault of its jobs, as CTX_RESET_STATUS reports it (docs/uapi.md). */
   struct Fault {
      uint64_t job = 0; /* its sequence number; 0: none yet */
      uint64_t va = 0;  /* MMU faults: the address accessed */
      uint32_t fault = 0, opcode = 0, dword = 0, depth = 0;
   } first_fault;
};

} // namespace lsgpu::sim

#endif
