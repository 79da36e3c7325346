/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_ADDRESS_SPACE_H
#define LSGPU_SIM_ADDRESS_SPACE_H

#include <atomic>
#include <cstdint>
#include <memory>
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

   AddressSpace() = default;
   AddressSpace(const AddressSpace &o) : mappings_(o.mappings_), fault_va_(o.fault_va_) {}
   AddressSpace &operator=(const AddressSpace &o)
   {
      mappings_ = o.mappings_;
      fault_va_ = o.fault_va_;
      last_.store(0, std::memory_order_relaxed);
      return *this;
   }

   /* Where this address space and its copies (a draw's, with the I/O blocks added)
    * record the address of a faulting access: the kernel reports the job's
    * (docs/uapi.md, CTX_RESET_STATUS). */
   void record_faults(std::shared_ptr<std::atomic<uint64_t>> first_fault_va)
   {
      fault_va_ = std::move(first_fault_va);
   }
   const std::shared_ptr<std::atomic<uint64_t>> &fault_recorder() const { return fault_va_; }

   void map(uint64_t va, uint64_t size, uint8_t *host, bool writable = true);
   /* Puts host memory in place of [va, va + size) of the writable mapping that holds
    * it (a core's private copy of a window of the job's memory); false, and nothing
    * changed, when no single writable mapping holds the range. */
   bool overlay(uint64_t va, uint64_t size, uint8_t *host);

   Access translate(uint64_t va, uint64_t size, bool write) const
   {
      /* The TLB hit, inline: a fragment's depth and colour accesses take this path. */
      const size_t hint = last_.load(std::memory_order_relaxed);
      if (hint < mappings_.size()) {
         const Mapping &m = mappings_[hint];
         const uint64_t off = va - m.va;
         if (off < m.size && size <= m.size - off && (!write || m.writable))
            return {m.host + off, LSGPU_FAULT_NONE};
      }
      return translate_slow(va, size, write);
   }

   /* The mapping that contains va, or nullptr: what a unit caches to translate a
    * stream of accesses itself (the shader cores' TLB). Records no fault. */
   const Mapping *mapping_at(uint64_t va) const;

 private:
   Access translate_slow(uint64_t va, uint64_t size, bool write) const;

   Access fault(uint64_t va, lsgpu_fault f) const;

   std::vector<Mapping> mappings_; /* sorted by va, non-overlapping */
   std::shared_ptr<std::atomic<uint64_t>> fault_va_;
   /* The mapping the last translation hit: a one-entry TLB, since a draw's accesses
    * run in long streaks within one BO (a render target, a depth buffer, a texture).
    * Only a hint, checked on every use. */
   mutable std::atomic<size_t> last_{0};
};

} // namespace lsgpu::sim

#endif
