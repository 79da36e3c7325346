/* SPDX-License-Identifier: MIT */
/* PRIME (dma-buf) sharing of BOs and syncobj/sync_file fds between DRM files. */
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lsgpu_packets.h"
#include "lsgpu_test_device.h"

using namespace lsgpu::test;

namespace
{

int
export_bo(const Device &dev, uint32_t handle, int *fd)
{
   struct drm_prime_handle req = {};
   req.handle = handle;
   req.flags = DRM_CLOEXEC | DRM_RDWR;
   int ret = dev.ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, &req);
   *fd = req.fd;
   return ret;
}

int
import_bo(const Device &dev, int fd, uint32_t *handle)
{
   struct drm_prime_handle req = {};
   req.fd = fd;
   int ret = dev.ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, &req);
   *handle = req.handle;
   return ret;
}

} // namespace

TEST(prime, cap_reports_import_and_export)
{
   Device dev;
   struct drm_get_cap cap = {};
   cap.capability = DRM_CAP_PRIME;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_GET_CAP, &cap), 0);
   EXPECT_EQ(cap.value, (uint64_t)(DRM_PRIME_CAP_IMPORT | DRM_PRIME_CAP_EXPORT));
}

TEST(prime, bo_shared_between_files_sees_gpu_writes)
{
   Device a, b;
   uint64_t va;
   uint32_t h = a.create_bo(4096, &va);
   int fd;
   ASSERT_EQ(export_bo(a, h, &fd), 0);
   uint32_t hb;
   ASSERT_EQ(import_bo(b, fd, &hb), 0);
   close(fd);

   /* b's job writes through its own VA of the shared BO; a reads the result. */
   struct drm_lsgpu_gem_info info = {};
   info.handle = hb;
   ASSERT_EQ(b.ioctl(DRM_IOCTL_LSGPU_GEM_INFO, &info), 0);
   ASSERT_EQ(b.run(fill_row(info.va, 2, 0x5a5a), {hb}), 0);
   auto *p = static_cast<uint32_t *>(a.map_bo(h, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[1], 0x5a5au);
   munmap(p, 4096);
}

TEST(prime, importing_twice_gives_the_same_handle)
{
   Device a, b;
   uint32_t h = a.create_bo(4096);
   int fd;
   ASSERT_EQ(export_bo(a, h, &fd), 0);
   uint32_t h1, h2;
   ASSERT_EQ(import_bo(b, fd, &h1), 0);
   ASSERT_EQ(import_bo(b, fd, &h2), 0);
   EXPECT_EQ(h1, h2);
   uint32_t self;
   ASSERT_EQ(import_bo(a, fd, &self), 0);
   EXPECT_EQ(self, h); /* re-import into the exporter: its own handle */
   close(fd);
}

TEST(prime, dmabuf_fd_can_be_mmapped)
{
   Device dev;
   uint32_t h = dev.create_bo(4096);
   auto *p = static_cast<uint32_t *>(dev.map_bo(h, 4096));
   ASSERT_NE(p, nullptr);
   p[7] = 0x70707070;
   int fd;
   ASSERT_EQ(export_bo(dev, h, &fd), 0);
   auto *q = static_cast<uint32_t *>(mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd, 0));
   ASSERT_NE(q, MAP_FAILED);
   EXPECT_EQ(q[7], 0x70707070u);
   munmap(q, 4096);
   munmap(p, 4096);
   close(fd);
}

TEST(prime, bo_lives_while_only_the_dmabuf_holds_it)
{
   Device a, b;
   uint32_t h = a.create_bo(4096);
   auto *p = static_cast<uint32_t *>(a.map_bo(h, 4096));
   ASSERT_NE(p, nullptr);
   p[0] = 0x600d600d;
   munmap(p, 4096);
   int fd;
   ASSERT_EQ(export_bo(a, h, &fd), 0);
   ASSERT_EQ(a.close_bo(h), 0);
   uint32_t hb;
   ASSERT_EQ(import_bo(b, fd, &hb), 0);
   close(fd);
   auto *q = static_cast<uint32_t *>(b.map_bo(hb, 4096));
   ASSERT_NE(q, nullptr);
   EXPECT_EQ(q[0], 0x600d600du);
   munmap(q, 4096);
}

