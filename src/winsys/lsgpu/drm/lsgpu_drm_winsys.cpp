/* SPDX-License-Identifier: MIT */
#include "lsgpu_drm_public.h"

#include "util/os_file.h"
#include "util/u_screen.h"

#include "lsgpu/lsgpu_public.h"

struct pipe_screen *
lsgpu_drm_screen_create(int fd, const struct pipe_screen_config *config)
{
   /* One screen per open file description, shared by EGL, GBM and GLX users of it. */
   return u_pipe_screen_lookup_or_create(os_dupfd_cloexec(fd), config, NULL, lsgpu_screen_create);
}
