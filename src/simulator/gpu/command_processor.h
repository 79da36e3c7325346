/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_COMMAND_PROCESSOR_H
#define LSGPU_SIM_COMMAND_PROCESSOR_H

#include <cstddef>
#include <cstdint>

#include "lsgpu/lsgpu_cmdstream.h"

namespace lsgpu::sim
{

class AddressSpace;
struct Counters;

struct JobResult {
   lsgpu_fault fault = LSGPU_FAULT_NONE;
   uint32_t fault_dword = 0; /* offset of the faulting packet's header, in words */
};

/* Decodes and executes one job's command stream in order. Stops at the first fault;
 * nothing in the stream can make it read outside `cmds` or touch unmapped memory. */
JobResult command_processor_execute(const uint32_t *cmds, size_t num_dwords, const AddressSpace &as,
                                    Counters &counters);

} // namespace lsgpu::sim

#endif
