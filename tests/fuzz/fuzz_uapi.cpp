/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: random ioctl sequences with random arguments into a fresh
 * simulated kernel device per input, from two DRM files. Pointer fields only ever
 * point into a scratch buffer, at NULL or at unmapped memory, so the simulated
 * kernel's own checks (EFAULT and friends) are what is exercised, never the fuzzer
 * corrupting itself. Run with ./lsgpu fuzz uapi [SECONDS].
 */
#include <cerrno>
#include <cstring>
#include <FuzzedDataProvider.h>
#include <map>
#include <memory>
#include <sys/mman.h>
#include <vector>

#include "common/monotonic_clock.h"
#include "drm-uapi/lsgpu_drm.h"
#include "kernel/drm_file.h"
#include "kernel/fd_objects.h"
#include "kernel/kernel_device.h"
#include "kernel/user_memory.h"
#include "lsgpu_packets.h"

using namespace lsgpu::sim;

namespace
{

/* Large enough for the largest read any ioctl may do (a 1 MiB command stream). */
constexpr size_t kScratchSize = LSGPU_MAX_CMDS_SIZE + 65536;

struct Ioctl {
   unsigned long cmd;
   /* Offsets of __u64 user-pointer fields in the struct (-1 ends the list). */
   int ptrs[4];
};

const Ioctl kIoctls[] = {
   {DRM_IOCTL_VERSION, {24, 40, 56, -1}},
   {DRM_IOCTL_GET_CAP, {-1}},
   {DRM_IOCTL_GEM_CLOSE, {-1}},
   {DRM_IOCTL_PRIME_HANDLE_TO_FD, {-1}},
   {DRM_IOCTL_PRIME_FD_TO_HANDLE, {-1}},
   {DRM_IOCTL_SYNCOBJ_CREATE, {-1}},
   {DRM_IOCTL_SYNCOBJ_DESTROY, {-1}},
   {DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, {-1}},
   {DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, {-1}},
   {DRM_IOCTL_SYNCOBJ_WAIT, {0, -1}},
   {DRM_IOCTL_SYNCOBJ_RESET, {0, -1}},
   {DRM_IOCTL_SYNCOBJ_SIGNAL, {0, -1}},
   {DRM_IOCTL_LSGPU_GET_PARAM, {-1}},
   {DRM_IOCTL_LSGPU_GEM_CREATE, {-1}},
   {DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, {-1}},
   {DRM_IOCTL_LSGPU_GEM_WAIT, {-1}},
   {DRM_IOCTL_LSGPU_SUBMIT, {0, 8, 16, -1}},
   {DRM_IOCTL_LSGPU_GEM_INFO, {-1}},
   {DRM_IOCTL_LSGPU_CTX_CREATE, {-1}},
   {DRM_IOCTL_LSGPU_CTX_DESTROY, {-1}},
   {DRM_IOCTL_LSGPU_CTX_RESET_STATUS, {-1}},
};

/* fds as integers in a map: no real descriptors, so nothing leaks between inputs. */
class FakeFdTable : public FdTable
{
 public:
   int install(std::shared_ptr<FdObject> object, bool) override
   {
      int fd = next_++;
      objects_[fd] = std::move(object);
      return fd;
   }
   std::shared_ptr<FdObject> lookup(int fd, int *error) override
   {
      auto it = objects_.find(fd);
      if (it != objects_.end())
         return it->second;
      *error = -EBADF;
      return nullptr;
   }

