/* SPDX-License-Identifier: MIT */
#include "fake_vt.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/kd.h>
#include <linux/vt.h>
#include <mutex>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "real_libc.h"

namespace lsgpu::sim
{

namespace
{

constexpr char kPrefix[] = "lsgpu-vt-";

bool
enabled()
{
   static const bool on = [] {
      const char *v = getenv("LSGPU_SIM_VT");
      return v && strcmp(v, "1") == 0;
   }();
   return on;
}

/* The terminal state a compositor sets and reads back, per process. */
struct VtState {
   std::mutex lock;
   int kd_mode = KD_TEXT;
   int kb_mode = K_UNICODE;
   struct vt_mode mode = {VT_AUTO, 0, 0, 0, 0};
};

VtState &
state()
{
   static VtState *s = new VtState();
   return *s;
}

} // namespace

int
fake_vt_of_path(const char *path)
{
   if (!enabled() || !path || strncmp(path, "/dev/tty", 8) != 0)
      return 0;
   char *end;
   long n = strtol(path + 8, &end, 10);
   return (*end == '\0' && path[8] != '\0' && n >= 1 && n <= 63) ? (int)n : 0;
}

int
fake_vt_open(int vt, int flags)
{
   /* A socket bound to an abstract name that carries the VT number: what it is can
    * be told from the fd alone, in any process it reaches. */
   int sv[2];
   if (socketpair(AF_UNIX, SOCK_STREAM | ((flags & O_CLOEXEC) ? SOCK_CLOEXEC : 0), 0, sv) != 0)
      return -1;
   real_libc().close(sv[1]);
   uint64_t r = 0;
   (void)!getrandom(&r, sizeof(r), 0);
   struct sockaddr_un addr = {};
   addr.sun_family = AF_UNIX;
   int len = snprintf(addr.sun_path + 1, sizeof(addr.sun_path) - 1, "%s%d-%016llx", kPrefix, vt,
                      (unsigned long long)r);
   if (bind(sv[0], reinterpret_cast<struct sockaddr *>(&addr),
            offsetof(struct sockaddr_un, sun_path) + 1 + len) != 0) {
      int err = errno;
      real_libc().close(sv[0]);
      errno = err;
      return -1;
   }
   return sv[0];
}

int
fake_vt_of_fd(int fd)
{
   if (!enabled())
      return 0;
   struct sockaddr_un addr;
   socklen_t size = sizeof(addr);
   if (getsockname(fd, reinterpret_cast<struct sockaddr *>(&addr), &size) != 0 ||
       size <= offsetof(struct sockaddr_un, sun_path) + sizeof(kPrefix) ||
       addr.sun_path[0] != '\0' || strncmp(addr.sun_path + 1, kPrefix, sizeof(kPrefix) - 1) != 0)
      return 0;
   return atoi(addr.sun_path + sizeof(kPrefix));
}

void
fake_vt_stat(int vt, struct stat *st)
{
   memset(st, 0, sizeof(*st));
   st->st_mode = S_IFCHR | 0620;
   st->st_rdev = makedev(4, vt);
   st->st_nlink = 1;
}

int
fake_vt_ioctl(int fd, unsigned long request, void *arg)
{
   const int vt = fake_vt_of_fd(fd);
   VtState &s = state();
   std::lock_guard<std::mutex> guard(s.lock);
   switch (request) {
   case KDGETMODE:
      *static_cast<int *>(arg) = s.kd_mode;
      return 0;
   case KDSETMODE:
      s.kd_mode = (int)(intptr_t)arg;
      return 0;
   case KDGKBMODE:
      *static_cast<int *>(arg) = s.kb_mode;
      return 0;
   case KDSKBMODE:
      s.kb_mode = (int)(intptr_t)arg;
      return 0;
   case 0x4B51: /* KDSKBMUTE, which the uAPI headers of Debian 12 lack */
      return 0;
   case VT_GETMODE:
      *static_cast<struct vt_mode *>(arg) = s.mode;
      return 0;
   case VT_SETMODE:
      s.mode = *static_cast<struct vt_mode *>(arg);
      return 0;
   case VT_ACTIVATE:
   case VT_WAITACTIVE:
   case VT_RELDISP:
      return 0;
   case VT_GETSTATE: {
      auto *st = static_cast<struct vt_stat *>(arg);
      st->v_active = (unsigned short)vt;
      st->v_signal = 0;
      st->v_state = (unsigned short)(1u << vt);
      return 0;
   }
   default:
      errno = ENOTTY;
      return -1;
   }
}

} // namespace lsgpu::sim
