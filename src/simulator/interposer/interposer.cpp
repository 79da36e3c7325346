/* SPDX-License-Identifier: MIT */
/*
 * LD_PRELOAD interposer: makes /dev/dri/renderD128 an LSGPU-1 device for unmodified
 * programs. Opening the node creates a DRM file of the simulated kernel driver
 * (kernel/kernel_device.h); ioctl and mmap on that fd go to it; stat/fstat report a
 * DRM render node; sysfs and /dev/dri paths are redirected to the fake tree
 * (fake_nodes.h). Everything else passes straight through to libc.
 *
 * The kernel device lives in this process for now. Its interface is already the
 * open/ioctl/mmap/close boundary of a kernel, which is what moves to a device server
 * when several processes must share one GPU (docs/simulator.md).
 */

/* Both the plain and the *64 libc entry points are defined here, so the 64-bit file
 * offset renaming (which would turn `stat` into `stat64`) must be off. */
#undef _FILE_OFFSET_BITS

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <algorithm>
#include <cstdlib>
#include <map>
#include <pthread.h>
#include <memory>
#include <mutex>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <vector>

#include "../kernel/drm_file.h"
#include "../kernel/fd_objects.h"
#include "../kernel/kernel_device.h"
#include "../kernel/user_memory.h"
#include "fake_nodes.h"
#include "real_libc.h"

using namespace lsgpu::sim;

