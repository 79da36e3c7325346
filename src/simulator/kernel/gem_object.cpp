/* SPDX-License-Identifier: MIT */
#include "gem_object.h"

#include "fence.h"

namespace lsgpu::sim
{

void
GemObject::set_last_fence(std::shared_ptr<Fence> fence)
{
   std::lock_guard<std::mutex> guard(lock_);
   last_fence_ = std::move(fence);
}

std::shared_ptr<Fence>
GemObject::last_fence() const
{
   std::lock_guard<std::mutex> guard(lock_);
   return last_fence_;
}

} // namespace lsgpu::sim
