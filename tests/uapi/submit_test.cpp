/* SPDX-License-Identifier: MIT */
#include <cerrno>
#include <cstring>
#include <string>
#include <gtest/gtest.h>
#include <sys/mman.h>

#include "lsgpu_packets.h"
#include "ioctl_rejects.h"
#include "lsgpu_test_device.h"

using lsgpu::test::Device;
using lsgpu::test::fill_row;
using lsgpu::test::ioctl_rejects;

namespace
{

struct drm_lsgpu_submit
valid_submit(const std::vector<uint32_t> &cmds, const uint32_t *bo)
{
   struct drm_lsgpu_submit req = {};
   req.cmds = (uintptr_t)cmds.data();
   req.cmds_size = (uint32_t)(cmds.size() * 4);
   req.bo_handles = (uintptr_t)bo;
   req.bo_handle_count = 1;
   return req;
}

} // namespace

TEST(submit, fill_lands_in_the_bo)
{
   Device dev;
   uint64_t va;
   uint32_t h = dev.create_bo(4096, &va);
   uint32_t sync = dev.create_syncobj();
   ASSERT_EQ(dev.submit(fill_row(va + 64, 4, 0x01020304), {h}, sync), 0);
   ASSERT_EQ(dev.wait_syncobj(sync, INT64_MAX), 0);
   auto *p = static_cast<uint32_t *>(dev.map_bo(h, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[15], 0u);
   EXPECT_EQ(p[16], 0x01020304u);
   EXPECT_EQ(p[19], 0x01020304u);
   EXPECT_EQ(p[20], 0u);
   munmap(p, 4096);
}

/* Every validation failure of DRM_IOCTL_LSGPU_SUBMIT with its exact errno: each case
 * starts from a valid submission (a fill of one BO) and breaks one thing. */
namespace
{

using Breaks = void (*)(Device &dev, drm_lsgpu_submit &req, uint32_t *scratch);

/* A valid submission (a fill of one BO), broken as the row says. */
int
submit_fill(Device &dev, Breaks breaks)
{
   uint64_t va;
   uint32_t h = dev.create_bo(4096, &va);
   auto cmds = fill_row(va, 1, 0);
   auto req = valid_submit(cmds, &h);
   uint32_t scratch[1] = {};
   if (breaks)
      breaks(dev, req, scratch);
   return dev.ioctl(DRM_IOCTL_LSGPU_SUBMIT, &req);
}

lsgpu::test::IoctlCase
submit_rejects(const char *name, int error, Breaks breaks)
{
   return {std::string("submit_") + name, error,
           [=](Device &dev) { return submit_fill(dev, breaks); },
           [](Device &dev) { return submit_fill(dev, nullptr); }};
}

void *
unmapped_page()
{
   static void *page = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   return page;
}

const lsgpu::test::IoctlCase kSubmitCases[] = {
   submit_rejects("unknown_context_is_enoent", ENOENT,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *) { r.ctx_id = 77; }),
   submit_rejects("unknown_flag_is_einval", EINVAL,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *) { r.flags = 0x80; }),
   submit_rejects("empty_command_stream_is_einval", EINVAL,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *) { r.cmds_size = 0; }),
   submit_rejects("unaligned_command_size_is_einval", EINVAL,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *) { r.cmds_size = 6; }),
   submit_rejects(
      "oversized_command_stream_is_einval", EINVAL,
      [](Device &, drm_lsgpu_submit &r, uint32_t *) { r.cmds_size = LSGPU_MAX_CMDS_SIZE + 4; }),
   submit_rejects("too_many_bos_is_einval", EINVAL,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *) {
                     r.bo_handle_count = LSGPU_MAX_BO_HANDLES + 1;
                  }),
   submit_rejects("bad_command_pointer_is_efault", EFAULT,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *) { r.cmds = 0x10; }),
   submit_rejects(
      "unmapped_command_pointer_is_efault", EFAULT,
      [](Device &, drm_lsgpu_submit &r, uint32_t *) { r.cmds = (uintptr_t)unmapped_page(); }),
   submit_rejects("bad_bo_list_pointer_is_efault", EFAULT,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *) { r.bo_handles = 0x8; }),
   submit_rejects("unknown_bo_handle_is_enoent", ENOENT,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *scratch) {
                     scratch[0] = 0x7ffff;
                     r.bo_handles = (uintptr_t)scratch;
                  }),
   submit_rejects("unknown_out_syncobj_is_enoent", ENOENT,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *) { r.out_sync = 0x7777; }),
   submit_rejects("unknown_in_syncobj_is_enoent", ENOENT,
                  [](Device &, drm_lsgpu_submit &r, uint32_t *scratch) {
                     scratch[0] = 0x7777;
                     r.in_syncs = (uintptr_t)scratch;
                     r.in_sync_count = 1;
                  }),
   submit_rejects("in_syncobj_without_fence_is_einval", EINVAL,
                  [](Device &dev, drm_lsgpu_submit &r, uint32_t *scratch) {
                     scratch[0] = dev.create_syncobj(false);
                     r.in_syncs = (uintptr_t)scratch;
                     r.in_sync_count = 1;
                  }),
};

} // namespace

