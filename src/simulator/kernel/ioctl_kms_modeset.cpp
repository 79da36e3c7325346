/* SPDX-License-Identifier: MIT */
/* Legacy modesetting: SETCRTC, page flips, the cursor, vblank waits (docs/display.md),
 * with the errnos of the Linux DRM core and its atomic helpers. */
#include <cerrno>
#include <cstring>
#include <vector>

#include "drm_file.h"
#include "fence.h"
#include "gem_object.h"
#include "ioctl_handlers.h"
#include "ioctl_kms.h"
#include "kernel_device.h"
#include "kms.h"
#include "kms_props.h"

namespace lsgpu::sim
{

namespace
{

/* drm_crtc_check_viewport: the framebuffer must cover the mode from (x, y). */
bool
fb_covers(const Kms::Framebuffer &fb, const struct drm_mode_modeinfo &m, uint32_t x, uint32_t y)
{
   return (uint64_t)x + m.hdisplay <= fb.width && (uint64_t)y + m.vdisplay <= fb.height;
}

} // namespace

int
lsgpu_ioctl_mode_setcrtc(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_crtc *>(arg);
   Kms &kms = c.dev.kms();
   std::unique_lock<std::mutex> lock(kms.lock());
   unsigned i;
   Kms::Crtc *found = kms.find_crtc(req->crtc_id, &i);
   if (!found)
      return -ENOENT;
   Kms::Crtc &crtc = *found;

   if (!req->mode_valid) {
      /* Turning the CRTC off: no framebuffer may be named, nor connectors. */
      if (req->fb_id || req->count_connectors)
         return -EINVAL;
      if (crtc.flip_pending)
         return -EBUSY;
      crtc.retiring = crtc.fb;
      crtc.active = false;
      crtc.mode_blob = nullptr;
      crtc.fb = nullptr;
      for (unsigned k = 0; k < 2; k++)
         if (kms.connector_crtc(k) == req->crtc_id)
            kms.set_connector_crtc(k, 0);
      int64_t armed = kms.program(i);
      kms.wait_latched(lock, i, armed);
      return 0;
   }

   if (!lsgpu_kms_mode_is_valid(req->mode))
      return -EINVAL;
   std::shared_ptr<Kms::Framebuffer> fb;
   if (req->fb_id == 0xffffffffu) {
      fb = crtc.fb; /* -1: keep the current framebuffer */
      if (!fb)
         return -EINVAL;
   } else {
      fb = kms.framebuffer(req->fb_id);
      if (!fb)
         return -ENOENT;
   }
   if (!fb_covers(*fb, req->mode, req->x, req->y))
      return -ENOSPC;
   if (req->count_connectors < 1 || req->count_connectors > 2)
      return -EINVAL;
   uint32_t ids[2];
   if (!c.user.read(ids, req->set_connectors_ptr, req->count_connectors * sizeof(uint32_t)))
      return -EFAULT;
   int connectors[2];
   for (uint32_t k = 0; k < req->count_connectors; k++) {
      connectors[k] = -1;
      for (unsigned n = 0; n < 2; n++)
         if (ids[k] == Kms::kConnector[n])
            connectors[k] = (int)n;
      if (connectors[k] < 0)
         return -ENOENT;
   }
   if (crtc.flip_pending)
      return -EBUSY;
   /* Implicit sync: show the framebuffer once the GPU has finished rendering it. */
   if (std::shared_ptr<Fence> rendering = fb->bo->last_fence();
       rendering && !rendering->signaled()) {
      lock.unlock();
      rendering->wait_until(monotonic_now_ns() + 30000000000ll);
      lock.lock();
      if (crtc.flip_pending || (req->fb_id != 0xffffffffu && !kms.framebuffer(req->fb_id)))
         return -EBUSY; /* the state changed while we waited */
   }

   Kms::Crtc before = crtc;
   crtc.active = true;
   crtc.mode = req->mode;
   if (!crtc.mode_blob || memcmp(crtc.mode_blob->data.data(), &req->mode, sizeof(req->mode)) != 0)
      crtc.mode_blob = kms.add_blob(
         std::vector<uint8_t>((const uint8_t *)&req->mode, (const uint8_t *)(&req->mode + 1)),
         nullptr);
   crtc.fb = fb;
   crtc.x = req->x;
   crtc.y = req->y;
   int64_t armed = kms.program(i);
   if (armed < 0) {
      crtc = before; /* the controller refused it (e.g. a buffer past device memory) */
      kms.program(i);
      return -EINVAL;
   }
   if (before.fb != fb)
      crtc.retiring = before.fb;
   /* A connector moves to this CRTC (off the other one, as the atomic helpers do). */
   for (unsigned n = 0; n < 2; n++)
      if (kms.connector_crtc(n) == req->crtc_id)
         kms.set_connector_crtc(n, 0);
   for (uint32_t k = 0; k < req->count_connectors; k++)
      kms.set_connector_crtc(connectors[k], req->crtc_id);
   /* Legacy SETCRTC is synchronous: the new scanout is on screen when it returns.
    * Waiting for the next vblank also covers a CRTC whose turning off (an RMFB, a
    * closed file) the controller has not latched yet. */
   kms.wait_latched(lock, i, armed);
   return 0;
}

int
lsgpu_ioctl_mode_page_flip(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_crtc_page_flip *>(arg);
   if (req->flags & ~(uint32_t)DRM_MODE_PAGE_FLIP_FLAGS)
      return -EINVAL;
   /* No async flips (DRM_CAP_ASYNC_PAGE_FLIP 0) nor targets (DRM_CAP_PAGE_FLIP_TARGET 0). */
   if (req->flags & (DRM_MODE_PAGE_FLIP_ASYNC | DRM_MODE_PAGE_FLIP_TARGET))
      return -EINVAL;
   if (req->reserved)
      return -EINVAL;
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   unsigned i;
   Kms::Crtc *found = kms.find_crtc(req->crtc_id, &i);
   if (!found)
      return -ENOENT;
   Kms::Crtc &crtc = *found;
   std::shared_ptr<Kms::Framebuffer> fb = kms.framebuffer(req->fb_id);
   if (!fb)
      return -ENOENT;
   if (!crtc.active || !crtc.fb)
      return -EINVAL; /* nothing is scanned out to flip from */
   if (fb->fourcc != crtc.fb->fourcc)
      return -EINVAL; /* a flip cannot change the format */
   if (!fb_covers(*fb, crtc.mode, crtc.x, crtc.y))
      return -ENOSPC;
   if (crtc.flip_pending)
      return -EBUSY;
   std::shared_ptr<Fence> rendering = fb->bo->last_fence();
   if (rendering && !rendering->signaled()) {
      /* The GPU still renders it: the commit worker writes it when it is done. */
      crtc.flip_pending = true;
      crtc.flip_fb = fb;
      crtc.flip_x = crtc.x;
      crtc.flip_y = crtc.y;
      crtc.flip = Kms::PendingFlip{c.file.weak_from_this(), req->user_data, Kms::kNotArmed,
                                   (req->flags & DRM_MODE_PAGE_FLIP_EVENT) != 0, nullptr};
      kms.defer_flip(i, {std::move(rendering)});
      return 0;
   }
   std::shared_ptr<Kms::Framebuffer> old = crtc.fb;
   crtc.fb = fb;
   int64_t armed = kms.program(i);
   if (armed < 0) {
      crtc.fb = old;
      kms.program(i);
      return -EINVAL;
   }
   crtc.retiring = old;
   crtc.flip_pending = true;
   crtc.flip = Kms::PendingFlip{c.file.weak_from_this(), req->user_data, (uint64_t)armed,
                                (req->flags & DRM_MODE_PAGE_FLIP_EVENT) != 0, nullptr};
   return 0;
}

static int
set_cursor(IoctlContext &c, struct drm_mode_cursor2 *req)
{
   if (!req->flags || (req->flags & ~(uint32_t)DRM_MODE_CURSOR_FLAGS))
      return -EINVAL;
   std::shared_ptr<GemObject> bo;
   if ((req->flags & DRM_MODE_CURSOR_BO) && req->handle) {
      if (req->width != DisplayController::kCursorSize ||
          req->height != DisplayController::kCursorSize)
         return -EINVAL;
      std::lock_guard<std::mutex> dev_guard(c.dev.lock());
      DrmFile::BoHandle *h = c.file.lookup_bo(req->handle);
      if (!h)
         return -ENOENT;
      if (h->bo->size() < DisplayController::kCursorSize * DisplayController::kCursorSize * 4)
         return -EINVAL;
      bo = h->bo;
   }
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   unsigned i;
   Kms::Crtc *found = kms.find_crtc(req->crtc_id, &i);
   if (!found)
      return -ENOENT;
   Kms::Crtc &crtc = *found;
   if (!crtc.active)
      return -EINVAL;
   if (req->flags & DRM_MODE_CURSOR_BO) {
      crtc.cursor = bo; /* handle 0 hides it */
      crtc.cursor_fb = nullptr;
   }
   if (req->flags & DRM_MODE_CURSOR_MOVE) {
      crtc.cursor_x = req->x;
      crtc.cursor_y = req->y;
   }
   return kms.program(i) < 0 ? -EINVAL : 0;
}

int
lsgpu_ioctl_mode_cursor(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_cursor *>(arg);
   struct drm_mode_cursor2 r2 = {};
   r2.flags = req->flags;
   r2.crtc_id = req->crtc_id;
   r2.x = req->x;
   r2.y = req->y;
   r2.width = req->width;
   r2.height = req->height;
   r2.handle = req->handle;
   return set_cursor(c, &r2);
}

int
lsgpu_ioctl_mode_cursor2(IoctlContext &c, void *arg)
{
   return set_cursor(c, static_cast<struct drm_mode_cursor2 *>(arg));
}

int
lsgpu_ioctl_mode_getgamma(IoctlContext &c, void *arg)
{
   /* No gamma ramp (gamma_size 0): only a request for zero entries matches. */
   auto *req = static_cast<struct drm_mode_crtc_lut *>(arg);
   std::lock_guard<std::mutex> guard(c.dev.kms().lock());
   if (c.dev.kms().crtc_index(req->crtc_id) < 0)
      return -ENOENT;
   return req->gamma_size == 0 ? 0 : -EINVAL;
}

int
lsgpu_ioctl_mode_setgamma(IoctlContext &c, void *arg)
{
   return lsgpu_ioctl_mode_getgamma(c, arg);
}

static int
set_property(IoctlContext &c, uint32_t obj_id, uint32_t obj_type, uint32_t prop_id, uint64_t value)
{
   const KmsProperty *prop = lsgpu_kms_property(prop_id);
   if (prop && (prop->flags & DRM_MODE_PROP_ATOMIC)) {
      /* Atomic properties through the legacy ioctl, for atomic and legacy clients. */
      bool is_type;
      {
         std::lock_guard<std::mutex> guard(c.dev.kms().lock());
         std::vector<uint32_t> ids;
         std::vector<uint64_t> values;
         is_type = lsgpu_kms_object_properties(c.dev.kms(), obj_id, obj_type, true, &ids, &values);
      }
      return is_type ? lsgpu_kms_set_atomic_property(c, obj_id, prop_id, value) : -ENOENT;
   }
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   for (unsigned i = 0; i < 2; i++) {
      if (obj_id != Kms::kConnector[i] ||
          (obj_type != DRM_MODE_OBJECT_CONNECTOR && obj_type != DRM_MODE_OBJECT_ANY))
         continue;
      if (prop_id == Kms::PROP_DPMS) {
         if (value > 3)
            return -EINVAL;
         kms.set_connector_dpms(i, value);
         return 0;
      }
      if (prop_id == Kms::PROP_LINK_STATUS)
         return value <= 1 ? 0 : -EINVAL;
      return -EINVAL; /* immutable or not this object's */
   }
   if (obj_id == Kms::kCrtc[0] || obj_id == Kms::kCrtc[1] || obj_id == Kms::kPrimaryPlane[0] ||
       obj_id == Kms::kPrimaryPlane[1] || obj_id == Kms::kCursorPlane[0] ||
       obj_id == Kms::kCursorPlane[1])
      return -EINVAL;
   return -ENOENT;
}

int
lsgpu_ioctl_mode_setproperty(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_connector_set_property *>(arg);
   return set_property(c, req->connector_id, DRM_MODE_OBJECT_CONNECTOR, req->prop_id, req->value);
}

int
lsgpu_ioctl_mode_obj_setproperty(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_obj_set_property *>(arg);
   return set_property(c, req->obj_id, req->obj_type, req->prop_id, req->value);
}

int
lsgpu_ioctl_wait_vblank(IoctlContext &c, void *arg)
{
   auto *req = static_cast<union drm_wait_vblank *>(arg);
   const uint32_t type = req->request.type;
   const uint32_t known =
      _DRM_VBLANK_TYPES_MASK | _DRM_VBLANK_FLAGS_MASK | _DRM_VBLANK_HIGH_CRTC_MASK;
   if (type & ~known)
      return -EINVAL;
   if (type & _DRM_VBLANK_SIGNAL)
      return -EINVAL;
   unsigned i = (type & _DRM_VBLANK_SECONDARY) ? 1 : 0;
   const uint32_t high = (type & _DRM_VBLANK_HIGH_CRTC_MASK) >> _DRM_VBLANK_HIGH_CRTC_SHIFT;
   if (high)
      i = high;
   if (i >= 2)
      return -EINVAL;
   Kms &kms = c.dev.kms();
   std::unique_lock<std::mutex> lock(kms.lock());
   if (!kms.crtc(i).active)
      return -EINVAL;
   const uint64_t now = kms.display().frame(i);
   uint64_t target;
   if (type & _DRM_VBLANK_RELATIVE)
      target = now + req->request.sequence;
   else
      target = (now & ~0xffffffffull) | req->request.sequence;
   if ((type & _DRM_VBLANK_NEXTONMISS) && target <= now)
      target = now + 1;
   if (type & _DRM_VBLANK_EVENT) {
      if (target <= now) {
         /* Already passed: the event is sent at once with the current count. */
         target = now;
      }
      kms.add_vblank_wait({c.file.weak_from_this(), req->request.signal, target, i});
      req->reply.sequence = (uint32_t)target;
      return 0;
   }
   kms.wait_frame(lock, i, target);
   const uint64_t done = kms.display().frame(i);
   if (done < target)
      return -EBUSY; /* drm_wait_vblank's 3 s timeout, or the CRTC went off */
   struct timespec ts;
   clock_gettime(CLOCK_MONOTONIC, &ts);
   req->reply.sequence = (uint32_t)done;
   req->reply.tval_sec = ts.tv_sec;
   req->reply.tval_usec = ts.tv_nsec / 1000;
   return 0;
}

} // namespace lsgpu::sim
