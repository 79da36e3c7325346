/* SPDX-License-Identifier: MIT */
/* The interposer presents the simulated device to unmodified programs. */
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xf86drm.h>
#include <libudev.h>
#include <linux/kd.h>
#include <linux/vt.h>
#include <cstdlib>
#include <string>
#include <atomic>
#include <thread>
#include <vector>

#include "drm-uapi/lsgpu_drm.h"

namespace
{

constexpr const char *kNode = "/dev/dri/renderD128";

int
open_node()
{
   return open(kNode, O_RDWR | O_CLOEXEC);
}

bool
get_param_ok(int fd)
{
   struct drm_lsgpu_get_param req = {};
   req.param = LSGPU_PARAM_DEVICE_ID;
   return ioctl(fd, DRM_IOCTL_LSGPU_GET_PARAM, &req) == 0 && req.value == 0x4c530001;
}

} // namespace

TEST(interposer, render_node_stats_as_drm_char_device)
{
   struct stat st;
   ASSERT_EQ(stat(kNode, &st), 0);
   EXPECT_TRUE(S_ISCHR(st.st_mode));
   EXPECT_EQ(major(st.st_rdev), 226u);
   EXPECT_EQ(minor(st.st_rdev), 128u);
}

TEST(interposer, dev_dri_lists_the_render_node)
{
   DIR *d = opendir("/dev/dri");
   ASSERT_NE(d, nullptr);
   bool found = false;
   while (struct dirent *e = readdir(d))
      found |= strcmp(e->d_name, "renderD128") == 0;
   closedir(d);
   EXPECT_TRUE(found);
}

TEST(interposer, libdrm_enumerates_one_platform_render_device)
{
   drmDevicePtr devices[8];
   int n = drmGetDevices2(0, devices, 8);
   ASSERT_GE(n, 1);
   bool found = false;
   for (int i = 0; i < n; i++) {
      if ((devices[i]->available_nodes & (1 << DRM_NODE_RENDER)) &&
          strcmp(devices[i]->nodes[DRM_NODE_RENDER], kNode) == 0) {
         found = true;
         EXPECT_EQ(devices[i]->bustype, DRM_BUS_PLATFORM);
         EXPECT_STREQ(devices[i]->deviceinfo.platform->compatible[0], "loongson,lsgpu-sim");
      }
   }
   drmFreeDevices(devices, n);
   EXPECT_TRUE(found);
}

TEST(interposer, libdrm_names_the_kernel_driver_lsgpu)
{
   int fd = open_node();
   ASSERT_GE(fd, 0);
   drmVersionPtr v = drmGetVersion(fd);
   ASSERT_NE(v, nullptr);
   EXPECT_STREQ(v->name, "lsgpu");
   drmFreeVersion(v);
   char *name = drmGetRenderDeviceNameFromFd(fd);
   ASSERT_NE(name, nullptr);
   EXPECT_STREQ(name, kNode);
   free(name);
   close(fd);
}

TEST(interposer, dup_shares_the_drm_file)
{
   int fd = open_node();
   ASSERT_GE(fd, 0);
   struct drm_lsgpu_gem_create create = {};
   create.size = 4096;
   ASSERT_EQ(ioctl(fd, DRM_IOCTL_LSGPU_GEM_CREATE, &create), 0);
   int fd2 = dup(fd);
   int fd3 = fcntl(fd, F_DUPFD_CLOEXEC, 100);
   ASSERT_GE(fd2, 0);
   ASSERT_GE(fd3, 100);
   close(fd);
   /* The handle made through fd is valid through its duplicates. */
   struct drm_lsgpu_gem_mmap_offset req = {};
   req.handle = create.handle;
   EXPECT_EQ(ioctl(fd2, DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, &req), 0);
   EXPECT_EQ(ioctl(fd3, DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET, &req), 0);
   close(fd2);
   close(fd3);
}

