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
#include <fcntl.h>
#include <gtest/gtest.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
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
   /* The server it starts waits at the semaphore until killed, not until the suite's
    * short watchdog: a wait counts real time as GPU time. */
   const std::string saved_timeout = getenv("LSGPU_SIM_JOB_TIMEOUT_MS") ?: "";
   setenv("LSGPU_SIM_JOB_TIMEOUT_MS", "10000", 1);
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
   setenv("LSGPU_SIM_JOB_TIMEOUT_MS", saved_timeout.c_str(), 1);
   if (!HasFailure()) {
      unlink((own + ".lock").c_str());
      unlink((own + ".log").c_str());
   }
}

/* A syncobj fd and a sync_file made by one process work in another after the first
 * has exited: the fences outlive their exporter, as a kernel's do. The job behind
 * them writes a value the importer then reads through its own import of the BO. */
TEST(desktop, syncobj_and_sync_file_fds_work_in_another_process_after_the_exporter_exits)
{
   int sv[2];
   ASSERT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      close(sv[0]);
      Device dev;
      uint64_t va;
      uint32_t bo = dev.create_bo(4096, &va);
      uint32_t syncobj = dev.create_syncobj(false);
      std::vector<uint32_t> cmds = fill_row(va, 256, 0);
      emit_fence_write(cmds, va, 0xc0ffee);
      bool ok = dev.submit(cmds, {bo}, syncobj) == 0;
      struct drm_syncobj_handle as_fd = {};
      as_fd.handle = syncobj;
      struct drm_syncobj_handle as_sync_file = {};
      as_sync_file.handle = syncobj;
      as_sync_file.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE;
      struct drm_prime_handle dmabuf = {};
      dmabuf.handle = bo;
      dmabuf.flags = DRM_CLOEXEC;
      ok = ok && dev.ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &as_fd) == 0 &&
           dev.ioctl(DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &as_sync_file) == 0 &&
           dev.ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, &dmabuf) == 0;
      const char what = 0;
      ok = ok && wire::send_msg(sv[1], &what, 1, as_fd.fd) == 1 &&
           wire::send_msg(sv[1], &what, 1, as_sync_file.fd) == 1 &&
           wire::send_msg(sv[1], &what, 1, dmabuf.fd) == 1;
      _exit(ok ? 0 : 1); /* the device file, the handles and the fds go with it */
   }
   close(sv[1]);
   int fds[3];
   for (int &fd : fds) {
      char what;
      ASSERT_EQ(wire::recv_msg(sv[0], &what, 1, &fd), 1);
      ASSERT_GE(fd, 0);
   }
   close(sv[0]);
   int status = 0;
   ASSERT_EQ(waitpid(pid, &status, 0), pid);
   ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
   EXPECT_EQ(wire::classify(fds[0]), wire::FdKind::Syncobj);
   EXPECT_EQ(wire::classify(fds[1]), wire::FdKind::SyncFile);

   Device dev;
   struct drm_syncobj_handle imported = {};
   imported.fd = fds[0];
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &imported), 0);
   EXPECT_EQ(dev.wait_syncobj(imported.handle, now_ns() + 5000000000ll), 0);
   uint32_t from_sync_file = dev.create_syncobj(false);
   struct drm_syncobj_handle sf = {};
   sf.fd = fds[1];
   sf.handle = from_sync_file;
   sf.flags = DRM_SYNCOBJ_FD_TO_HANDLE_FLAGS_IMPORT_SYNC_FILE;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_SYNCOBJ_FD_TO_HANDLE, &sf), 0);
   EXPECT_EQ(dev.wait_syncobj(from_sync_file, now_ns() + 5000000000ll), 0);
   struct drm_prime_handle prime = {};
   prime.fd = fds[2];
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, &prime), 0);
   auto *words = static_cast<uint32_t *>(dev.map_bo(prime.handle, 4096));
   ASSERT_NE(words, nullptr);
   EXPECT_EQ(words[0], 0xc0ffeeu) << "the exporter's job did not run, or not into this BO";
   munmap(words, 4096);
   for (int fd : fds)
      close(fd);
}
