/* SPDX-License-Identifier: MIT */
/*
 * The device server as a kernel: per-file handles, a client killed in the middle of
 * a job releases everything without disturbing another, and a server that dies gives
 * its clients an error instead of a hang.
 */
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <gtest/gtest.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "lsgpu_test_device.h"
#include "server/control.h"
#include "server/protocol.h"

using namespace lsgpu::test;
namespace wire = lsgpu::sim::wire;
namespace control = lsgpu::sim::control;

namespace
{

constexpr uint32_t kWidth = 1024; /* one row of 4-byte elements */

/* One frame of the surviving client: fill a row, copy it, read the copy back. */
std::vector<uint32_t>
frame(const Device &dev, uint32_t src, uint64_t src_va, uint32_t dst, uint64_t dst_va,
      uint32_t value, const uint32_t *dst_map)
{
   std::vector<uint32_t> cmds = fill_row(src_va, kWidth, value);
   emit_copy(cmds, src_va, dst_va, kWidth * 4);
   EXPECT_EQ(dev.run(cmds, {src, dst}), 0);
   return std::vector<uint32_t>(dst_map, dst_map + kWidth);
}

wire::Status
server_status()
{
   wire::Status s = {};
   EXPECT_TRUE(control::status(wire::socket_path(), &s)) << "no device server answers";
   return s;
}

int
create_raw(const Device &dev, uint64_t size, uint32_t *handle)
{
   struct drm_lsgpu_gem_create req = {};
   req.size = size;
   int ret = dev.ioctl(DRM_IOCTL_LSGPU_GEM_CREATE, &req);
   *handle = req.handle;
   return ret;
}

} // namespace

TEST(desktop, handles_are_per_file_even_in_one_process)
{
   Device a, b;
   uint32_t handle = a.create_bo(4096);
   struct drm_lsgpu_gem_info info = {};
   info.handle = handle;
   EXPECT_EQ(a.ioctl(DRM_IOCTL_LSGPU_GEM_INFO, &info), 0);
   EXPECT_EQ(b.ioctl(DRM_IOCTL_LSGPU_GEM_INFO, &info), -ENOENT);
}

TEST(desktop, client_killed_mid_job_releases_its_memory_and_disturbs_no_one)
{
   Device dev;
   uint64_t src_va, dst_va;
   uint32_t src = dev.create_bo(kWidth * 4, &src_va);
   uint32_t dst = dev.create_bo(kWidth * 4, &dst_va);
   auto *dst_map = static_cast<uint32_t *>(dev.map_bo(dst, kWidth * 4));
   ASSERT_NE(dst_map, nullptr);
   const std::vector<uint32_t> expected = frame(dev, src, src_va, dst, dst_va, 0x5a5a1234, dst_map);
   ASSERT_EQ(expected[kWidth - 1], 0x5a5a1234u);
   const uint32_t files_before = server_status().files;

   /* The victim holds 3 GiB of the 4 GiB device and a job that cannot finish on its
    * own (a semaphore nobody releases) when it is killed. */
   int ready[2];
   ASSERT_EQ(pipe(ready), 0);
   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      Device victim;
      uint64_t va;
      uint32_t big = victim.create_bo(3ull << 30, &va);
      std::vector<uint32_t> hang;
      emit_semaphore_wait(hang, va, 1);
      bool ok = big && victim.submit(hang, {big}) == 0;
      (void)!write(ready[1], &ok, 1);
      pause();
      _exit(0);
   }
   close(ready[1]);
   bool victim_ok = false;
   ASSERT_EQ(read(ready[0], &victim_ok, 1), 1);
   close(ready[0]);
   ASSERT_TRUE(victim_ok);
   uint32_t probe;
   EXPECT_EQ(create_raw(dev, 3ull << 30, &probe), -ENOMEM) << "the victim's 3 GiB are held";
   kill(pid, SIGKILL);
   int status;
   ASSERT_EQ(waitpid(pid, &status, 0), pid);

   /* The survivor's frames are bit-exact while the victim's job is torn down. */
   for (uint32_t i = 0; i < 3; i++)
      EXPECT_EQ(frame(dev, src, src_va, dst, dst_va, 0x5a5a1234, dst_map), expected) << i;
   /* The memory comes back once the job the victim left is gone (the watchdog ends
    * it): the same 3 GiB fit again, and the victim's file is closed. */
   int ret = -ENOMEM;
   for (int i = 0; i < 1000 && ret == -ENOMEM; i++) {
      ret = create_raw(dev, 3ull << 30, &probe);
      if (ret == -ENOMEM)
         usleep(10000);
   }
   EXPECT_EQ(ret, 0) << "the killed client's memory was not released";
   if (ret == 0) {
      EXPECT_EQ(dev.close_bo(probe), 0);
   }
   EXPECT_EQ(server_status().files, files_before);
   EXPECT_EQ(frame(dev, src, src_va, dst, dst_va, 0x0badcafe, dst_map)[7], 0x0badcafeu);
}

/* Runs last in its own server: it kills that server. */
TEST(desktop, server_killed_gives_clients_an_error_within_a_second)
{
   const std::string saved = wire::socket_path();
   const std::string own = "/tmp/lsgpu-desktop-test-" + std::to_string(getpid());
   setenv("LSGPU_DEVICE", own.c_str(), 1);
   {
      Device dev;
      wire::Status s = server_status();
      ASSERT_GT(s.pid, 0u);
      uint64_t va;
      uint32_t bo = dev.create_bo(4096, &va);
      auto *map = static_cast<uint32_t *>(dev.map_bo(bo, 4096));
      ASSERT_NE(map, nullptr);
      map[100] = 77;
      std::vector<uint32_t> hang;
      emit_semaphore_wait(hang, va, 1);
      ASSERT_EQ(dev.submit(hang, {bo}), 0);

      /* A thread blocks in GEM_WAIT inside the server when it dies. */
      std::atomic<int> wait_ret{1};
      std::thread waiter([&] {
         struct drm_lsgpu_gem_wait w = {};
         w.handle = bo;
         w.timeout_ns = INT64_MAX;
         wait_ret = dev.ioctl(DRM_IOCTL_LSGPU_GEM_WAIT, &w);
      });
      usleep(100000);
      const auto t0 = std::chrono::steady_clock::now();
      ASSERT_EQ(kill((pid_t)s.pid, SIGKILL), 0);
      waiter.join();
      const double seconds =
         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      EXPECT_EQ(wait_ret, -ENODEV);
      EXPECT_LT(seconds, 1.0);
      EXPECT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GEM_WAIT, nullptr), -ENODEV);
      /* CPU mappings stay readable: no SIGBUS for a client whose device went away. */
      EXPECT_EQ(map[100], 77u);
      munmap(map, 4096);
   }
   /* The next open starts a new server. */
   {
      Device dev;
      EXPECT_GT(dev.param(LSGPU_PARAM_DEVICE_ID), 0u);
   }
   control::stop(own);
   setenv("LSGPU_DEVICE", saved.c_str(), 1);
}
