/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_FILL_ENGINE_H
#define LSGPU_SIM_FILL_ENGINE_H

#include "lsgpu/lsgpu_cmdstream.h"

namespace lsgpu::sim
{

class AddressSpace;
struct Counters;

/* The copy/fill engine's fill operation (LSGPU_OP_FILL). Validates every field and
 * the whole destination range before writing a byte. */
lsgpu_fault fill_execute(const lsgpu_pkt_fill &pkt, const AddressSpace &as, Counters &counters);

} // namespace lsgpu::sim

#endif