 private:
   std::map<int, std::shared_ptr<FdObject>> objects_;
   int next_ = 1000;
};

uint8_t *
scratch()
{
   static uint8_t *buf = static_cast<uint8_t *>(
      mmap(nullptr, kScratchSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
   return buf;
}

/* An address no access succeeds at, for the whole run: a page kept mapped PROT_NONE.
 * (A page mapped and unmapped again is soon reused, by ASan's allocator among others,
 * and the simulated kernel's copy_to_user would then write into it.) */
uint64_t
unmapped_address()
{
   static uint64_t addr =
      (uint64_t)(uintptr_t)mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   return addr;
}

uint64_t
pick_pointer(FuzzedDataProvider &fdp)
{
   switch (fdp.ConsumeIntegralInRange<int>(0, 5)) {
   case 0:
      return 0;
   case 1:
      return unmapped_address();
   case 2:
      return fdp.ConsumeIntegralInRange<uint64_t>(1, 4095); /* the zero page */
   default:
      return (uint64_t)(uintptr_t)scratch() + fdp.ConsumeIntegralInRange<uint32_t>(0, 4096) / 4 * 4;
   }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
   FuzzedDataProvider fdp(data, size);
   KernelDevice::Config config;
   config.memory_size = 64ull << 20;
   config.job_timeout_cycles = 100000; /* 0.2 ms of GPU time */
   KernelDevice dev(config);
   if (!dev.valid())
      return 0;
   std::shared_ptr<DrmFile> files[2] = {dev.open_file(), dev.open_file()};
   FakeFdTable fds;
   const UserMemory user = UserMemory::self();

   /* The scratch buffer's first page: fuzzed content that pointer fields see
    * (handles, command streams). The rest stays zero (NOP streams). */
   std::vector<uint8_t> page = fdp.ConsumeBytes<uint8_t>(fdp.ConsumeIntegralInRange(0, 4096));
   memset(scratch(), 0, 8192);
   if (!page.empty())
      memcpy(scratch(), page.data(), page.size());

   for (int n = 0; n < 64 && fdp.remaining_bytes(); n++) {
      const Ioctl &io = kIoctls[fdp.ConsumeIntegralInRange<size_t>(0, std::size(kIoctls) - 1)];
      unsigned long cmd = io.cmd;
      if (fdp.ConsumeIntegralInRange(0, 15) == 0) /* a wrong size or number */
         cmd = fdp.ConsumeIntegral<uint32_t>();

      alignas(8) uint8_t arg[128] = {};
      std::vector<uint8_t> bytes = fdp.ConsumeBytes<uint8_t>(_IOC_SIZE(io.cmd));
      if (!bytes.empty())
         memcpy(arg, bytes.data(), std::min(bytes.size(), sizeof(arg)));
      for (int i = 0; i < 4 && io.ptrs[i] >= 0; i++) {
         uint64_t p = pick_pointer(fdp);
         memcpy(arg + io.ptrs[i], &p, 8);
      }
      if (io.cmd == DRM_IOCTL_SYNCOBJ_WAIT || io.cmd == DRM_IOCTL_LSGPU_GEM_WAIT) {
         /* Deadlines are absolute CLOCK_MONOTONIC times, and a wait for a fence that
          * never comes (WAIT_FOR_SUBMIT on an empty syncobj) blocks until then, as
          * in a kernel. A fuzzed 64-bit deadline is centuries away: that was the
          * run that stopped on an input "taking over 11 s". Past, now or at most a
          * few milliseconds ahead. */
         const int64_t deadline =
            (int64_t)monotonic_now_ns() + fdp.ConsumeIntegralInRange<int64_t>(-1000000, 5000000);
         memcpy(arg + 8, &deadline, 8); /* timeout_nsec / timeout_ns in both */
      }
      if (io.cmd == DRM_IOCTL_VERSION) {
         /* Lengths bound what the kernel writes through the string pointers. */
         for (int off : {16, 32, 48}) {
            uint64_t len = fdp.ConsumeIntegralInRange<uint64_t>(0, 64);
            memcpy(arg + off, &len, 8);
         }
      }
      uint64_t arg_ptr =
         fdp.ConsumeIntegralInRange(0, 31) == 0 ? unmapped_address() : (uint64_t)(uintptr_t)arg;
      DrmFile &file = *files[fdp.ConsumeBool()];
      int ret = dev.ioctl(file, cmd, arg_ptr, user, &fds);
      if (ret > 0)
         __builtin_trap(); /* ioctls return 0 or -errno */
   }
   return 0;
}
