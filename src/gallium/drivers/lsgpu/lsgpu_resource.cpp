/* SPDX-License-Identifier: MIT */
/* Resources (buffers and textures), their surfaces and sampler views. */
#include "lsgpu_resource.h"

#include "drm-uapi/drm_fourcc.h"
#include "frontend/winsys_handle.h"
#include "lsgpu/drm/lsgpu_winsys.h"
#include "lsgpu_context.h"
#include "lsgpu_screen.h"
#include "util/format/u_format.h"
#include "util/u_inlines.h"
#include "util/u_math.h"
#include "util/u_memory.h"

static void
lsgpu_resource_layout(struct lsgpu_resource *rsc, uint64_t *size)
{
   const struct pipe_resource *t = &rsc->base;
   uint64_t offset = 0;

   if (t->target == PIPE_BUFFER) {
      rsc->levels[0].stride = t->width0;
      rsc->levels[0].layer_stride = t->width0;
      *size = t->width0;
      return;
   }

   for (unsigned l = 0; l <= t->last_level; l++) {
      unsigned w = u_minify(t->width0, l), h = u_minify(t->height0, l);
      unsigned layers = t->target == PIPE_TEXTURE_3D ? u_minify(t->depth0, l) : t->array_size;
      struct lsgpu_resource_level *lvl = &rsc->levels[l];
      lvl->offset = (uint32_t)offset;
      lvl->stride = align(util_format_get_stride(t->format, w * lsgpu_resource_samples(rsc)), 64);
      lvl->layer_stride = lvl->stride * util_format_get_nblocksy(t->format, h);
      offset += (uint64_t)lvl->layer_stride * layers;
      offset = align64(offset, 64);
   }
   *size = offset;
}

static struct pipe_resource *
lsgpu_resource_create(struct pipe_screen *pscreen, const struct pipe_resource *tmpl)
{
   struct lsgpu_screen *screen = lsgpu_screen(pscreen);

   if (tmpl->last_level >= LSGPU_MAX_MIP_LEVELS)
      return NULL;

   struct lsgpu_resource *rsc = CALLOC_STRUCT(lsgpu_resource);
   if (!rsc)
      return NULL;
   rsc->base = *tmpl;
   rsc->base.screen = pscreen;
   pipe_reference_init(&rsc->base.reference, 1);
   util_range_init(&rsc->valid_buffer_range);

   uint64_t size;
   lsgpu_resource_layout(rsc, &size);
   if (size > UINT32_MAX) {
      util_range_destroy(&rsc->valid_buffer_range);
      FREE(rsc);
      return NULL;
   }

   rsc->bo = lsgpu_bo_create(screen->ws, MAX2(size, 1), "resource");
   if (!rsc->bo) {
      util_range_destroy(&rsc->valid_buffer_range);
      FREE(rsc);
      return NULL;
   }
   return &rsc->base;
}

static void
lsgpu_resource_destroy(struct pipe_screen *pscreen, struct pipe_resource *prsc)
{
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);
   lsgpu_bo_reference(&rsc->bo, NULL);
   util_range_destroy(&rsc->valid_buffer_range);
   FREE(rsc);
}

static bool
lsgpu_resource_get_handle(struct pipe_screen *pscreen, struct pipe_context *pctx,
                          struct pipe_resource *prsc, struct winsys_handle *handle, unsigned usage)
{
   struct lsgpu_resource *rsc = lsgpu_resource(prsc);
   handle->stride = rsc->levels[0].stride;
   handle->offset = rsc->levels[0].offset;
   handle->modifier = DRM_FORMAT_MOD_LINEAR;
   /* Another user may write a shared buffer: all of it counts as written. */
   rsc->exported = true;
   lsgpu_buffer_written(prsc, 0, prsc->width0);

   switch (handle->type) {
   case WINSYS_HANDLE_TYPE_KMS:
      /* A GEM handle is valid on the screen's own fd. */
      handle->handle = rsc->bo->handle;
      return true;
   case WINSYS_HANDLE_TYPE_FD: {
      /* Work recorded on the BO must reach the GPU before another user sees it. */
      if (pctx)
         lsgpu_context_flush_for_bo(lsgpu_context(pctx), rsc->bo);
      int fd = lsgpu_bo_export(rsc->bo);
      if (fd < 0)
         return false;
      handle->handle = (unsigned)fd;
      return true;
   }
   default:
      return false; /* no flink names on a render node */
   }
}