TEST(interposer, closed_fd_is_no_longer_a_device)
{
   int fd = open_node();
   ASSERT_GE(fd, 0);
   close(fd);
   struct drm_lsgpu_get_param req = {};
   EXPECT_EQ(ioctl(fd, DRM_IOCTL_LSGPU_GET_PARAM, &req), -1);
   EXPECT_EQ(errno, EBADF);
}

TEST(interposer, dup2_over_a_device_fd_detaches_it)
{
   int fd = open_node();
   ASSERT_GE(fd, 0);
   int devnull = open("/dev/null", O_RDONLY);
   ASSERT_EQ(dup2(devnull, fd), fd);
   EXPECT_FALSE(get_param_ok(fd));
   close(fd);
   close(devnull);
}

TEST(interposer, other_files_pass_through)
{
   int fd = open("/proc/self/stat", O_RDONLY);
   ASSERT_GE(fd, 0);
   char buf[16];
   EXPECT_GT(read(fd, buf, sizeof(buf)), 0);
   close(fd);
   struct stat st;
   ASSERT_EQ(stat("/", &st), 0);
   EXPECT_TRUE(S_ISDIR(st.st_mode));
}

TEST(interposer, forked_child_can_use_the_device)
{
   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      int fd = open_node();
      _exit(fd >= 0 && get_param_ok(fd) ? 0 : 1);
   }
   int status = 0;
   ASSERT_EQ(waitpid(pid, &status, 0), pid);
   EXPECT_TRUE(WIFEXITED(status));
   EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(interposer, threads_share_one_device)
{
   int fd = open_node();
   ASSERT_GE(fd, 0);
   std::vector<std::thread> threads;
   std::atomic<int> ok{0};
   for (int t = 0; t < 4; t++) {
      threads.emplace_back([&] {
         for (int i = 0; i < 50; i++) {
            struct drm_lsgpu_gem_create c = {};
            c.size = 4096;
            if (ioctl(fd, DRM_IOCTL_LSGPU_GEM_CREATE, &c) != 0)
               return;
            struct drm_gem_close cl = {};
            cl.handle = c.handle;
            if (ioctl(fd, DRM_IOCTL_GEM_CLOSE, &cl) != 0)
               return;
         }
         ok++;
      });
   }
   for (auto &t : threads)
      t.join();
   EXPECT_EQ(ok.load(), 4);
   close(fd);
}

TEST(interposer, child_forked_while_the_gpu_runs_gets_a_working_device)
{
   /* The parent has a device with a running scheduler thread. */
   int fd = open_node();
   ASSERT_GE(fd, 0);
   struct drm_lsgpu_gem_create create = {};
   create.size = 4096;
   ASSERT_EQ(ioctl(fd, DRM_IOCTL_LSGPU_GEM_CREATE, &create), 0);
   uint32_t cmds[1] = {0}; /* a NOP */
   struct drm_lsgpu_submit submit = {};
   submit.cmds = (uintptr_t)cmds;
   submit.cmds_size = 4;
   submit.bo_handles = (uintptr_t)&create.handle;
   submit.bo_handle_count = 1;
   ASSERT_EQ(ioctl(fd, DRM_IOCTL_LSGPU_SUBMIT, &submit), 0);

   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      /* The inherited fd is the same DRM file, as with a kernel: the parent's BO
       * handle is valid here, a job runs and its BO becomes idle. */
      bool ok = ioctl(fd, DRM_IOCTL_LSGPU_SUBMIT, &submit) == 0;
      struct drm_lsgpu_gem_wait w = {};
      w.handle = create.handle;
      w.timeout_ns = INT64_MAX;
      ok = ok && ioctl(fd, DRM_IOCTL_LSGPU_GEM_WAIT, &w) == 0;
      /* Opening the node anew gives the child a file of its own: the parent's handle
       * means nothing there. */
      int fresh = open_node();
      struct drm_lsgpu_gem_info info = {};
      info.handle = create.handle;
      ok = ok && fresh >= 0 && fresh != fd && ioctl(fresh, DRM_IOCTL_LSGPU_GEM_INFO, &info) == -1 &&
           errno == ENOENT;
      _exit(ok ? 0 : 1);
   }
   int status = 0;
   ASSERT_EQ(waitpid(pid, &status, 0), pid);
   EXPECT_TRUE(WIFEXITED(status));
   EXPECT_EQ(WEXITSTATUS(status), 0);
   close(fd);
}

