/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_ADDRESS_SPACE_H
#define LSGPU_SIM_ADDRESS_SPACE_H

#include <cstdint>
#include <vector>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

/*
 * The MMU's view of one job: the GPU virtual ranges of the BOs in its BO list, with
 * their permissions. Every access the GPU makes goes through translate(); an access
 * that is not wholly inside one mapping, or writes a read-only one, is a fault and
 * never a host access.
 */
class AddressSpace
{
 public:
   struct Mapping {
      uint64_t va;
      uint64_t size;
      uint8_t *host;
      bool writable;
   };
   struct Access {
      uint8_t *host;     /* nullptr on fault */
      lsgpu_fault fault; /* LSGPU_FAULT_NONE, _MMU or _MMU_READ_ONLY */
   };

   void map(uint64_t va, uint64_t size, uint8_t *host, bool writable = true);
   Access translate(uint64_t va, uint64_t size, bool write) const;

 private:
   std::vector<Mapping> mappings_; /* sorted by va, non-overlapping */
};

} // namespace lsgpu::sim

#endif