INSTANTIATE_TEST_SUITE_P(submit, ioctl_rejects, ::testing::ValuesIn(kSubmitCases),
                         ioctl_rejects::name);

TEST(submit, waits_for_signalled_in_syncobj)
{
   Device dev;
   uint64_t va;
   uint32_t h = dev.create_bo(4096, &va);
   auto cmds = fill_row(va, 1, 0x55);
   auto req = valid_submit(cmds, &h);
   uint32_t in = dev.create_syncobj(true);
   uint32_t out = dev.create_syncobj(false);
   req.in_syncs = (uintptr_t)&in;
   req.in_sync_count = 1;
   req.out_sync = out;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_SUBMIT, &req), 0);
   ASSERT_EQ(dev.wait_syncobj(out, INT64_MAX), 0);
   auto *p = static_cast<uint32_t *>(dev.map_bo(h, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[0], 0x55u);
   munmap(p, 4096);
}

TEST(submit, access_outside_the_bo_list_faults_the_job_only)
{
   Device dev;
   uint64_t va_listed, va_other;
   uint32_t listed = dev.create_bo(4096, &va_listed);
   uint32_t other = dev.create_bo(4096, &va_other);
   uint64_t faults = dev.param(LSGPU_PARAM_COUNTER_FAULTS);
   uint32_t sync = dev.create_syncobj();
   uint32_t doomed = dev.create_context();
   /* The job writes `other`, which it did not list: the MMU faults it. */
   ASSERT_EQ(dev.submit(fill_row(va_other, 4, 0xbad), {listed}, sync, doomed), 0);
   ASSERT_EQ(dev.wait_syncobj(sync, INT64_MAX), 0);
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_FAULTS), faults + 1);
   auto *p = static_cast<uint32_t *>(dev.map_bo(other, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[0], 0u);
   munmap(p, 4096);

   /* The device goes on: the next good job (of another context) runs. */
   uint32_t sync2 = dev.create_syncobj();
   ASSERT_EQ(dev.submit(fill_row(va_listed, 4, 0x600d), {listed}, sync2), 0);
   ASSERT_EQ(dev.wait_syncobj(sync2, INT64_MAX), 0);
   auto *q = static_cast<uint32_t *>(dev.map_bo(listed, 4096));
   ASSERT_NE(q, nullptr);
   EXPECT_EQ(q[3], 0x600du);
   munmap(q, 4096);
}

TEST(submit, malformed_stream_faults_without_side_effects)
{
   Device dev;
   uint64_t va;
   uint32_t h = dev.create_bo(4096, &va);
   uint64_t faults = dev.param(LSGPU_PARAM_COUNTER_FAULTS);
   std::vector<uint32_t> cmds = {LSGPU_PKT_HEADER(0xee, 3), 1, 2, 3};
   ASSERT_EQ(dev.submit(cmds, {h}, 0, dev.create_context()), 0);
   std::vector<uint32_t> truncated = fill_row(va, 4, 1);
   truncated.resize(5);
   ASSERT_EQ(dev.submit(truncated, {h}, 0, dev.create_context()), 0);
   struct drm_lsgpu_gem_wait w = {};
   w.handle = h;
   w.timeout_ns = INT64_MAX;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_WAIT, &w), 0);
   EXPECT_EQ(dev.param(LSGPU_PARAM_COUNTER_FAULTS), faults + 2);
   auto *p = static_cast<uint32_t *>(dev.map_bo(h, 4096));
   ASSERT_NE(p, nullptr);
   EXPECT_EQ(p[0], 0u);
   munmap(p, 4096);
}

TEST(submit, bo_survives_gem_close_while_job_in_flight)
{
   Device dev;
   uint64_t va;
   uint32_t h = dev.create_bo(4096, &va);
   auto *p = static_cast<uint32_t *>(dev.map_bo(h, 4096));
   ASSERT_NE(p, nullptr);
   uint32_t sync = dev.create_syncobj();
   ASSERT_EQ(dev.submit(fill_row(va, 2, 0x77), {h}, sync), 0);
   ASSERT_EQ(dev.close_bo(h), 0);
   ASSERT_EQ(dev.wait_syncobj(sync, INT64_MAX), 0);
   EXPECT_EQ(p[1], 0x77u);
   munmap(p, 4096);
}