/* Runs in the exec()ed child of the next test. */
TEST(interposer_exec, inherited_drm_fd_is_the_same_file)
{
   const char *fd_str = getenv("LSGPU_TEST_INHERITED_FD");
   if (!fd_str)
      GTEST_SKIP() << "only meaningful in the exec()ed child";
   int fd = atoi(fd_str);
   struct stat st;
   ASSERT_EQ(fstat(fd, &st), 0);
   EXPECT_TRUE(S_ISCHR(st.st_mode));
   /* The parent's BO, by the handle it passed: the file outlived the old image. */
   struct drm_lsgpu_gem_info info = {};
   info.handle = (uint32_t)atoi(getenv("LSGPU_TEST_INHERITED_HANDLE"));
   ASSERT_EQ(ioctl(fd, DRM_IOCTL_LSGPU_GEM_INFO, &info), 0) << strerror(errno);
   EXPECT_EQ(info.size, 8192u);
}

TEST(interposer, drm_fd_inherited_across_exec_keeps_its_file)
{
   int fd = open(kNode, O_RDWR); /* no O_CLOEXEC: it survives exec */
   ASSERT_GE(fd, 0);
   struct drm_lsgpu_gem_create create = {};
   create.size = 8192;
   ASSERT_EQ(ioctl(fd, DRM_IOCTL_LSGPU_GEM_CREATE, &create), 0);
   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      setenv("LSGPU_TEST_INHERITED_FD", std::to_string(fd).c_str(), 1);
      setenv("LSGPU_TEST_INHERITED_HANDLE", std::to_string(create.handle).c_str(), 1);
      execl("/proc/self/exe", "lsgpu-interposer-tests",
            "--gtest_filter=interposer_exec.inherited_drm_fd_is_the_same_file", (char *)nullptr);
      _exit(127);
   }
   int status = 0;
   ASSERT_EQ(waitpid(pid, &status, 0), pid);
   ASSERT_TRUE(WIFEXITED(status));
   EXPECT_EQ(WEXITSTATUS(status), 0);
   close(fd);
}

/* Libraries tear down GPU state from atexit handlers and destructors (Mesa's screen
 * does): the device must still answer then, after the thread's own TLS is gone. */
static int g_exit_fd = -1, g_exit_pipe = -1;

