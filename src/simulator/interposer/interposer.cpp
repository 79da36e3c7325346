/* SPDX-License-Identifier: MIT */
/*
 * LD_PRELOAD interposer: makes /dev/dri/renderD128 an LSGPU-1 device for unmodified
 * programs. Opening the node creates a DRM file on the device server that every
 * process of the session shares (device_client.h, server/protocol.h); ioctl and mmap
 * on that fd go to it; stat/fstat report a DRM render node; sysfs and /dev/dri paths
 * are redirected to the fake tree (fake_nodes.h). Everything else passes straight
 * through to libc.
 *
 * The device's fds are sockets the host kernel tracks across dup, fork, exec and
 * SCM_RIGHTS, so the interposer keeps no table of them: one getsockname() tells.
 */

/* Both the plain and the *64 libc entry points are defined here, so the 64-bit file
 * offset renaming (which would turn `stat` into `stat64`) must be off. */
#undef _FILE_OFFSET_BITS

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <drm.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/sync_file.h>
#include <string>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "device_client.h"
#include "fake_nodes.h"
#include "fake_vt.h"
#include "sync_file.h"
#include "real_libc.h"
#include "kernel/user_memory.h"
#include "server/protocol.h"

using namespace lsgpu::sim;

namespace
{

/* errno and -1 from a negative errno, as libc returns. */
int
fail(int negative_errno)
{
   errno = -negative_errno;
   return -1;
}

/* The device node a path names: -1 none, else a wire::Node. */
int
node_of_path(const char *path)
{
   if (path && strcmp(path, kRenderNodePath) == 0)
      return (int)wire::Node::Render;
   if (path && strcmp(path, kCardNodePath) == 0)
      return (int)wire::Node::Card;
   return -1;
}

int
node_of_fd(int fd)
{
   wire::FdKind kind = wire::classify(fd);
   if (kind == wire::FdKind::RenderFile)
      return (int)wire::Node::Render;
   if (kind == wire::FdKind::CardFile)
      return (int)wire::Node::Card;
   return -1;
}

int
open_node(int node, int flags)
{
   int fd = client::open_node((wire::Node)node, flags);
   return fd < 0 ? fail(fd) : fd;
}

void
fill_node_stat(int node, struct stat *st)
{
   memset(st, 0, sizeof(*st));
   st->st_mode = S_IFCHR | 0666;
   st->st_rdev = makedev(kDrmMajor, node == (int)wire::Node::Card ? kCardMinor : kRenderMinor);
   st->st_dev = makedev(0, 5);
   st->st_nlink = 1;
   st->st_blksize = 4096;
}

int
do_open(const char *path, int flags, mode_t mode)
{
   if (int node = node_of_path(path); node >= 0)
      return open_node(node, flags);
   if (int vt = fake_vt_of_path(path))
      return fake_vt_open(vt, flags);
   if ((flags & O_DIRECTORY) && !(flags & O_PATH)) {
      std::string listing = fake_nodes_listing(path);
      if (!listing.empty())
         return real_libc().open(listing.c_str(), flags, mode);
   }
   std::string redirected = fake_nodes_redirect(path);
   return real_libc().open(redirected.empty() ? path : redirected.c_str(), flags, mode);
}

/* What fd is open on, from /proc/self/fd ("" when that does not say). */
std::string
path_of_fd(int fd)
{
   char link[64], path[4096];
   snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
   ssize_t n = real_libc().readlink(link, path, sizeof(path) - 1);
   return n > 0 && path[0] == '/' ? std::string(path, (size_t)n) : std::string();
}

/* The absolute path of a component opened relative to dirfd, when it falls under
 * the fake tree's prefixes from outside it: systemd's libudev resolves a syspath one
 * component at a time (openat(dirfd, "drm", O_PATH)), and /sys/class/drm lives in the
 * tree. Inside the tree, relative opens work as they are. */
std::string
redirect_relative(int dirfd, const char *path)
{
   if (dirfd == AT_FDCWD || !path || !*path)
      return {};
   std::string dir = path_of_fd(dirfd);
   /* Only walks through the real /sys or /dev can reach the tree's prefixes. */
   if (dir.compare(0, 4, "/sys") != 0 && dir.compare(0, 4, "/dev") != 0)
      return {};
   return fake_nodes_redirect((dir + "/" + path).c_str());
}

/* True when fd is a file of the fake tree (its path is below the tree's root). */
bool
in_fake_tree(int fd)
{
   const std::string &root = fake_nodes_root();
   std::string path = path_of_fd(fd);
   return !root.empty() && path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
          path[root.size()] == '/';
}

int
do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
   if (path[0] == '/')
      return do_open(path, flags, mode);
   std::string redirected = redirect_relative(dirfd, path);
   if (!redirected.empty())
      return real_libc().open(redirected.c_str(), flags, mode);
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
stat(const char *path, struct stat *st)
{
   if (int node = node_of_path(path); node >= 0) {
      fill_node_stat(node, st);
      return 0;
   }
   if (int vt = fake_vt_of_path(path)) {
      fake_vt_stat(vt, st);
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
   if (int node = node_of_path(path); node >= 0) {
      fill_node_stat(node, st);
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
   int ret = real_libc().fstat(fd, st);
   if (ret == 0 && S_ISSOCK(st->st_mode)) {
      if (int node = node_of_fd(fd); node >= 0)
         fill_node_stat(node, st);
      else if (int vt = fake_vt_of_fd(fd))
         fake_vt_stat(vt, st);
   }
   return ret;
}

__attribute__((visibility("default"))) int
fstat64(int fd, struct stat64 *st)
{
   return fstat(fd, reinterpret_cast<struct stat *>(st));
}

__attribute__((visibility("default"))) int
fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
   if ((flags & AT_EMPTY_PATH) && !*path) {
      if (int node = node_of_fd(dirfd); node >= 0) {
         fill_node_stat(node, st);
         return 0;
      }
   }
   if (path[0] == '/') {
      if (int node = node_of_path(path); node >= 0) {
         fill_node_stat(node, st);
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

/* libudev accepts a syspath only on sysfs (it checks the directory's filesystem). */
__attribute__((visibility("default"))) int
fstatfs(int fd, struct statfs *buf)
{
   int ret = real_libc().fstatfs(fd, buf);
   if (ret == 0 && in_fake_tree(fd))
      buf->f_type = SYSFS_MAGIC;
   return ret;
}

__attribute__((visibility("default"))) int
fstatfs64(int fd, struct statfs64 *buf)
{
   return fstatfs(fd, reinterpret_cast<struct statfs *>(buf));
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
   std::string listing = fake_nodes_listing(path);
   if (!listing.empty())
      return real_libc().opendir(listing.c_str());
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
readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
   if (path[0] == '/')
      return readlink(path, buf, size);
   std::string redirected = redirect_relative(dirfd, path);
   if (!redirected.empty())
      return real_libc().readlink(redirected.c_str(), buf, size);
   return real_libc().readlinkat(dirfd, path, buf, size);
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
   char *r = real_libc().realpath(p.path, resolved);
   fake_nodes_unredirect(r);
   return r;
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

   /* Only DRM ('d'), dma-buf ('b') and sync_file ('>') requests can be for the
    * device: other fds skip the getsockname(). */
   const unsigned type = _IOC_TYPE(request);
   wire::FdKind kind = type == DRM_IOCTL_BASE || type == DMA_BUF_BASE || type == SYNC_IOC_MAGIC
                          ? wire::classify(fd)
                          : wire::FdKind::None;
   if (kind == wire::FdKind::RenderFile || kind == wire::FdKind::CardFile) {
      int ret = client::ioctl(fd, request, arg);
      return ret < 0 ? fail(ret) : ret;
   }
   /* dma-buf CPU-access brackets: memory is coherent, so only validate. */
   if (kind == wire::FdKind::DmaBuf && request == DMA_BUF_IOCTL_SYNC) {
      struct dma_buf_sync sync;
      if (!UserMemory::self().read(&sync, (uintptr_t)arg, sizeof(sync)))
         return fail(-EFAULT);
      if ((sync.flags & ~DMA_BUF_SYNC_VALID_FLAGS_MASK) || !(sync.flags & DMA_BUF_SYNC_RW))
         return fail(-EINVAL);
      return 0;
   }
   if (kind == wire::FdKind::SyncFile && type == SYNC_IOC_MAGIC) {
      int ret = sync_file_ioctl(fd, request, arg);
      return ret < 0 ? fail(ret) : ret;
   }
   if ((type == 'K' || type == 'V') && fake_vt_of_fd(fd))
      return fake_vt_ioctl(fd, request, arg);
   return real_libc().ioctl(fd, request, arg);
}

__attribute__((visibility("default"))) void *
mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
   wire::FdKind kind = wire::classify(fd);
   if (kind != wire::FdKind::RenderFile && kind != wire::FdKind::CardFile &&
       kind != wire::FdKind::DmaBuf)
      return real_libc().mmap(addr, length, prot, flags, fd, offset);
   int error = 0;
   void *p = client::mmap(addr, length, prot, flags, fd, offset, &error);
   if (p == MAP_FAILED)
      errno = error;
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
   if (ret == 0)
      client::unmapped(addr, length);
   return ret;
}

} /* extern "C" */
