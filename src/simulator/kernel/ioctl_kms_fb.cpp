/* SPDX-License-Identifier: MIT */
/* Framebuffers and dumb buffers (docs/display.md), with the DRM core's checks. */
#include <cerrno>

#include "drm-uapi/lsgpu_drm.h"
#include "drm_file.h"
#include "gem_object.h"
#include "ioctl_handlers.h"
#include "ioctl_kms.h"
#include "kernel_device.h"
#include "kms.h"

namespace lsgpu::sim
{

namespace
{

constexpr uint32_t kMaxSize = 4096;

/* ADDFB2's checks (drm_internal_framebuffer_create, framebuffer_check). */
int
add_framebuffer(IoctlContext &c, struct drm_mode_fb_cmd2 *req)
{
   if (req->flags & ~(uint32_t)DRM_MODE_FB_MODIFIERS)
      return -EINVAL;
   if (req->flags & DRM_MODE_FB_MODIFIERS)
      return -EINVAL; /* DRM_CAP_ADDFB2_MODIFIERS is 0: linear only, implied */
   lsgpu_display_format format;
   if (!lsgpu_kms_display_format(req->pixel_format, &format))
      return -EINVAL;
   const unsigned cpp = lsgpu_display_format_bytes(format);
   if (req->width < 1 || req->height < 1 || req->width > kMaxSize || req->height > kMaxSize)
      return -EINVAL;
   for (int p = 1; p < 4; p++)
      if (req->handles[p] || req->pitches[p] || req->offsets[p])
         return -EINVAL; /* single-plane formats only */
   if (req->pitches[0] < (uint64_t)req->width * cpp || req->pitches[0] % 4)
      return -EINVAL;
   if (req->offsets[0] % 64)
      return -EINVAL; /* the display fetches 64-byte aligned */

   std::lock_guard<std::mutex> dev_guard(c.dev.lock());
   DrmFile::BoHandle *h = c.file.lookup_bo(req->handles[0]);
   if (!h)
      return -ENOENT;
   const uint64_t needed = (uint64_t)req->offsets[0] + (uint64_t)req->pitches[0] * req->height;
   if (needed > h->bo->size())
      return -EINVAL;
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   Kms::Framebuffer fb = {0,           &c.file,           h->bo,           req->width,
                          req->height, req->pixel_format, req->pitches[0], req->offsets[0]};
   req->fb_id = kms.add_framebuffer(std::move(fb));
   c.file.kms().framebuffers.insert(req->fb_id);
   return 0;
}

} // namespace

int
lsgpu_ioctl_mode_addfb2(IoctlContext &c, void *arg)
{
   return add_framebuffer(c, static_cast<struct drm_mode_fb_cmd2 *>(arg));
}

int
lsgpu_ioctl_mode_addfb(IoctlContext &c, void *arg)
{
   /* The legacy call names a depth and bpp; the DRM core maps them to a fourcc. */
   auto *req = static_cast<struct drm_mode_fb_cmd *>(arg);
   struct drm_mode_fb_cmd2 r2 = {};
   if (req->bpp == 32 && req->depth == 24)
      r2.pixel_format = DRM_FORMAT_XRGB8888;
   else if (req->bpp == 32 && req->depth == 32)
      r2.pixel_format = DRM_FORMAT_ARGB8888;
   else if (req->bpp == 16 && req->depth == 16)
      r2.pixel_format = DRM_FORMAT_RGB565;
   else
      return -EINVAL;
   r2.width = req->width;
   r2.height = req->height;
   r2.handles[0] = req->handle;
   r2.pitches[0] = req->pitch;
   int ret = add_framebuffer(c, &r2);
   req->fb_id = r2.fb_id;
   return ret;
}

int
lsgpu_ioctl_mode_rmfb(IoctlContext &c, void *arg)
{
   const uint32_t id = *static_cast<uint32_t *>(arg);
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   if (!kms.framebuffer(id))
      return -ENOENT;
   if (!c.file.kms().framebuffers.count(id))
      return -ENOENT; /* another file's framebuffer is not ours to remove */
   c.file.kms().framebuffers.erase(id);
   kms.remove_framebuffer(id);
   return 0;
}

int
lsgpu_ioctl_mode_getfb(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_fb_cmd *>(arg);
   std::lock_guard<std::mutex> dev_guard(c.dev.lock());
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   std::shared_ptr<Kms::Framebuffer> fb = kms.framebuffer(req->fb_id);
   if (!fb)
      return -ENOENT;
   req->width = fb->width;
   req->height = fb->height;
   req->pitch = fb->pitch;
   lsgpu_display_format format;
   lsgpu_kms_display_format(fb->fourcc, &format); /* checked at ADDFB */
   req->bpp = lsgpu_display_format_bytes(format) * 8;
   req->depth = fb->fourcc == DRM_FORMAT_ARGB8888 ? 32 : fb->fourcc == DRM_FORMAT_RGB565 ? 16 : 24;
   /* A handle only for the master or the creator (drm_mode_getfb's rule). */
   req->handle = 0;
   if (kms.master() == &c.file || fb->owner == &c.file) {
      req->handle = c.file.handle_of(fb->bo.get());
      if (!req->handle)
         return -ENOENT;
   }
   return 0;
}

int
lsgpu_ioctl_mode_dirtyfb(IoctlContext &c, void *arg)
{
   /* The display scans memory directly: nothing to flush, but the FB must exist. */
   auto *req = static_cast<struct drm_mode_fb_dirty_cmd *>(arg);
   if (req->flags & ~(uint32_t)DRM_MODE_FB_DIRTY_FLAGS)
      return -EINVAL;
   std::lock_guard<std::mutex> guard(c.dev.kms().lock());
   return c.dev.kms().framebuffer(req->fb_id) ? 0 : -ENOENT;
}

int
lsgpu_ioctl_mode_create_dumb(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_create_dumb *>(arg);
   if (req->flags || req->width == 0 || req->height == 0 || req->width > kMaxSize ||
       req->height > kMaxSize)
      return -EINVAL;
   if (req->bpp != 8 && req->bpp != 16 && req->bpp != 24 && req->bpp != 32)
      return -EINVAL;
   const uint64_t pitch = ((uint64_t)req->width * ((req->bpp + 7) / 8) + 63) & ~63ull;
   struct drm_lsgpu_gem_create create = {};
   create.size = pitch * req->height;
   int ret = lsgpu_ioctl_gem_create(c, &create);
   if (ret)
      return ret;
   req->handle = create.handle;
   req->pitch = (uint32_t)pitch;
   req->size = (create.size + 4095) & ~4095ull;
   return 0;
}

/* Dumb buffers are GEM objects: mapping and destroying them are the GEM ioctls
 * (drm_gem_dumb_map_offset, drm_gem_dumb_destroy), errnos included. */
int
lsgpu_ioctl_mode_map_dumb(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_map_dumb *>(arg);
   struct drm_lsgpu_gem_mmap_offset gem = {};
   gem.handle = req->handle;
   gem.flags = req->pad; /* must be zero, like the GEM ioctl's flags */
   int ret = lsgpu_ioctl_gem_mmap_offset(c, &gem);
   req->offset = gem.offset;
   return ret;
}

int
lsgpu_ioctl_mode_destroy_dumb(IoctlContext &c, void *arg)
{
   struct drm_gem_close gem = {};
   gem.handle = static_cast<struct drm_mode_destroy_dumb *>(arg)->handle;
   return lsgpu_ioctl_gem_close(c, &gem);
}

} // namespace lsgpu::sim