TEST(interposer, ioctl_from_an_atexit_handler_works)
{
   int p[2];
   ASSERT_EQ(pipe(p), 0);
   pid_t pid = fork();
   ASSERT_GE(pid, 0);
   if (pid == 0) {
      close(p[0]);
      g_exit_pipe = p[1];
      g_exit_fd = open_node();
      struct drm_lsgpu_get_param req = {};
      req.param = LSGPU_PARAM_DEVICE_ID;
      if (g_exit_fd < 0 || ioctl(g_exit_fd, DRM_IOCTL_LSGPU_GET_PARAM, &req) != 0)
         _exit(2);
      atexit([] {
         struct drm_lsgpu_get_param r = {};
         r.param = LSGPU_PARAM_DEVICE_ID;
         char ok = ioctl(g_exit_fd, DRM_IOCTL_LSGPU_GET_PARAM, &r) == 0 && r.value != 0;
         (void)!write(g_exit_pipe, &ok, 1);
      });
      exit(0); /* runs thread_local destructors, then the handler */
   }
   close(p[1]);
   char ok = 0;
   EXPECT_EQ(read(p[0], &ok, 1), 1);
   EXPECT_EQ(ok, 1);
   close(p[0]);
   int status = 0;
   ASSERT_EQ(waitpid(pid, &status, 0), pid);
   EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

/* libudev (what weston and libinput use) finds the card as sysfs describes it, one
 * path component at a time, on a filesystem it takes for sysfs. */
TEST(interposer, libudev_finds_the_card_and_its_platform_parent)
{
   struct udev *udev = udev_new();
   ASSERT_NE(udev, nullptr);
   struct udev_device *card = udev_device_new_from_subsystem_sysname(udev, "drm", "card0");
   ASSERT_NE(card, nullptr) << strerror(errno);
   EXPECT_STREQ(udev_device_get_devnode(card), "/dev/dri/card0");
   EXPECT_STREQ(udev_device_get_syspath(card), "/sys/devices/platform/lsgpu-sim/drm/card0");
   EXPECT_STREQ(udev_device_get_subsystem(card), "drm");
   EXPECT_STREQ(udev_device_get_devtype(card), "drm_minor");
   EXPECT_EQ(udev_device_get_devnum(card), makedev(226, 0));
   struct udev_device *parent = udev_device_get_parent(card);
   ASSERT_NE(parent, nullptr);
   EXPECT_STREQ(udev_device_get_subsystem(parent), "platform");
   EXPECT_STREQ(udev_device_get_driver(parent), "lsgpu");
   struct udev_device *render = udev_device_new_from_subsystem_sysname(udev, "drm", "renderD128");
   ASSERT_NE(render, nullptr);
   EXPECT_STREQ(udev_device_get_devnode(render), "/dev/dri/renderD128");
   udev_device_unref(render);
   udev_device_unref(card);

   /* Enumeration by subsystem, as weston, waffle and glmark2 find a GPU. */
   struct udev_enumerate *e = udev_enumerate_new(udev);
   udev_enumerate_add_match_subsystem(e, "drm");
   ASSERT_EQ(udev_enumerate_scan_devices(e), 0);
   std::vector<std::string> found;
   struct udev_list_entry *entry;
   udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(e))
      found.push_back(udev_list_entry_get_name(entry));
   EXPECT_EQ(found, (std::vector<std::string>{"/sys/devices/platform/lsgpu-sim/drm/card0",
                                              "/sys/devices/platform/lsgpu-sim/drm/renderD128"}));
   udev_enumerate_unref(e);
   udev_unref(udev);
}

/* With LSGPU_SIM_VT=1 (the interposer-vt test), /dev/tty7 is a terminal a compositor
 * can switch to graphics mode; without it, the host's terminals are left alone. */
TEST(interposer_vt, fake_terminal_answers_a_compositors_ioctls)
{
   const char *vt = getenv("LSGPU_SIM_VT");
   if (!vt || strcmp(vt, "1") != 0) {
      struct stat st;
      if (stat("/dev/tty7", &st) == 0) {
         EXPECT_FALSE(S_ISSOCK(st.st_mode)) << "a host terminal must stay what it is";
      }
      GTEST_SKIP() << "runs as the interposer-vt test, with LSGPU_SIM_VT=1";
   }
   int fd = open("/dev/tty7", O_RDWR | O_CLOEXEC);
   ASSERT_GE(fd, 0) << strerror(errno);
   struct stat st;
   ASSERT_EQ(fstat(fd, &st), 0);
   EXPECT_TRUE(S_ISCHR(st.st_mode));
   EXPECT_EQ(st.st_rdev, makedev(4, 7));
   int mode = -1;
   ASSERT_EQ(ioctl(fd, KDGETMODE, &mode), 0);
   EXPECT_EQ(mode, KD_TEXT);
   ASSERT_EQ(ioctl(fd, KDSETMODE, KD_GRAPHICS), 0);
   ASSERT_EQ(ioctl(fd, KDGETMODE, &mode), 0);
   EXPECT_EQ(mode, KD_GRAPHICS);
   struct vt_mode vtm = {};
   vtm.mode = VT_PROCESS;
   EXPECT_EQ(ioctl(fd, VT_SETMODE, &vtm), 0);
   EXPECT_EQ(ioctl(fd, VT_ACTIVATE, 7), 0);
   EXPECT_EQ(ioctl(fd, TIOCSTI, "x"), -1); /* not something a VT here does */
   EXPECT_EQ(errno, ENOTTY);
   close(fd);
}