static struct pipe_resource *
lsgpu_resource_from_handle(struct pipe_screen *pscreen, const struct pipe_resource *tmpl,
                           struct winsys_handle *handle, unsigned usage)
{
   /* Shared images are single-level linear 2D surfaces. */
   if (handle->type != WINSYS_HANDLE_TYPE_FD || tmpl->last_level != 0 || tmpl->array_size > 1 ||
       tmpl->depth0 > 1 ||
       (handle->modifier != DRM_FORMAT_MOD_INVALID && handle->modifier != DRM_FORMAT_MOD_LINEAR))
      return NULL;

   struct lsgpu_bo *bo = lsgpu_bo_import(lsgpu_screen(pscreen)->ws, (int)handle->handle);
   if (!bo)
      return NULL;
   uint64_t needed =
      (uint64_t)handle->offset +
      (uint64_t)handle->stride * util_format_get_nblocksy(tmpl->format, tmpl->height0);
   if (handle->stride < util_format_get_stride(tmpl->format, tmpl->width0) || needed > bo->size) {
      lsgpu_bo_reference(&bo, NULL);
      return NULL;
   }

   struct lsgpu_resource *rsc = CALLOC_STRUCT(lsgpu_resource);
   if (!rsc) {
      lsgpu_bo_reference(&bo, NULL);
      return NULL;
   }
   rsc->base = *tmpl;
   rsc->base.screen = pscreen;
   pipe_reference_init(&rsc->base.reference, 1);
   util_range_init(&rsc->valid_buffer_range);
   rsc->bo = bo;
   rsc->exported = true; /* imported: shared with whoever exported it */
   rsc->levels[0].offset = handle->offset;
   rsc->levels[0].stride = handle->stride;
   rsc->levels[0].layer_stride =
      handle->stride * util_format_get_nblocksy(tmpl->format, tmpl->height0);
   return &rsc->base;
}

void
lsgpu_resource_screen_init(struct pipe_screen *pscreen)
{
   pscreen->resource_create = lsgpu_resource_create;
   pscreen->resource_destroy = lsgpu_resource_destroy;
   pscreen->resource_get_handle = lsgpu_resource_get_handle;
   pscreen->resource_from_handle = lsgpu_resource_from_handle;
}

static struct pipe_surface *
lsgpu_create_surface(struct pipe_context *pctx, struct pipe_resource *prsc,
                     const struct pipe_surface *tmpl)
{
   struct pipe_surface *psurf = CALLOC_STRUCT(pipe_surface);
   if (!psurf)
      return NULL;

   unsigned level = tmpl->u.tex.level;
   pipe_reference_init(&psurf->reference, 1);
   pipe_resource_reference(&psurf->texture, prsc);
   psurf->context = pctx;
   psurf->format = tmpl->format;
   psurf->u = tmpl->u;
   if (prsc->target == PIPE_BUFFER) {
      psurf->width = prsc->width0;
      psurf->height = 1;
   } else {
      psurf->width = u_minify(prsc->width0, level);
      psurf->height = u_minify(prsc->height0, level);
   }
   return psurf;
}

static void
lsgpu_surface_destroy(struct pipe_context *pctx, struct pipe_surface *psurf)
{
   pipe_resource_reference(&psurf->texture, NULL);
   FREE(psurf);
}

static struct pipe_sampler_view *
lsgpu_create_sampler_view(struct pipe_context *pctx, struct pipe_resource *prsc,
                          const struct pipe_sampler_view *tmpl)
{
   struct pipe_sampler_view *view = CALLOC_STRUCT(pipe_sampler_view);
   if (!view)
      return NULL;
   *view = *tmpl;
   view->texture = NULL;
   pipe_resource_reference(&view->texture, prsc);
   pipe_reference_init(&view->reference, 1);
   view->context = pctx;
   return view;
}

static void
lsgpu_sampler_view_destroy(struct pipe_context *pctx, struct pipe_sampler_view *view)
{
   pipe_resource_reference(&view->texture, NULL);
   FREE(view);
}

void
lsgpu_resource_context_init(struct pipe_context *pctx)
{
   pctx->create_surface = lsgpu_create_surface;
   pctx->surface_destroy = lsgpu_surface_destroy;
   pctx->create_sampler_view = lsgpu_create_sampler_view;
   pctx->sampler_view_destroy = lsgpu_sampler_view_destroy;
}
