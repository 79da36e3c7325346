/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_DRM_FILE_H
#define LSGPU_SIM_DRM_FILE_H

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "../common/range_allocator.h"
#include "lsgpu_isa.h"

namespace lsgpu::sim
{

class GemObject;
class Fence;
struct GpuContext;

/* Per-open-file state of the simulated kernel driver (struct drm_file): handle
 * namespaces and the GPU virtual address space. Handles of one file mean nothing in
 * another. Guarded by the device lock. */
class DrmFile : public std::enable_shared_from_this<DrmFile>
{
 public:
   /* GPU VA layout of a file: the first 1 MiB stays unmapped so that small addresses
    * (NULL + offset) always fault. */
   static constexpr uint64_t kVaStart = 1ull << 20;
   static constexpr uint64_t kVaSize = 1ull << 40;
   /* Never assigned: the shader cores' apertures at the top of the 32-bit space
    * (docs/isa.md §4: fixed-function I/O blocks, then shared memory). */
   static constexpr uint64_t kApertureStart = LSGPU_SHADER_APERTURE_BASE, kApertureEnd = 1ull << 32;

   struct BoHandle {
      std::shared_ptr<GemObject> bo;
      uint64_t va;
   };
   struct Syncobj {
      std::shared_ptr<Fence> fence; /* nullptr: no fence attached yet */
   };

   /* Which node the file was opened on: KMS lives on the primary node only. */
   enum class Node { Render, Primary };

   explicit DrmFile(Node node = Node::Render)
       : va_(kVaStart, kApertureStart - kVaStart), node_(node)
   {
      va_.release(kApertureEnd, kVaSize - kApertureEnd);
   }
   ~DrmFile();

   uint32_t add_bo(std::shared_ptr<GemObject> bo, uint64_t va);
   BoHandle *lookup_bo(uint32_t handle);
   bool remove_bo(uint32_t handle);
   /* True when this file has a handle to bo (DRM only lets such files mmap it). */
   bool has_bo(const GemObject *bo) const { return handle_of(bo) != 0; }
   /* This file's handle for bo, 0 if none. */
   uint32_t handle_of(const GemObject *bo) const;

   /* Context 0 is the file's default context and always exists. */
   uint32_t add_context(std::shared_ptr<GpuContext> ctx);
   std::shared_ptr<GpuContext> lookup_context(uint32_t id) const;
   bool remove_context(uint32_t id);

   uint32_t add_syncobj(std::shared_ptr<Syncobj> syncobj);
   std::shared_ptr<Syncobj> lookup_syncobj(uint32_t handle) const;
   bool remove_syncobj(uint32_t handle);

   RangeAllocator &va() { return va_; }

   Node node() const { return node_; }
   bool primary() const { return node_ == Node::Primary; }

   /* KMS state of the file (kernel/kms.h keeps the objects; the device lock guards). */
   struct KmsState {
      bool universal_planes = false, atomic = false, aspect_ratio = false;
      bool was_master = false;
      std::set<uint32_t> framebuffers; /* FB ids this file created */
      std::set<uint32_t> blobs;        /* property blobs it created */
   };
   KmsState &kms() { return kms_; }

   /* Delivers a DRM event (read(2) on the fd returns it). Set by the transport; may
    * be called from any thread. */
   std::function<void(const void *event, size_t size)> event_sink;

 private:
   RangeAllocator va_;
   Node node_;
   KmsState kms_;
   std::map<uint32_t, BoHandle> bos_;
   std::map<uint32_t, std::shared_ptr<Syncobj>> syncobjs_;
   std::map<uint32_t, std::shared_ptr<GpuContext>> contexts_;
   uint32_t next_context_id_ = 0;
   uint32_t next_bo_handle_ = 1;
   uint32_t next_syncobj_handle_ = 1;
};

} // namespace lsgpu::sim

#endif
