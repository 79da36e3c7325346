/* SPDX-License-Identifier: MIT */
#include "lsgpu_test_device.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lsgpu/lsgpu_cmdstream.h"

namespace lsgpu::test
{

Device::Device()
{
   const char *node = getenv("LSGPU_TEST_DEVICE");
   fd_ = open(node && *node ? node : "/dev/dri/renderD128", O_RDWR | O_CLOEXEC);
   EXPECT_GE(fd_, 0) << "cannot open the LSGPU render node: " << strerror(errno);
}

Device::~Device()
{
   if (fd_ >= 0)
      close(fd_);
}

int
Device::ioctl(unsigned long cmd, void *arg) const
{
   return ::ioctl(fd_, cmd, arg) == 0 ? 0 : -errno;
}

uint64_t
Device::param(uint32_t p) const
{
   struct drm_lsgpu_get_param req = {};
   req.param = p;
   EXPECT_EQ(ioctl(DRM_IOCTL_LSGPU_GET_PARAM, &req), 0) << "param " << p;
   return req.value;
}

uint32_t
Device::create_bo(uint64_t size, uint64_t *va) const
{
   struct drm_lsgpu_gem_create req = {};
   req.size = size;
   EXPECT_EQ(ioctl(DRM_IOCTL_LSGPU_GEM_CREATE, &req), 0);
   if (va)
      *va = req.va;
   return req.handle;
}

void *
Device::map_bo(uint32_t handle, uint64_t size) const
{
   struct drm_lsgpu_gem_mmap_offset req = {};
   req.handle = handle;
   EXPECT_EQ(ioctl(DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, &req), 0);
   void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, (off_t)req.offset);
   EXPECT_NE(p, MAP_FAILED) << strerror(errno);
   return p == MAP_FAILED ? nullptr : p;
}

int
Device::close_bo(uint32_t handle) const
{
   struct drm_gem_close req = {};
   req.handle = handle;
   return ioctl(DRM_IOCTL_GEM_CLOSE, &req);
}

uint32_t
Device::create_syncobj(bool signaled) const
{
   struct drm_syncobj_create req = {};
   req.flags = signaled ? DRM_SYNCOBJ_CREATE_SIGNALED : 0;
   EXPECT_EQ(ioctl(DRM_IOCTL_SYNCOBJ_CREATE, &req), 0);
   return req.handle;
}

int
Device::wait_syncobj(uint32_t handle, int64_t abs_timeout_ns) const
{
   struct drm_syncobj_wait req = {};
   req.handles = (uintptr_t)&handle;
   req.count_handles = 1;
   req.timeout_nsec = abs_timeout_ns;
   req.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_ALL;
   return ioctl(DRM_IOCTL_SYNCOBJ_WAIT, &req);
}

int
Device::submit(const std::vector<uint32_t> &cmds, const std::vector<uint32_t> &bos,
               uint32_t out_sync) const
{
   struct drm_lsgpu_submit req = {};
   req.cmds = (uintptr_t)cmds.data();
   req.cmds_size = (uint32_t)(cmds.size() * 4);
   req.bo_handles = (uintptr_t)bos.data();
   req.bo_handle_count = (uint32_t)bos.size();
   req.out_sync = out_sync;
   return ioctl(DRM_IOCTL_LSGPU_SUBMIT, &req);
}

std::vector<uint32_t>
fill_row(uint64_t va, uint32_t width, uint32_t value)
{
   std::vector<uint32_t> p(1 + LSGPU_PKT_FILL_LENGTH, 0);
   lsgpu_pkt_fill f = {};
   f.dst_va_lo = (uint32_t)va;
   f.dst_va_hi = (uint32_t)(va >> 32);
   f.pitch = width * 4;
   f.width = width;
   f.height = 1;
   f.cpp = 4;
   f.value[0] = value;
   memset(f.mask, 0xff, sizeof(f.mask));
   lsgpu_pack_fill(p.data(), &f);
   return p;
}

int64_t
now_ns()
{
   struct timespec ts;
   clock_gettime(CLOCK_MONOTONIC, &ts);
   return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

} // namespace lsgpu::test
