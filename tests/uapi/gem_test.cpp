/* SPDX-License-Identifier: MIT */
#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <sys/mman.h>

#include "lsgpu_test_device.h"

using lsgpu::test::Device;

TEST(gem_create, returns_distinct_handles_and_aligned_vas)
{
   Device dev;
   uint64_t va1, va2;
   uint32_t a = dev.create_bo(100, &va1), b = dev.create_bo(8192, &va2);
   EXPECT_NE(a, 0u);
   EXPECT_NE(b, 0u);
   EXPECT_NE(a, b);
   EXPECT_EQ(va1 % 4096, 0u);
   EXPECT_EQ(va2 % 4096, 0u);
   EXPECT_TRUE(va1 + 4096 <= va2 || va2 + 8192 <= va1) << "VAs overlap";
}

TEST(gem_create, new_bo_reads_as_zero)
{
   Device dev;
   uint32_t h = dev.create_bo(8192);
   auto *p = static_cast<uint8_t *>(dev.map_bo(h, 8192));
   ASSERT_NE(p, nullptr);
   for (int i = 0; i < 8192; i++)
      ASSERT_EQ(p[i], 0) << i;
   munmap(p, 8192);
}

TEST(gem_mmap, cpu_writes_are_visible_through_a_second_mapping)
{
   Device dev;
   uint32_t h = dev.create_bo(4096);
   auto *a = static_cast<uint32_t *>(dev.map_bo(h, 4096));
   auto *b = static_cast<uint32_t *>(dev.map_bo(h, 4096));
   ASSERT_TRUE(a && b);
   a[10] = 0xcafef00d;
   EXPECT_EQ(b[10], 0xcafef00du);
   munmap(a, 4096);
   munmap(b, 4096);
}

TEST(gem_mmap, beyond_the_bo_fails)
{
   Device dev;
   struct drm_lsgpu_gem_mmap_offset req = {};
   req.handle = dev.create_bo(4096);
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, &req), 0);
   void *p = mmap(nullptr, 8192, PROT_READ, MAP_SHARED, dev.fd(), (off_t)req.offset);
   EXPECT_EQ(p, MAP_FAILED);
}

TEST(gem_close, closed_handle_is_gone)
{
   Device dev;
   uint32_t h = dev.create_bo(4096);
   ASSERT_EQ(dev.close_bo(h), 0);
   struct drm_lsgpu_gem_mmap_offset req = {};
   req.handle = h;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, &req), -ENOENT);
   EXPECT_EQ(dev.close_bo(h), -EINVAL);
}

TEST(gem_close, mapping_keeps_contents_alive)
{
   Device dev;
   uint32_t h = dev.create_bo(4096);
   auto *p = static_cast<uint32_t *>(dev.map_bo(h, 4096));
   ASSERT_NE(p, nullptr);
   p[0] = 0x12345678;
   ASSERT_EQ(dev.close_bo(h), 0);
   /* New BOs must not reuse memory that is still mapped. */
   for (int i = 0; i < 8; i++) {
      uint32_t other = dev.create_bo(4096);
      auto *q = static_cast<uint32_t *>(dev.map_bo(other, 4096));
      ASSERT_NE(q, nullptr);
      q[0] = 0xdeadbeef;
      munmap(q, 4096);
   }
   EXPECT_EQ(p[0], 0x12345678u);
   munmap(p, 4096);
}

TEST(gem_handles, are_per_file)
{
   Device a, other;
   struct drm_lsgpu_gem_mmap_offset req = {};
   req.handle = a.create_bo(4096);
   /* A fresh file has no handles, so a's handle means nothing there. */
   EXPECT_EQ(other.ioctl(DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, &req), -ENOENT);
   EXPECT_EQ(other.submit(lsgpu::test::fill_row(0x100000, 1, 0), {req.handle}), -ENOENT);
}

TEST(gem_mmap, offset_from_another_file_is_refused)
{
   Device a, b;
   struct drm_lsgpu_gem_mmap_offset req = {};
   req.handle = a.create_bo(4096);
   ASSERT_EQ(a.ioctl(DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, &req), 0);
   void *p = mmap(nullptr, 4096, PROT_READ, MAP_SHARED, b.fd(), (off_t)req.offset);
   EXPECT_EQ(p, MAP_FAILED);
   EXPECT_EQ(errno, EACCES);
}

TEST(gem_wait, idle_bo_returns_at_once)
{
   Device dev;
   struct drm_lsgpu_gem_wait req = {};
   req.handle = dev.create_bo(4096);
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_WAIT, &req), 0);
}

TEST(gem_wait, after_submit_the_results_are_visible)
{
   Device dev;
   uint64_t va;
   uint32_t h = dev.create_bo(4096, &va);
   ASSERT_EQ(dev.submit(lsgpu::test::fill_row(va, 16, 0xa5a5a5a5), {h}), 0);
   struct drm_lsgpu_gem_wait req = {};
   req.handle = h;
   req.timeout_ns = lsgpu::test::now_ns() + 5000000000ll;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_WAIT, &req), 0);
   auto *p = static_cast<uint32_t *>(dev.map_bo(h, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[0], 0xa5a5a5a5u);
   EXPECT_EQ(p[15], 0xa5a5a5a5u);
   EXPECT_EQ(p[16], 0u);
   munmap(p, 4096);
}
