/* SPDX-License-Identifier: MIT */
#include "user_memory.h"

#include <sys/uio.h>
#include <unistd.h>

namespace lsgpu::sim
{

UserMemory
UserMemory::self()
{
   return UserMemory(getpid());
}

bool
UserMemory::read(void *dst, uint64_t user_ptr, size_t size) const
{
   if (size == 0)
      return true;
   if (user_ptr == 0)
      return false;
   struct iovec local = {dst, size};
   struct iovec remote = {reinterpret_cast<void *>(static_cast<uintptr_t>(user_ptr)), size};
   return process_vm_readv(pid_, &local, 1, &remote, 1, 0) == (ssize_t)size;
}

bool
UserMemory::write(uint64_t user_ptr, const void *src, size_t size) const
{
   if (size == 0)
      return true;
   if (user_ptr == 0)
      return false;
   struct iovec local = {const_cast<void *>(src), size};
   struct iovec remote = {reinterpret_cast<void *>(static_cast<uintptr_t>(user_ptr)), size};
   return process_vm_writev(pid_, &local, 1, &remote, 1, 0) == (ssize_t)size;
}

} // namespace lsgpu::sim