namespace
{

struct Mapping {
   size_t length;
   std::shared_ptr<GemObject> keepalive;
};

/* Per-process transport state: which fds are DRM files, and which CPU mappings keep
 * BOs alive. The device itself is one object, created on first open. */
struct Interposer {
   std::mutex lock;        /* files, objects and mappings */
   std::mutex device_lock; /* device creation; the device's own libc calls come back
                              through these wrappers, so it must not be `lock` */
   std::unique_ptr<KernelDevice> device;
   std::map<int, std::shared_ptr<DrmFile>> files;
   std::map<int, std::shared_ptr<FdObject>> objects; /* dma-bufs, syncobj fds, sync_files */
   std::map<uintptr_t, Mapping> mappings;
};

Interposer &
state()
{
   static Interposer *s = new Interposer(); /* never destroyed: atexit order is unknown */
   return *s;
}

std::shared_ptr<DrmFile>
lookup(int fd)
{
   if (fd < 0)
      return nullptr;
   Interposer &s = state();
   std::lock_guard<std::mutex> guard(s.lock);
   auto it = s.files.find(fd);
   return it == s.files.end() ? nullptr : it->second;
}

std::shared_ptr<FdObject>
lookup_object(int fd)
{
   if (fd < 0)
      return nullptr;
   Interposer &s = state();
   std::lock_guard<std::mutex> guard(s.lock);
   auto it = s.objects.find(fd);
   return it == s.objects.end() ? nullptr : it->second;
}

/* The kernel's view of this process's fds: driver-made fds are memfds standing in
 * for dma-bufs, syncobj fds and sync_files. */
class ProcessFdTable : public FdTable
{
 public:
   int install(std::shared_ptr<FdObject> object, bool cloexec) override
   {
      int fd = memfd_create("lsgpu-object", cloexec ? MFD_CLOEXEC : 0);
      if (fd < 0)
         return -errno;
      Interposer &s = state();
      std::lock_guard<std::mutex> guard(s.lock);
      s.objects[fd] = std::move(object);
      return fd;
   }
   std::shared_ptr<FdObject> lookup(int fd, int *error) override
   {
      std::shared_ptr<FdObject> object = lookup_object(fd);
      if (!object)
         *error = real_libc().fcntl(fd, F_GETFD) == -1 ? -EBADF : -EINVAL;
      return object;
   }
};

KernelDevice *
device()
{
   Interposer &s = state();
   std::lock_guard<std::mutex> guard(s.device_lock);
   if (!s.device) {
      KernelDevice::Config config;
      if (const char *ms = getenv("LSGPU_SIM_JOB_TIMEOUT_MS"))
         config.job_timeout_ns = std::max(1ll, atoll(ms)) * 1000000ll;
      s.device = std::make_unique<KernelDevice>(config);
      if (!s.device->valid()) {
         s.device.reset();
      } else {
         /* The GPU thread does not survive fork(): quiesce it around the fork and
          * restart it in the child, whose copy of the device goes on alone. */
         pthread_atfork([] { state().device->before_fork(); },
                        [] { state().device->after_fork_parent(); },
                        [] { state().device->after_fork_child(); });
      }
   }
   return s.device.get();
}

/* A DRM fd this process did not open: one inherited across exec(), whose kernel state
 * stayed with the old process image. (A device server will keep such fds alive.) */
bool
is_orphaned_drm_fd(int fd)
{
   char path[64], target[128];
   snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
   ssize_t n = real_libc().readlink(path, target, sizeof(target) - 1);
   if (n <= 0)
      return false;
   target[n] = '\0';
   return strncmp(target, "/memfd:lsgpu-drm-file", 21) == 0;
}

bool
is_render_node(const char *path)
{
   return path && strcmp(path, kRenderNodePath) == 0;
}

int
open_render_node(int flags)
{
   KernelDevice *dev = device();
   if (!dev) {
      errno = ENODEV;
      return -1;
   }
   /* A real fd that behaves like a file for dup/close/poll; memfd keeps it cheap. */
   int fd = memfd_create("lsgpu-drm-file", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
   if (fd < 0)
      return -1;
   auto file = dev->open_file();
   Interposer &s = state();
   std::lock_guard<std::mutex> guard(s.lock);
   s.files[fd] = std::move(file);
   return fd;
}

void
fill_render_node_stat(struct stat *st)
{
   memset(st, 0, sizeof(*st));
   st->st_mode = S_IFCHR | 0666;
   st->st_rdev = makedev(kDrmMajor, kRenderMinor);
   st->st_dev = makedev(0, 5);
   st->st_nlink = 1;
   st->st_blksize = 4096;
}

/* Duplicated fds share the DRM file, as they share the open file description. */
int
track_dup(int oldfd, int newfd)
{
   if (newfd < 0 || newfd == oldfd)
      return newfd;
   auto file = lookup(oldfd);
   auto object = lookup_object(oldfd);
   Interposer &s = state();
   std::lock_guard<std::mutex> guard(s.lock);
   /* dup2 over one of our fds closes it first. */
   s.files.erase(newfd);
   s.objects.erase(newfd);
   if (file)
      s.files[newfd] = file;
   if (object)
      s.objects[newfd] = object;
   return newfd;
}

int
do_open(const char *path, int flags, mode_t mode)
{
   if (is_render_node(path))
      return open_render_node(flags);
   std::string redirected = fake_nodes_redirect(path);
   return real_libc().open(redirected.empty() ? path : redirected.c_str(), flags, mode);
}

int
do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
   if (path[0] == '/')
      return do_open(path, flags, mode);
   return real_libc().openat(dirfd, path, flags, mode);
}

/* Resolves a path argument: the redirected path when the interposer serves it. */
struct PathArg {
   std::string redirected;
   const char *path;
   explicit PathArg(const char *p) : redirected(fake_nodes_redirect(p)), path(p)
   {
      if (!redirected.empty())
         path = redirected.c_str();
   }
};

} // namespace

/* open(2)'s optional third argument, present only when the flags create a file. */
#define LSGPU_OPEN_MODE_ARG(flags, mode)                                                           \
   mode_t mode = 0;                                                                                \
   if ((flags) & (O_CREAT | O_TMPFILE)) {                                                          \
      va_list ap;                                                                                  \
      va_start(ap, flags);                                                                         \
      mode = va_arg(ap, mode_t);                                                                   \
      va_end(ap);                                                                                  \
   }

