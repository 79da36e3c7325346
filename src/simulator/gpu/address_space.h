/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_ADDRESS_SPACE_H
#define LSGPU_SIM_ADDRESS_SPACE_H

#include <cstdint>
#include <vector>

namespace lsgpu::sim
{

/*
 * The MMU's view of one job: the GPU virtual ranges of the BOs in its BO list. Every
 * access the GPU makes goes through translate(); an access that is not wholly inside
 * one mapping is a fault (LSGPU_FAULT_MMU), never a host access.
 */
class AddressSpace
{
 public:
   struct Mapping {
      uint64_t va;
      uint64_t size;
      uint8_t *host;
   };

   void map(uint64_t va, uint64_t size, uint8_t *host);
   /* Host pointer for [va, va + size), or nullptr when any byte is unmapped. */
   uint8_t *translate(uint64_t va, uint64_t size) const;

 private:
   std::vector<Mapping> mappings_; /* sorted by va, non-overlapping */
};

} // namespace lsgpu::sim

#endif
