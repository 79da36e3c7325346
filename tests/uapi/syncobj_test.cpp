/* SPDX-License-Identifier: MIT */
#include <cerrno>
#include <linux/sync_file.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <gtest/gtest.h>

#include "lsgpu_test_device.h"

using lsgpu::test::Device;
using lsgpu::test::emit_semaphore_wait;
using lsgpu::test::now_ns;

TEST(syncobj, created_signalled_waits_at_once)
{
   Device dev;
   EXPECT_EQ(dev.wait_syncobj(dev.create_syncobj(true), 0), 0);
}

TEST(syncobj, wait_without_fence_is_einval)
{
   Device dev;
   EXPECT_EQ(dev.wait_syncobj(dev.create_syncobj(false), now_ns() + 1000000), -EINVAL);
}

TEST(syncobj, wait_for_submit_times_out_with_etime)
{
   Device dev;
   uint32_t h = dev.create_syncobj(false);
   struct drm_syncobj_wait req = {};
   req.handles = (uintptr_t)&h;
   req.count_handles = 1;
   req.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
   req.timeout_nsec = now_ns() + 20000000;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_WAIT, &req), -ETIME);
}

TEST(syncobj, wait_unknown_handle_is_enoent)
{
   Device dev;
   EXPECT_EQ(dev.wait_syncobj(0x4242, 0), -ENOENT);
}

TEST(syncobj, wait_any_reports_first_signalled)
{
   Device dev;
   uint32_t h[2] = {dev.create_syncobj(false), dev.create_syncobj(true)};
   struct drm_syncobj_wait req = {};
   req.handles = (uintptr_t)h;
   req.count_handles = 2;
   req.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT;
   req.timeout_nsec = now_ns() + 1000000000;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_WAIT, &req), 0);
   EXPECT_EQ(req.first_signaled, 1u);
}

TEST(syncobj, signal_then_reset)
{
   Device dev;
   uint32_t h = dev.create_syncobj(false);
   struct drm_syncobj_array arr = {};
   arr.handles = (uintptr_t)&h;
   arr.count_handles = 1;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_SIGNAL, &arr), 0);
   EXPECT_EQ(dev.wait_syncobj(h, 0), 0);
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_RESET, &arr), 0);
   EXPECT_EQ(dev.wait_syncobj(h, 0), -EINVAL);
}

TEST(syncobj, handles_are_per_file)
{
   Device a, b;
   uint32_t h = a.create_syncobj(true);
   /* b never created a syncobj: a's handle names nothing there. */
   EXPECT_EQ(b.wait_syncobj(h, 0), -ENOENT);
}

namespace
{

/* SYNC_IOC_FILE_INFO's status of a sync_file (1 signalled, 0 not), or -errno. */
int
sync_file_status(int fd, uint32_t *num_fences)
{
   struct sync_file_info info = {};
   if (ioctl(fd, SYNC_IOC_FILE_INFO, &info) != 0)
      return -errno;
   *num_fences = info.num_fences;
   return info.status;
}

} // namespace

/* poll(2) on a sync_file reports it readable once its fence has signalled, not before
 * (what a compositor polls before it samples a client's buffer), and
 * SYNC_IOC_FILE_INFO its status (what libsync's sync_valid_fd asks before EGL takes a
 * native fence). */
TEST(syncobj, sync_file_polls_readable_when_its_fence_signals)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   auto *p = static_cast<volatile uint32_t *>(dev.map_bo(bo, 4096));
   ASSERT_NE(p, nullptr);
   std::vector<uint32_t> cmds;
   emit_semaphore_wait(cmds, va, 1); /* the job waits for the CPU */
   uint32_t sync = dev.create_syncobj();
   ASSERT_EQ(dev.submit(cmds, {bo}, sync), 0);
   struct drm_syncobj_handle req = {};
   req.handle = sync;
   req.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &req), 0);
   struct pollfd pfd = {req.fd, POLLIN, 0};
   EXPECT_EQ(poll(&pfd, 1, 0), 0) << "readable while its job waits";
   uint32_t fences = 0;
   EXPECT_EQ(sync_file_status(req.fd, &fences), 0);
   EXPECT_EQ(fences, 1u);
   p[0] = 1;
   pfd.revents = 0;
   EXPECT_EQ(poll(&pfd, 1, 5000), 1);
   EXPECT_TRUE(pfd.revents & POLLIN);
   EXPECT_EQ(sync_file_status(req.fd, &fences), 1);
   EXPECT_EQ(dev.wait_syncobj(sync, now_ns() + 5000000000ll), 0);
   close(req.fd);
   munmap((void *)p, 4096);
}