extern "C" {

__attribute__((visibility("default"))) int
open(const char *path, int flags, ...)
{
   LSGPU_OPEN_MODE_ARG(flags, mode);
   return do_open(path, flags, mode);
}

__attribute__((visibility("default"))) int
open64(const char *path, int flags, ...)
{
   LSGPU_OPEN_MODE_ARG(flags, mode);
   return do_open(path, flags, mode);
}

__attribute__((visibility("default"))) int
__open_2(const char *path, int flags)
{
   return do_open(path, flags, 0);
}

__attribute__((visibility("default"))) int
__open64_2(const char *path, int flags)
{
   return do_open(path, flags, 0);
}

__attribute__((visibility("default"))) int
openat(int dirfd, const char *path, int flags, ...)
{
   LSGPU_OPEN_MODE_ARG(flags, mode);
   return do_openat(dirfd, path, flags, mode);
}

__attribute__((visibility("default"))) int
openat64(int dirfd, const char *path, int flags, ...)
{
   LSGPU_OPEN_MODE_ARG(flags, mode);
   return do_openat(dirfd, path, flags, mode);
}

__attribute__((visibility("default"))) FILE *
fopen(const char *path, const char *mode)
{
   PathArg p(path);
   return real_libc().fopen(p.path, mode);
}

__attribute__((visibility("default"))) FILE *
fopen64(const char *path, const char *mode)
{
   PathArg p(path);
   return real_libc().fopen(p.path, mode);
}

__attribute__((visibility("default"))) int
close(int fd)
{
   if (fd >= 0) {
      Interposer &s = state();
      std::lock_guard<std::mutex> guard(s.lock);
      s.files.erase(fd); /* the DRM file goes when its last fd does */
      s.objects.erase(fd);
   }
   return real_libc().close(fd);
}

__attribute__((visibility("default"))) int
stat(const char *path, struct stat *st)
{
   if (is_render_node(path)) {
      fill_render_node_stat(st);
      return 0;
   }
   PathArg p(path);
   return real_libc().stat(p.path, st);
}

__attribute__((visibility("default"))) int
stat64(const char *path, struct stat64 *st)
{
   return stat(path, reinterpret_cast<struct stat *>(st));
}

__attribute__((visibility("default"))) int
lstat(const char *path, struct stat *st)
{
   if (is_render_node(path)) {
      fill_render_node_stat(st);
      return 0;
   }
   PathArg p(path);
   return real_libc().lstat(p.path, st);
}

__attribute__((visibility("default"))) int
lstat64(const char *path, struct stat64 *st)
{
   return lstat(path, reinterpret_cast<struct stat *>(st));
}

__attribute__((visibility("default"))) int
fstat(int fd, struct stat *st)
{
   if (lookup(fd)) {
      fill_render_node_stat(st);
      return 0;
   }
   return real_libc().fstat(fd, st);
}

__attribute__((visibility("default"))) int
fstat64(int fd, struct stat64 *st)
{
   return fstat(fd, reinterpret_cast<struct stat *>(st));
}

__attribute__((visibility("default"))) int
fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
   if ((flags & AT_EMPTY_PATH) && !*path && lookup(dirfd)) {
      fill_render_node_stat(st);
      return 0;
   }
   if (path[0] == '/') {
      if (is_render_node(path)) {
         fill_render_node_stat(st);
         return 0;
      }
      PathArg p(path);
      return real_libc().fstatat(dirfd, p.path, st, flags);
   }
   return real_libc().fstatat(dirfd, path, st, flags);
}

__attribute__((visibility("default"))) int
fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
   return fstatat(dirfd, path, reinterpret_cast<struct stat *>(st), flags);
}

__attribute__((visibility("default"))) int
access(const char *path, int mode)
{
   PathArg p(path);
   return real_libc().access(p.path, mode);
}

__attribute__((visibility("default"))) DIR *
opendir(const char *path)
{
   PathArg p(path);
   return real_libc().opendir(p.path);
}

__attribute__((visibility("default"))) ssize_t
readlink(const char *path, char *buf, size_t size)
{
   PathArg p(path);
   return real_libc().readlink(p.path, buf, size);
}

__attribute__((visibility("default"))) ssize_t
__readlink_chk(const char *path, char *buf, size_t size, size_t buflen)
{
   if (size > buflen)
      abort();
   return readlink(path, buf, size);
}

__attribute__((visibility("default"))) char *
realpath(const char *path, char *resolved)
{
   PathArg p(path);
   return real_libc().realpath(p.path, resolved);
}

__attribute__((visibility("default"))) char *
__realpath_chk(const char *path, char *resolved, size_t)
{
   return realpath(path, resolved);
}

