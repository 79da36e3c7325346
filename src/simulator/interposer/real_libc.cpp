/* SPDX-License-Identifier: MIT */
#include "real_libc.h"

#include <dlfcn.h>
#include <cstdlib>

namespace lsgpu::sim
{

template <typename T>
static void
resolve(T &fn, const char *name)
{
   fn = reinterpret_cast<T>(dlsym(RTLD_NEXT, name));
   if (!fn)
      abort(); /* libc without the symbol: nothing sensible can run */
}

static RealLibc
load()
{
   RealLibc r;
   resolve(r.open, "open");
   resolve(r.openat, "openat");
   resolve(r.fopen, "fopen");
   resolve(r.close, "close");
   resolve(r.stat, "stat");
   resolve(r.lstat, "lstat");
   resolve(r.fstat, "fstat");
   resolve(r.fstatat, "fstatat");
   resolve(r.fstatfs, "fstatfs");
   resolve(r.access, "access");
   resolve(r.opendir, "opendir");
   resolve(r.readlink, "readlink");
   resolve(r.readlinkat, "readlinkat");
   resolve(r.realpath, "realpath");
   resolve(r.ioctl, "ioctl");
   resolve(r.fcntl, "fcntl");
   resolve(r.mmap, "mmap");
   resolve(r.munmap, "munmap");
   return r;
}

const RealLibc &
real_libc()
{
   static const RealLibc r = load();
   return r;
}

} // namespace lsgpu::sim
