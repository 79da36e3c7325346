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

#include "lsgpu_packets.h"

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
Device::create_bo(uint64_t size, uint64_t *va, uint32_t flags) const
{
   struct drm_lsgpu_gem_create req = {};
   req.size = size;
   req.flags = flags;
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
               uint32_t out_sync, uint32_t ctx_id, const std::vector<uint32_t> &in_syncs) const
{
   struct drm_lsgpu_submit req = {};
   req.cmds = (uintptr_t)cmds.data();
   req.cmds_size = (uint32_t)(cmds.size() * 4);
   req.bo_handles = (uintptr_t)bos.data();
   req.bo_handle_count = (uint32_t)bos.size();
   req.in_syncs = (uintptr_t)in_syncs.data();
   req.in_sync_count = (uint32_t)in_syncs.size();
   req.out_sync = out_sync;
   req.ctx_id = ctx_id;
   return ioctl(DRM_IOCTL_LSGPU_SUBMIT, &req);
}

int
Device::run(const std::vector<uint32_t> &cmds, const std::vector<uint32_t> &bos,
            uint32_t ctx_id) const
{
   uint32_t sync = create_syncobj();
   int ret = submit(cmds, bos, sync, ctx_id);
   if (ret == 0) {
      EXPECT_EQ(wait_syncobj(sync, now_ns() + 10000000000ll), 0);
   }
   struct drm_syncobj_destroy d = {};
   d.handle = sync;
   ioctl(DRM_IOCTL_SYNCOBJ_DESTROY, &d);
   return ret;
}

uint32_t
Device::create_context(uint32_t priority) const
{
   struct drm_lsgpu_ctx_create req = {};
   req.priority = priority;
   EXPECT_EQ(ioctl(DRM_IOCTL_LSGPU_CTX_CREATE, &req), 0);
   return req.ctx_id;
}

struct drm_lsgpu_ctx_reset_status
Device::reset_status(uint32_t ctx_id) const
{
   struct drm_lsgpu_ctx_reset_status req = {};
   req.ctx_id = ctx_id;
   EXPECT_EQ(ioctl(DRM_IOCTL_LSGPU_CTX_RESET_STATUS, &req), 0);
   return req;
}

std::vector<uint32_t>
fill_row(uint64_t va, uint32_t width, uint32_t value)
{
   std::vector<uint32_t> p(1 + LSGPU_FILL_LENGTH, 0);
   lsgpu_fill f = {};
   f.dst_va = va;
   f.pitch = width * 4;
   f.width = width;
   f.height = 1;
   f.cpp = 4;
   f.value[0] = value;
   memset(f.mask, 0xff, sizeof(f.mask));
   lsgpu_pack_fill(p.data(), &f);
   return p;
}

template <typename Pkt>
static void
emit(std::vector<uint32_t> &cmds, void (*pack)(uint32_t *, const Pkt *), const Pkt &p,
     uint32_t length)
{
   size_t at = cmds.size();
   cmds.resize(at + 1 + length);
   pack(&cmds[at], &p);
}

void
emit_fence_write(std::vector<uint32_t> &cmds, uint64_t va, uint32_t value)
{
   lsgpu_fence_write p = {va, value};
   emit(cmds, lsgpu_pack_fence_write, p, LSGPU_FENCE_WRITE_LENGTH);
}

void
emit_semaphore_wait(std::vector<uint32_t> &cmds, uint64_t va, uint32_t value)
{
   lsgpu_semaphore_wait p = {va, value, LSGPU_SEMAPHORE_OP_EQUAL};
   emit(cmds, lsgpu_pack_semaphore_wait, p, LSGPU_SEMAPHORE_WAIT_LENGTH);
}

void
emit_reg_write(std::vector<uint32_t> &cmds, uint32_t reg, uint32_t value)
{
   lsgpu_reg_write p = {reg, value};
   emit(cmds, lsgpu_pack_reg_write, p, LSGPU_REG_WRITE_LENGTH);
}

void
emit_reg_store(std::vector<uint32_t> &cmds, uint32_t reg, uint64_t va)
{
   lsgpu_reg_store p = {reg, va};
   emit(cmds, lsgpu_pack_reg_store, p, LSGPU_REG_STORE_LENGTH);
}

void
emit_copy(std::vector<uint32_t> &cmds, uint64_t src, uint64_t dst, uint32_t bytes)
{
   lsgpu_copy p = {src, dst, bytes, bytes, bytes, 1};
   emit(cmds, lsgpu_pack_copy, p, LSGPU_COPY_LENGTH);
}

void
emit_call(std::vector<uint32_t> &cmds, uint64_t va, uint32_t size_dwords)
{
   lsgpu_call p = {va, size_dwords};
   emit(cmds, lsgpu_pack_call, p, LSGPU_CALL_LENGTH);
}

void
emit_timestamp(std::vector<uint32_t> &cmds, uint64_t va)
{
   lsgpu_timestamp p = {va};
   emit(cmds, lsgpu_pack_timestamp, p, LSGPU_TIMESTAMP_LENGTH);
}

int64_t
now_ns()
{
   struct timespec ts;
   clock_gettime(CLOCK_MONOTONIC, &ts);
   return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

} // namespace lsgpu::test
