/* SPDX-License-Identifier: MIT */
#include "drm_file.h"

#include "gem_object.h"
#include "gpu_context.h"

namespace lsgpu::sim
{

DrmFile::~DrmFile() = default;

/* Handles count up and skip 0 and live handles, so a closed handle is not handed out
 * again soon (use-after-close gives ENOENT instead of another object). */
template <typename Map>
static uint32_t
next_free_handle(const Map &map, uint32_t &next)
{
   while (next == 0 || map.count(next))
      next++;
   return next++;
}

uint32_t
DrmFile::add_bo(std::shared_ptr<GemObject> bo, uint64_t va)
{
   uint32_t handle = next_free_handle(bos_, next_bo_handle_);
   bos_[handle] = BoHandle{std::move(bo), va};
   return handle;
}

DrmFile::BoHandle *
DrmFile::lookup_bo(uint32_t handle)
{
   auto it = bos_.find(handle);
   return it == bos_.end() ? nullptr : &it->second;
}

bool
DrmFile::remove_bo(uint32_t handle)
{
   auto it = bos_.find(handle);
   if (it == bos_.end())
      return false;
   va_.release(it->second.va, it->second.bo->size());
   bos_.erase(it);
   return true;
}

uint32_t
DrmFile::handle_of(const GemObject *bo) const
{
   for (const auto &entry : bos_) {
      if (entry.second.bo.get() == bo)
         return entry.first;
   }
   return 0;
}

uint32_t
DrmFile::add_context(std::shared_ptr<GpuContext> ctx)
{
   /* The first context is 0 (the default); created ones count up from 1. */
   uint32_t id = next_context_id_;
   while (contexts_.count(id))
      id++;
   next_context_id_ = id + 1;
   contexts_[id] = std::move(ctx);
   return id;
}

std::shared_ptr<GpuContext>
DrmFile::lookup_context(uint32_t id) const
{
   auto it = contexts_.find(id);
   return it == contexts_.end() ? nullptr : it->second;
}

bool
DrmFile::remove_context(uint32_t id)
{
   return id != 0 && contexts_.erase(id) != 0;
}

uint32_t
DrmFile::add_syncobj(std::shared_ptr<Syncobj> syncobj)
{
   uint32_t handle = next_free_handle(syncobjs_, next_syncobj_handle_);
   syncobjs_[handle] = std::move(syncobj);
   return handle;
}

std::shared_ptr<DrmFile::Syncobj>
DrmFile::lookup_syncobj(uint32_t handle) const
{
   auto it = syncobjs_.find(handle);
   return it == syncobjs_.end() ? nullptr : it->second;
}

bool
DrmFile::remove_syncobj(uint32_t handle)
{
   return syncobjs_.erase(handle) != 0;
}

} // namespace lsgpu::sim
