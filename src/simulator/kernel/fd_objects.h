/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_FD_OBJECTS_H
#define LSGPU_SIM_FD_OBJECTS_H

#include <memory>

#include "drm_file.h"

namespace lsgpu::sim
{

class Fence;
class GemObject;

/* What a file descriptor created by the driver stands for: a dma-buf (PRIME export
 * of a BO), a syncobj fd, or a sync_file (one fence). */
struct FdObject {
   enum class Kind { DmaBuf, Syncobj, SyncFile };
   Kind kind;
   std::shared_ptr<GemObject> bo;
   std::shared_ptr<DrmFile::Syncobj> syncobj;
   std::shared_ptr<Fence> fence;
};

/*
 * The process's file descriptor table as the kernel sees it: the transport (the
 * interposer today, a device server later) creates real fds for FdObjects and
 * resolves fds passed in ioctls.
 */
class FdTable
{
 public:
   virtual ~FdTable() = default;
   /* Returns the new fd, or a negative errno. */
   virtual int install(std::shared_ptr<FdObject> object, bool cloexec) = 0;
   /* The object behind fd; nullptr with *error = -EBADF (not an open fd) or -EINVAL
    * (an fd, but not one of ours). */
   virtual std::shared_ptr<FdObject> lookup(int fd, int *error) = 0;
};

} // namespace lsgpu::sim

#endif