__attribute__((visibility("default"))) int
ioctl(int fd, unsigned long request, ...)
{
   va_list ap;
   va_start(ap, request);
   void *arg = va_arg(ap, void *);
   va_end(ap);

   std::shared_ptr<DrmFile> file = lookup(fd);
   if (!file) {
      /* dma-buf CPU-access brackets: memory is coherent, so only validate. */
      if (request == DMA_BUF_IOCTL_SYNC && lookup_object(fd)) {
         struct dma_buf_sync sync;
         if (!UserMemory::self().read(&sync, (uintptr_t)arg, sizeof(sync))) {
            errno = EFAULT;
            return -1;
         }
         if ((sync.flags & ~DMA_BUF_SYNC_VALID_FLAGS_MASK) || !(sync.flags & DMA_BUF_SYNC_RW)) {
            errno = EINVAL;
            return -1;
         }
         return 0;
      }
      int ret = real_libc().ioctl(fd, request, arg);
      if (ret == -1 && errno == ENOTTY && is_orphaned_drm_fd(fd))
         errno = EIO; /* a DRM fd inherited across exec(): its device is gone */
      return ret;
   }

   KernelDevice *dev = device();
   ProcessFdTable fds;
   int ret = dev->ioctl(*file, request, reinterpret_cast<uintptr_t>(arg), UserMemory::self(), &fds);
   if (ret < 0) {
      errno = -ret;
      return -1;
   }
   return ret;
}

__attribute__((visibility("default"))) int
dup(int fd)
{
   return track_dup(fd, real_libc().dup(fd));
}

__attribute__((visibility("default"))) int
dup2(int fd, int fd2)
{
   return track_dup(fd, real_libc().dup2(fd, fd2));
}

__attribute__((visibility("default"))) int
dup3(int fd, int fd2, int flags)
{
   return track_dup(fd, real_libc().dup3(fd, fd2, flags));
}

__attribute__((visibility("default"))) int
fcntl(int fd, int cmd, ...)
{
   va_list ap;
   va_start(ap, cmd);
   void *arg = va_arg(ap, void *);
   va_end(ap);
   int ret = real_libc().fcntl(fd, cmd, arg);
   if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC)
      return track_dup(fd, ret);
   return ret;
}

__attribute__((visibility("default"))) int
fcntl64(int fd, int cmd, ...)
{
   va_list ap;
   va_start(ap, cmd);
   void *arg = va_arg(ap, void *);
   va_end(ap);
   return fcntl(fd, cmd, arg);
}

__attribute__((visibility("default"))) void *
mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
   std::shared_ptr<DrmFile> file = lookup(fd);
   std::shared_ptr<FdObject> object = file ? nullptr : lookup_object(fd);
   if (!file && !(object && object->kind == FdObject::Kind::DmaBuf))
      return real_libc().mmap(addr, length, prot, flags, fd, offset);

   KernelDevice::MmapTarget target;
   int ret = file ? device()->mmap(*file, (uint64_t)offset, length, &target)
                  : device()->mmap_dmabuf(object->bo, (uint64_t)offset, length, &target);
   if (ret) {
      errno = -ret;
      return MAP_FAILED;
   }
   void *p = real_libc().mmap(addr, length, prot, flags, target.fd, (off_t)target.fd_offset);
   if (p != MAP_FAILED) {
      Interposer &s = state();
      std::lock_guard<std::mutex> guard(s.lock);
      s.mappings[(uintptr_t)p] = Mapping{length, std::move(target.keepalive)};
   }
   return p;
}

__attribute__((visibility("default"))) void *
mmap64(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
   return mmap(addr, length, prot, flags, fd, offset);
}

__attribute__((visibility("default"))) int
munmap(void *addr, size_t length)
{
   int ret = real_libc().munmap(addr, length);
   if (ret == 0) {
      /* Drop the BO references of mappings that are now wholly gone; `dead` outlives
       * the lock, so BOs are freed without holding it. */
      uintptr_t start = (uintptr_t)addr, end = start + length;
      std::vector<std::shared_ptr<GemObject>> dead;
      Interposer &s = state();
      std::lock_guard<std::mutex> guard(s.lock);
      for (auto it = s.mappings.lower_bound(start); it != s.mappings.end() && it->first < end;) {
         if (it->first + it->second.length <= end) {
            dead.push_back(std::move(it->second.keepalive));
            it = s.mappings.erase(it);
         } else {
            ++it;
         }
      }
   }
   return ret;
}

} /* extern "C" */
