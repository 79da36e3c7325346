/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_PUBLIC_H
#define LSGPU_PUBLIC_H

struct pipe_screen;
struct pipe_screen_config;
struct renderonly;

#ifdef __cplusplus
extern "C" {
#endif

/* Creates a screen on fd, which it takes ownership of (the winsys closes it). */
struct pipe_screen *lsgpu_screen_create(int fd, const struct pipe_screen_config *config,
                                        struct renderonly *ro);

#ifdef __cplusplus
}
#endif

#endif
