/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SCREEN_H
#define LSGPU_SCREEN_H

#include "pipe/p_screen.h"
#include "compiler/nir/nir.h"
#include "util/slab.h"

#include "lsgpu_public.h"

struct renderonly;
struct pipe_screen_config;
struct lsgpu_winsys;
struct disk_cache;

struct lsgpu_screen {
   struct pipe_screen base; /* first: pipe_screen pointers are lsgpu_screen pointers */
   struct lsgpu_winsys *ws;
   struct slab_parent_pool transfer_pool;
   char name[64];
   struct disk_cache *disk_cache;
};

static inline struct lsgpu_screen *
lsgpu_screen(struct pipe_screen *pscreen)
{
   return (struct lsgpu_screen *)pscreen;
}

bool lsgpu_format_is_renderable(enum pipe_format format);

#endif
