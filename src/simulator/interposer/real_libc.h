/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_REAL_LIBC_H
#define LSGPU_SIM_REAL_LIBC_H

#include <cstdio>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>

namespace lsgpu::sim
{

/* The libc functions the interposer wraps, as libc implements them (RTLD_NEXT). The
 * interposer itself only ever calls these, never its own wrappers. */
struct RealLibc {
   int (*open)(const char *, int, ...);
   int (*openat)(int, const char *, int, ...);
   FILE *(*fopen)(const char *, const char *);
   int (*close)(int);
   int (*stat)(const char *, struct stat *);
   int (*lstat)(const char *, struct stat *);
   int (*fstat)(int, struct stat *);
   int (*fstatat)(int, const char *, struct stat *, int);
   int (*fstatfs)(int, struct statfs *);
   int (*access)(const char *, int);
   DIR *(*opendir)(const char *);
   ssize_t (*readlink)(const char *, char *, size_t);
   ssize_t (*readlinkat)(int, const char *, char *, size_t);
   char *(*realpath)(const char *, char *);
   int (*ioctl)(int, unsigned long, ...);
   int (*fcntl)(int, int, ...);
   void *(*mmap)(void *, size_t, int, int, int, off_t);
   int (*munmap)(void *, size_t);
};

const RealLibc &real_libc();

} // namespace lsgpu::sim

#endif
