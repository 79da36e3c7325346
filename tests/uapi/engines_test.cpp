/* SPDX-License-Identifier: MIT */
/* The command processor's packets, through the uAPI. */
#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <sys/mman.h>

#include "lsgpu_packets.h"
#include "lsgpu_test_device.h"

using namespace lsgpu::test;

TEST(engines, copy_between_bos)
{
   Device dev;
   uint64_t src_va, dst_va;
   uint32_t src = dev.create_bo(4096, &src_va), dst = dev.create_bo(4096, &dst_va);
   auto *s = static_cast<uint8_t *>(dev.map_bo(src, 4096));
   ASSERT_NE(s, nullptr);
   for (int i = 0; i < 256; i++)
      s[i] = (uint8_t)(255 - i);
   std::vector<uint32_t> cmds;
   emit_copy(cmds, src_va, dst_va + 100, 256);
   ASSERT_EQ(dev.run(cmds, {src, dst}), 0);
   auto *d = static_cast<uint8_t *>(dev.map_bo(dst, 4096));
   ASSERT_NE(d, nullptr);
   EXPECT_EQ(memcmp(d + 100, s, 256), 0);
   EXPECT_EQ(d[99], 0);
   EXPECT_EQ(d[356], 0);
   munmap(s, 4096);
   munmap(d, 4096);
}

TEST(engines, indirect_buffer_in_a_bo)
{
   Device dev;
   uint64_t ib_va, va;
   uint32_t ib = dev.create_bo(4096, &ib_va), bo = dev.create_bo(4096, &va);
   auto *ibp = static_cast<uint32_t *>(dev.map_bo(ib, 4096));
   ASSERT_NE(ibp, nullptr);
   std::vector<uint32_t> inner = fill_row(va, 2, 0x1b);
   memcpy(ibp, inner.data(), inner.size() * 4);
   std::vector<uint32_t> cmds;
   emit_call(cmds, ib_va, (uint32_t)inner.size());
   ASSERT_EQ(dev.run(cmds, {ib, bo}), 0);
   auto *p = static_cast<uint32_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[1], 0x1bu);
   munmap(ibp, 4096);
   munmap(p, 4096);
}

TEST(engines, timestamps_advance)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   std::vector<uint32_t> cmds;
   emit_timestamp(cmds, va);
   ASSERT_EQ(dev.run(cmds, {bo}), 0);
   std::vector<uint32_t> later;
   emit_timestamp(later, va + 8);
   ASSERT_EQ(dev.run(later, {bo}), 0);
   auto *p = static_cast<uint64_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_GT(p[0], 0u);
   EXPECT_GT(p[1], p[0]);
   munmap(p, 4096);
}

TEST(gem_flags, gpu_read_only_bo_cannot_be_written_by_a_job)
{
   Device dev;
   uint64_t ro_va;
   uint32_t ro = dev.create_bo(4096, &ro_va, LSGPU_GEM_CREATE_GPU_READ_ONLY);
   uint64_t faults = dev.param(LSGPU_PARAM_COUNTER_FAULTS);
   uint32_t ctx = dev.create_context();
   ASSERT_EQ(dev.run(fill_row(ro_va, 1, 9), {ro}, ctx), 0);
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_FAULTS), faults + 1);
   EXPECT_EQ(dev.reset_status(ctx).status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
   auto *p = static_cast<uint32_t *>(dev.map_bo(ro, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[0], 0u);
   munmap(p, 4096);
}

TEST(gem_flags, gpu_read_only_bo_can_be_read)
{
   Device dev;
   uint64_t ro_va;
   uint32_t src = dev.create_bo(4096, &ro_va, LSGPU_GEM_CREATE_GPU_READ_ONLY);
   auto *ro = static_cast<uint32_t *>(dev.map_bo(src, 4096));
   ASSERT_NE(ro, nullptr);
   ro[0] = 0x12121212;
   uint64_t va;
   uint32_t dst = dev.create_bo(4096, &va);
   std::vector<uint32_t> cmds;
   emit_copy(cmds, ro_va, va, 4);
   ASSERT_EQ(dev.run(cmds, {src, dst}), 0);
   auto *p = static_cast<uint32_t *>(dev.map_bo(dst, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[0], 0x12121212u);
   munmap(ro, 4096);
   munmap(p, 4096);
}

TEST(gem_flags, no_mmap_bo_refuses_mmap)
{
   Device dev;
   struct drm_lsgpu_gem_mmap_offset off = {};
   off.handle = dev.create_bo(4096, nullptr, LSGPU_GEM_CREATE_NO_MMAP);
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, &off), 0);
   void *p = mmap(nullptr, 4096, PROT_READ, MAP_SHARED, dev.fd(), (off_t)off.offset);
   EXPECT_EQ(p, MAP_FAILED);
   EXPECT_EQ(errno, EACCES);
}

