/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_DRM_PUBLIC_H
#define LSGPU_DRM_PUBLIC_H

struct pipe_screen;
struct pipe_screen_config;

#ifdef __cplusplus
extern "C" {
#endif

/* Creates (or returns the shared) lsgpu screen for a DRM fd; the fd is dup'ed. */
struct pipe_screen *lsgpu_drm_screen_create(int fd, const struct pipe_screen_config *config);

#ifdef __cplusplus
}
#endif

#endif
