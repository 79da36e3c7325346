/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_COMMAND_PROCESSOR_H
#define LSGPU_SIM_COMMAND_PROCESSOR_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <cstdio>

#include "gpu/frontend/gpu_clock.h"
#include "gpu/frontend/preemption.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

class AddressSpace;
struct Counters;

/* What one job runs against. */
struct JobEnv {
   const AddressSpace &as;
   uint32_t *regs; /* the context's register file, LSGPU_REG_FILE_SIZE bytes */
   Counters &counters;
   GpuClock clock; /* the job's modelled GPU time; the watchdog faults the job past its limit */
   /* The GPU's timeline when the job started, in ns: TIMESTAMP writes this plus the
    * job's modelled time so far (docs/isa.md §6.1). */
   uint64_t start_ns = 0;
   /* Called at preemption points (preemption.h): the front end may run other
    * contexts' jobs there. Returns the nanoseconds they took. */
   PreemptHook preempt = nullptr;
};

constexpr size_t kFaultPacketWords = 1 + LSGPU_PKT_MAX_FIXED_LENGTH;

struct JobResult {
   lsgpu_fault fault = LSGPU_FAULT_NONE;
   uint32_t fault_dword = 0; /* offset of the faulting packet in its buffer, in words */
   uint32_t fault_depth = 0; /* 0: the submitted stream, n: n-th level indirect buffer */
   uint64_t packets = 0;
   /* The first words of the faulting packet, header included (a copy: an indirect
    * buffer may change after the job). */
   uint32_t fault_packet[kFaultPacketWords] = {};
   uint32_t fault_packet_words = 0;
};

/* Prints a fault as LSGPU_SIM_DEBUG=faults shows it: the fault's name, where, the
 * packet with its fields, and for a DRAW the DRAW_STATE it points at when as (the
 * job's address space) still maps it. */
void command_processor_print_fault(FILE *fp, const JobResult &result,
                                   const AddressSpace *as = nullptr);

/* Decodes and executes one job's command stream in order, following CALLs into
 * indirect buffers. Stops at the first fault; nothing in the stream can make it read
 * outside its buffers, touch unmapped memory, or run past the watchdog's limit. */
JobResult command_processor_execute(const uint32_t *cmds, size_t num_dwords, JobEnv &env);

} // namespace lsgpu::sim

#endif