TEST(prime, export_unknown_handle_is_enoent)
{
   Device dev;
   int fd;
   EXPECT_EQ(export_bo(dev, 0xdead, &fd), -ENOENT);
}

TEST(prime, export_unknown_flag_is_einval)
{
   Device dev;
   struct drm_prime_handle req = {};
   req.handle = dev.create_bo(4096);
   req.flags = 0x4;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, &req), -EINVAL);
}

TEST(prime, import_closed_fd_is_ebadf)
{
   Device dev;
   uint32_t h;
   EXPECT_EQ(import_bo(dev, 1000000, &h), -EBADF);
}

TEST(prime, import_of_a_non_dmabuf_fd_is_einval)
{
   Device dev;
   int fd = open("/dev/null", O_RDONLY);
   ASSERT_GE(fd, 0);
   uint32_t h;
   EXPECT_EQ(import_bo(dev, fd, &h), -EINVAL);
   close(fd);
}

TEST(syncobj_fd, syncobj_shared_through_an_fd_sees_the_same_fence)
{
   Device a, b;
   uint64_t va;
   uint32_t bo = a.create_bo(4096, &va);
   uint32_t sa = a.create_syncobj();
   struct drm_syncobj_handle exp = {};
   exp.handle = sa;
   ASSERT_EQ(a.ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp), 0);
   struct drm_syncobj_handle imp = {};
   imp.fd = exp.fd;
   ASSERT_EQ(b.ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &imp), 0);
   close(exp.fd);
   ASSERT_EQ(a.submit(fill_row(va, 1, 1), {bo}, sa), 0);
   /* b waits on a's job through its own handle. */
   EXPECT_EQ(b.wait_syncobj(imp.handle, now_ns() + 5000000000ll), 0);
}

TEST(syncobj_fd, sync_file_export_and_import)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   uint32_t src = dev.create_syncobj();
   ASSERT_EQ(dev.submit(fill_row(va, 1, 1), {bo}, src), 0);
   struct drm_syncobj_handle exp = {};
   exp.handle = src;
   exp.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp), 0);
   uint32_t dst = dev.create_syncobj();
   struct drm_syncobj_handle imp = {};
   imp.fd = exp.fd;
   imp.handle = dst;
   imp.flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &imp), 0);
   close(exp.fd);
   EXPECT_EQ(dev.wait_syncobj(dst, now_ns() + 5000000000ll), 0);
}

TEST(syncobj_fd, export_sync_file_without_fence_is_einval)
{
   Device dev;
   struct drm_syncobj_handle exp = {};
   exp.handle = dev.create_syncobj();
   exp.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp), -EINVAL);
}

TEST(syncobj_fd, export_unknown_handle_is_enoent)
{
   Device dev;
   struct drm_syncobj_handle exp = {};
   exp.handle = 0x4444;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp), -ENOENT);
}

TEST(syncobj_fd, nonzero_pad_or_unknown_flag_is_einval)
{
   Device dev;
   struct drm_syncobj_handle exp = {};
   exp.handle = dev.create_syncobj(true);
   exp.pad = 1;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp), -EINVAL);
   exp.pad = 0;
   exp.flags = 0x10;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &exp), -EINVAL);
}

TEST(syncobj_fd, import_of_a_foreign_fd_is_einval)
{
   Device dev;
   int fd = open("/dev/null", O_RDONLY);
   struct drm_syncobj_handle imp = {};
   imp.fd = fd;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &imp), -EINVAL);
   imp.fd = 1000000;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &imp), -EINVAL);
   close(fd);
}

TEST(syncobj_fd, importing_a_dmabuf_as_syncobj_is_einval)
{
   Device dev;
   struct drm_prime_handle req = {};
   req.handle = dev.create_bo(4096);
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, &req), 0);
   struct drm_syncobj_handle imp = {};
   imp.fd = req.fd;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &imp), -EINVAL);
   close(req.fd);
}
