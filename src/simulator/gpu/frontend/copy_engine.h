/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_COPY_ENGINE_H
#define LSGPU_SIM_COPY_ENGINE_H

#include "gpu/frontend/gpu_clock.h"
#include "lsgpu_packets.h"

namespace lsgpu::sim
{

class AddressSpace;
struct Counters;

/* The copy/fill engine. Each operation validates every field and its whole source
 * and destination range before touching a byte, and charges the job's clock for the
 * bytes it writes (LSGPU_JOB_COPY_BYTES_PER_CYCLE). */
lsgpu_fault copy_engine_fill(const lsgpu_fill &pkt, const AddressSpace &as, Counters &counters,
                             GpuClock &clock);
lsgpu_fault copy_engine_copy(const lsgpu_copy &pkt, const AddressSpace &as, Counters &counters,
                             GpuClock &clock);
lsgpu_fault copy_engine_resolve(const lsgpu_resolve &pkt, const AddressSpace &as,
                                Counters &counters, GpuClock &clock);

} // namespace lsgpu::sim

#endif