TEST(gem_info, reports_size_va_and_flags)
{
   Device dev;
   uint64_t va;
   struct drm_lsgpu_gem_info info = {};
   info.handle = dev.create_bo(5000, &va, LSGPU_GEM_CREATE_GPU_READ_ONLY);
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_INFO, &info), 0);
   EXPECT_EQ(info.size, 8192u);
   EXPECT_EQ(info.va, va);
   EXPECT_EQ(info.flags, (uint32_t)LSGPU_GEM_CREATE_GPU_READ_ONLY);
}

TEST(gem_info, unknown_handle_is_enoent)
{
   Device dev;
   struct drm_lsgpu_gem_info info = {};
   info.handle = 0xbad;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_INFO, &info), -ENOENT);
}

TEST(engines, occlusion_write_stores_the_contexts_counter)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   auto *p = static_cast<uint32_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);
   memset(p, 0xab, 16);
   std::vector<uint32_t> cmds(1 + LSGPU_OCCLUSION_WRITE_LENGTH);
   lsgpu_occlusion_write o = {va + 8};
   lsgpu_pack_occlusion_write(cmds.data(), &o);
   ASSERT_EQ(dev.run(cmds, {bo}), 0);
   EXPECT_EQ(p[2], 0u); /* no draw yet: zero samples passed */
   EXPECT_EQ(p[3], 0u);
   EXPECT_EQ(p[0], 0xababababu);
   munmap(p, 4096);
}

TEST(engines, draw_with_state_outside_the_bo_list_faults)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   std::vector<uint32_t> cmds(1 + LSGPU_DRAW_LENGTH);
   lsgpu_draw d = {};
   d.state_va = va + 4096 * 16; /* 64-aligned, but not a BO of the job */
   d.mode = LSGPU_PRIM_TRIANGLES;
   d.count = 3;
   d.instance_count = 1;
   lsgpu_pack_draw(cmds.data(), &d);
   const uint32_t ctx = dev.create_context();
   const uint64_t faults = dev.param(LSGPU_PARAM_COUNTER_FAULTS);
   ASSERT_EQ(dev.run(cmds, {bo}, ctx), 0);
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_FAULTS), faults + 1);
   EXPECT_EQ(dev.reset_status(ctx).status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
}

TEST(engines, draw_with_invalid_mode_faults_the_job)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   std::vector<uint32_t> cmds(1 + LSGPU_DRAW_LENGTH);
   lsgpu_draw d = {};
   d.state_va = va;
   d.mode = (lsgpu_prim)7; /* quads are the driver's */
   d.count = 4;
   d.instance_count = 1;
   lsgpu_pack_draw(cmds.data(), &d);
   const uint32_t ctx = dev.create_context();
   const uint64_t faults = dev.param(LSGPU_PARAM_COUNTER_FAULTS);
   ASSERT_EQ(dev.run(cmds, {bo}, ctx), 0);
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_FAULTS), faults + 1);
   EXPECT_EQ(dev.reset_status(ctx).status, (uint32_t)LSGPU_CTX_STATUS_GUILTY);
}
