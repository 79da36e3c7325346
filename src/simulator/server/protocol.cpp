/* SPDX-License-Identifier: MIT */
#include "protocol.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace lsgpu::sim::wire
{

namespace
{

/* Abstract names: "\0" + kPrefix + kind + "-" + 16 hex digits. */
constexpr const char kPrefix[] = "lsgpu-device-";

struct KindName {
   FdKind kind;
   const char *name;
};
constexpr KindName kKindNames[] = {
   {FdKind::RenderFile, "render"}, {FdKind::CardFile, "card"},     {FdKind::DmaBuf, "dmabuf"},
   {FdKind::Syncobj, "syncobj"},   {FdKind::SyncFile, "syncfile"},
};

} // namespace

std::string
socket_path()
{
   if (const char *p = getenv("LSGPU_DEVICE"); p && *p)
      return p;
   if (const char *d = getenv("XDG_RUNTIME_DIR"); d && *d)
      return std::string(d) + "/lsgpu-device";
   return "/tmp/lsgpu-device-" + std::to_string(getuid());
}

ssize_t
send_msg(int sock, const void *data, size_t size, int fd)
{
   struct iovec iov = {const_cast<void *>(data), size};
   struct msghdr msg = {};
   msg.msg_iov = &iov;
   msg.msg_iovlen = 1;
   alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int))];
   if (fd >= 0) {
      memset(control, 0, sizeof(control));
      msg.msg_control = control;
      msg.msg_controllen = sizeof(control);
      struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN(sizeof(int));
      memcpy(CMSG_DATA(c), &fd, sizeof(int));
   }
   ssize_t n;
   do {
      n = sendmsg(sock, &msg, MSG_NOSIGNAL); /* a dead peer is an error, not SIGPIPE */
   } while (n < 0 && errno == EINTR);
   return n < 0 ? -errno : n;
}

ssize_t
recv_msg(int sock, void *data, size_t size, int *fd)
{
   if (fd)
      *fd = -1;
   struct iovec iov = {data, size};
   struct msghdr msg = {};
   msg.msg_iov = &iov;
   msg.msg_iovlen = 1;
   alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)];
   msg.msg_control = control;
   msg.msg_controllen = sizeof(control);
   ssize_t n;
   do {
      n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
   } while (n < 0 && errno == EINTR);
   if (n < 0)
      return -errno;
   /* Take every passed fd, so that none leaks when the message is not what we wanted. */
   int got = -1;
   for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
         continue;
      size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < count; i++) {
         int f;
         memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
         if (got < 0 && fd)
            got = f;
         else
            close(f);
      }
   }
   if (n > 0 && ((size_t)n != size || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))) {
      if (got >= 0)
         close(got);
      return -EPROTO;
   }
   if (fd)
      *fd = got;
   return n;
}

int
bind_kind(int sock, FdKind kind)
{
   const char *name = nullptr;
   for (const KindName &k : kKindNames)
      if (k.kind == kind)
         name = k.name;
   if (!name)
      return -EINVAL;
   for (int attempt = 0; attempt < 8; attempt++) {
      uint64_t r = 0;
      if (getrandom(&r, sizeof(r), 0) != sizeof(r))
         return -EIO;
      struct sockaddr_un addr = {};
      addr.sun_family = AF_UNIX;
      int len = snprintf(addr.sun_path + 1, sizeof(addr.sun_path) - 1, "%s%s-%016llx", kPrefix,
                         name, (unsigned long long)r);
      socklen_t size = offsetof(struct sockaddr_un, sun_path) + 1 + len;
      if (bind(sock, reinterpret_cast<struct sockaddr *>(&addr), size) == 0)
         return 0;
      if (errno != EADDRINUSE)
         return -errno;
   }
   return -EADDRINUSE;
}

FdKind
classify(int fd)
{
   struct sockaddr_un addr;
   socklen_t size = sizeof(addr);
   if (fd < 0 || getsockname(fd, reinterpret_cast<struct sockaddr *>(&addr), &size) != 0)
      return FdKind::None;
   const size_t path_len = size - offsetof(struct sockaddr_un, sun_path);
   const size_t prefix_len = sizeof(kPrefix) - 1;
   if (addr.sun_family != AF_UNIX || path_len < 1 + prefix_len || addr.sun_path[0] != '\0' ||
       memcmp(addr.sun_path + 1, kPrefix, prefix_len) != 0)
      return FdKind::None;
   const char *kind = addr.sun_path + 1 + prefix_len;
   const size_t kind_len = path_len - 1 - prefix_len;
   for (const KindName &k : kKindNames) {
      size_t n = strlen(k.name);
      if (kind_len > n && memcmp(kind, k.name, n) == 0 && kind[n] == '-')
         return k.kind;
   }
   return FdKind::None;
}

} // namespace lsgpu::sim::wire
