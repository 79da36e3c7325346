/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_FENCE_H
#define LSGPU_SIM_FENCE_H

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

#include "../common/monotonic_clock.h"

namespace lsgpu::sim
{

/* A dma_fence: signalled once, with an error status when its job faulted. */
class Fence
{
 public:
   void signal(int error = 0);
   bool signaled() const;
   int error() const;
   /* Waits until signalled or the absolute CLOCK_MONOTONIC deadline (ns) passes. */
   bool wait_until(int64_t deadline_ns) const;

   static std::shared_ptr<Fence> make_signaled();

 private:
   mutable std::mutex lock_;
   mutable std::condition_variable cond_;
   bool signaled_ = false;
   int error_ = 0;
};

} // namespace lsgpu::sim

#endif
