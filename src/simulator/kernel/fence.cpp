/* SPDX-License-Identifier: MIT */
#include "fence.h"

#include <chrono>
#include <ctime>

namespace lsgpu::sim
{

void
Fence::signal(int error)
{
   {
      std::lock_guard<std::mutex> guard(lock_);
      if (signaled_)
         return;
      signaled_ = true;
      error_ = error;
   }
   cond_.notify_all();
}

bool
Fence::signaled() const
{
   std::lock_guard<std::mutex> guard(lock_);
   return signaled_;
}

int
Fence::error() const
{
   std::lock_guard<std::mutex> guard(lock_);
   return error_;
}

bool
Fence::wait_until(int64_t deadline_ns) const
{
   std::unique_lock<std::mutex> guard(lock_);
   while (!signaled_) {
      int64_t left = deadline_ns - monotonic_now_ns();
      if (left <= 0)
         return false;
      /* Wait in bounded slices: steady_clock arithmetic overflows for "forever"
       * deadlines (INT64_MAX), which would turn the wait into a spin. */
      const int64_t slice = 1000000000ll;
      cond_.wait_for(guard, std::chrono::nanoseconds(left < slice ? left : slice));
   }
   return true;
}

std::shared_ptr<Fence>
Fence::make_signaled()
{
   auto f = std::make_shared<Fence>();
   f->signal();
   return f;
}

} // namespace lsgpu::sim
