/* SPDX-License-Identifier: MIT */
/*
 * SYNC_IOC_FILE_INFO on a simulated sync_file. Its one fence's state is known here
 * without asking the device server: the server makes the fd poll readable when the
 * fence signals (docs/architecture.md "The device server"). Mesa checks an fd this
 * way before it takes it as a native fence (libsync's sync_valid_fd).
 */
#include "sync_file.h"

#include <cerrno>
#include <cstring>
#include <linux/sync_file.h>
#include <poll.h>

#include "kernel/user_memory.h"

namespace lsgpu::sim
{

int
sync_file_ioctl(int fd, unsigned long request, void *arg)
{
   if (request != SYNC_IOC_FILE_INFO)
      return -ENOTTY; /* SYNC_IOC_MERGE is not simulated (docs/uapi.md) */
   const UserMemory user = UserMemory::self();
   struct sync_file_info info;
   if (!user.read(&info, (uintptr_t)arg, sizeof(info)))
      return -EFAULT;
   if (info.flags || info.pad)
      return -EINVAL;
   struct pollfd p = {fd, POLLIN, 0};
   const bool signaled = poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
   const int32_t status = signaled ? 1 : 0;
   if (info.num_fences) {
      /* The caller's array must hold the one fence. */
      struct sync_fence_info fence = {};
      strncpy(fence.obj_name, "lsgpu", sizeof(fence.obj_name) - 1);
      strncpy(fence.driver_name, "lsgpu", sizeof(fence.driver_name) - 1);
      fence.status = status;
      if (!user.write(info.sync_fence_info, &fence, sizeof(fence)))
         return -EFAULT;
   }
   memset(info.name, 0, sizeof(info.name));
   strncpy(info.name, "lsgpu", sizeof(info.name) - 1);
   info.status = status;
   info.num_fences = 1;
   return user.write((uintptr_t)arg, &info, sizeof(info)) ? 0 : -EFAULT;
}

} // namespace lsgpu::sim
