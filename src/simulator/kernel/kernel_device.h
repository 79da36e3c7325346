/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_KERNEL_DEVICE_H
#define LSGPU_SIM_KERNEL_DEVICE_H

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "drm_file.h"
#include "gpu/counters.h"
#include "gpu/display/display_controller.h"
#include "gpu/memory/device_memory.h"
#include "kms.h"

namespace lsgpu::sim
{

class GemObject;
class UserMemory;
class Scheduler;
class FdTable;

/*
 * The simulated LSGPU-1 kernel driver: what a real kernel module would do behind
 * /dev/dri/card0 and /dev/dri/renderD128. Its whole interface is open / ioctl / mmap
 * / close, which the device server (server/) offers to every process of a session.
 * All ioctl argument validation lives behind ioctl() (kernel/ioctl_*.cpp).
 */
class KernelDevice
{
 public:
   struct Config {
      uint64_t memory_size = 4ull << 30;
      /* The watchdog's budget for one job, in device cycles of modelled GPU time
       * (gpu/frontend/gpu_clock.h): 500 ms, the job timeout of v3d, panfrost and lima. */
      uint64_t job_timeout_cycles = 500ull * 1000 * LSGPU_CLOCK_MHZ;
   };

   KernelDevice();
   explicit KernelDevice(const Config &config);
   ~KernelDevice();

   bool valid() const { return memory_.valid(); }

   /* A new DRM file, as open(2) of a node creates one. The first file opened on
    * the primary node while there is no master becomes master. */
   std::shared_ptr<DrmFile> open_file(DrmFile::Node node = DrmFile::Node::Render);
   /* The last fd of the file is closed (drm_release): it stops being master and its
    * framebuffers go (CRTCs showing them are turned off). */
   void close_file(DrmFile &file);

   /* One ioctl(2); returns 0 or a negative errno. `arg` is the user pointer; `fds`
    * (may be null) creates and resolves the fds PRIME and syncobj ioctls use. */
   int ioctl(DrmFile &file, unsigned long cmd, uint64_t arg, const UserMemory &user,
             FdTable *fds = nullptr);

   struct MmapTarget {
      int fd;
      uint64_t fd_offset;
      std::shared_ptr<GemObject> keepalive;
   };
   int mmap(DrmFile &file, uint64_t offset, uint64_t length, MmapTarget *out);
   /* mmap(2) of a dma-buf fd: the BO's memory, from its start. */
   int mmap_dmabuf(const std::shared_ptr<GemObject> &bo, uint64_t offset, uint64_t length,
                   MmapTarget *out);

   /* Resolves an mmap(2) of [offset, offset + length) on the DRM fd to a range of
    * the device memory fd. `keepalive` holds the BO until the mapping is gone. */

   /* fork() support (pthread_atfork order): quiesce, then resume in each process. */
   void before_fork();
   void after_fork_parent();
   void after_fork_child();

   Counters &counters() { return counters_; }
   Scheduler &scheduler() { return *scheduler_; }
   Kms &kms() { return *kms_; }
   DisplayController &display() { return *display_; }
   DeviceMemory &memory() { return memory_; }
   std::mutex &lock() { return lock_; }

   /* Fake mmap offsets, device-global like DRM's vma offset manager. Device lock held. */
   uint64_t register_mmap_offset(const std::shared_ptr<GemObject> &bo);
   uint64_t allocate_mmap_offset(uint64_t size);

 private:
   int map_bo_range(std::shared_ptr<GemObject> bo, uint64_t offset, uint64_t length,
                    MmapTarget *out);

   std::mutex lock_;
   DeviceMemory memory_;
   Counters counters_;
   std::unique_ptr<Scheduler> scheduler_;
   std::unique_ptr<DisplayController> display_;
   std::unique_ptr<Kms> kms_;
   uint64_t next_mmap_offset_ = 1ull << 32;
   std::map<uint64_t, std::weak_ptr<GemObject>> mmap_offsets_;
};

} // namespace lsgpu::sim

#endif
