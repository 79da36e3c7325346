/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_USER_MEMORY_H
#define LSGPU_SIM_USER_MEMORY_H

#include <cstddef>
#include <cstdint>
#include <sys/types.h>

namespace lsgpu::sim
{

/*
 * copy_from_user / copy_to_user for the simulated kernel. A bad user pointer must give
 * -EFAULT, never a crash, so access goes through process_vm_readv/writev, which
 * checks the address like the kernel does. The same code serves a device server in
 * another process by naming the client's pid.
 */
class UserMemory
{
 public:
   explicit UserMemory(pid_t pid) : pid_(pid) {}
   static UserMemory self();
   /* The process whose memory this is (the ioctl's caller). */
   pid_t pid() const { return pid_; }

   /* Both return false when any byte is not accessible. */
   bool read(void *dst, uint64_t user_ptr, size_t size) const;
   bool write(uint64_t user_ptr, const void *src, size_t size) const;

 private:
   pid_t pid_;
};

} // namespace lsgpu::sim

#endif
