/* SPDX-License-Identifier: MIT */
/*
 * Atomic modesetting (docs/display.md "Atomic modesetting"): DRM_IOCTL_MODE_ATOMIC,
 * the legacy SETPLANE and atomic properties set one at a time, which the Linux DRM
 * core builds on the same commit; and property blobs. A commit is staged on a copy of
 * the state, checked as a whole with the errnos of the DRM core and its atomic
 * helpers, and then written to the display controller, or nothing changes.
 */
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

#include "common/sim_debug.h"
#include "drm_file.h"
#include "fd_objects.h"
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

constexpr uint32_t kCursor = DisplayController::kCursorSize;

/* LSGPU_SIM_DEBUG=kms says why a commit is refused, as drm.debug's atomic messages
 * do; compositors only report the errno. */
int
refuse(int error, const char *why, uint32_t object = 0)
{
   static const bool on = sim_debug("kms");
   if (on)
      fprintf(stderr, "lsgpu-sim: kms: commit refused (%s): %s, object %u\n", strerror(-error), why,
              object);
   return error;
}

/* A commit being staged: the new state of every object, and what it touched. */
struct Update {
   Kms::Crtc crtc[2];
   uint32_t connector_crtc[2];
   Kms::PlaneState plane[2][2]; /* [crtc][0 primary, 1 cursor] */
   std::shared_ptr<Fence> in_fence[2][2];
   bool plane_touched[2][2] = {};
   bool crtc_touched[2] = {};
   bool connector_touched[2] = {};
   uint64_t out_fence_ptr[2] = {};
};

void
stage_current(const Kms &kms, Update *u)
{
   for (unsigned i = 0; i < 2; i++) {
      u->crtc[i] = kms.crtc(i);
      u->connector_crtc[i] = kms.connector_crtc(i);
      unsigned crtc;
      bool primary;
      kms.plane_state(Kms::kPrimaryPlane[i], &u->plane[i][0], &crtc, &primary);
      kms.plane_state(Kms::kCursorPlane[i], &u->plane[i][1], &crtc, &primary);
   }
}

/* The objects behind the fds a commit names (IN_FENCE_FD), looked up before the KMS
 * lock is taken: the device server's registry lock comes first (docs/architecture.md
 * "The device server"). */
using CommitFds = std::map<int, std::shared_ptr<FdObject>>;

void
resolve_fd(IoctlContext &c, uint32_t prop_id, uint64_t value, CommitFds *fds)
{
   if (prop_id != Kms::PROP_IN_FENCE_FD || (int64_t)value < 0 || value > INT_MAX || !c.fds)
      return;
   int error = 0;
   (*fds)[(int)value] = c.fds->lookup((int)value, &error);
}

/* drm_atomic_set_property and its per-object parts. kms.lock() held. */
int
set_property(IoctlContext &c, Update *u, uint32_t obj_id, uint32_t prop_id, uint64_t value,
             const CommitFds &fds)
{
   Kms &kms = c.dev.kms();
   std::vector<uint32_t> ids;
   std::vector<uint64_t> values;
   if (!lsgpu_kms_object_properties(kms, obj_id, DRM_MODE_OBJECT_ANY, true, &ids, &values))
      return refuse(-ENOENT, "no such object with properties", obj_id);
   bool has = false;
   for (uint32_t id : ids)
      has = has || id == prop_id;
   if (!has)
      return refuse(-ENOENT, "the object has no such property", obj_id);
   const KmsProperty *prop = lsgpu_kms_property(prop_id);
   if (prop->flags & DRM_MODE_PROP_IMMUTABLE)
      return refuse(-EINVAL, "an immutable property", obj_id);
   if (!lsgpu_kms_property_value_valid(kms, *prop, value))
      return refuse(-EINVAL, prop->name, obj_id);

   for (unsigned i = 0; i < 2; i++) {
      if (obj_id == Kms::kConnector[i]) {
         if (prop_id == Kms::PROP_DPMS) /* as Linux: only through the legacy property ioctl */
            return refuse(-EINVAL, "DPMS is not an atomic property", obj_id);
         if (prop_id == Kms::PROP_CRTC_ID)
            u->connector_crtc[i] = (uint32_t)value;
         u->connector_touched[i] = true;
         return 0;
      }
      if (obj_id == Kms::kCrtc[i]) {
         Kms::Crtc &crtc = u->crtc[i];
         u->crtc_touched[i] = true;
         if (prop_id == Kms::PROP_ACTIVE) {
            crtc.active = value != 0;
         } else if (prop_id == Kms::PROP_MODE_ID) {
            std::shared_ptr<const Kms::Blob> blob = value ? kms.blob((uint32_t)value) : nullptr;
            if (blob) {
               struct drm_mode_modeinfo mode;
               if (blob->data.size() != sizeof(mode))
                  return refuse(-EINVAL, "the MODE_ID blob is not a drm_mode_modeinfo", obj_id);
               memcpy(&mode, blob->data.data(), sizeof(mode));
               if (!lsgpu_kms_mode_is_valid(mode))
                  return refuse(-EINVAL, "the MODE_ID blob is not a valid mode", obj_id);
               crtc.mode = mode;
            } else {
               crtc.mode = {};
            }
            crtc.mode_blob = blob;
         } else if (prop_id == Kms::PROP_OUT_FENCE_PTR) {
            u->out_fence_ptr[i] = value;
         }
         return 0;
      }
      for (unsigned k = 0; k < 2; k++) {
         if (obj_id != (k == 0 ? Kms::kPrimaryPlane[i] : Kms::kCursorPlane[i]))
            continue;
         Kms::PlaneState &s = u->plane[i][k];
         u->plane_touched[i][k] = true;
         switch (prop_id) {
         case Kms::PROP_FB_ID:
            s.fb = value ? kms.framebuffer((uint32_t)value) : nullptr;
            break;
         case Kms::PROP_CRTC_ID:
            s.crtc_id = (uint32_t)value;
            break;
         case Kms::PROP_CRTC_X:
            s.crtc_x = (int32_t)value;
            break;
         case Kms::PROP_CRTC_Y:
            s.crtc_y = (int32_t)value;
            break;
         case Kms::PROP_CRTC_W:
            s.crtc_w = (uint32_t)value;
            break;
         case Kms::PROP_CRTC_H:
            s.crtc_h = (uint32_t)value;
            break;
         case Kms::PROP_SRC_X:
            s.src_x = (uint32_t)value;
            break;
         case Kms::PROP_SRC_Y:
            s.src_y = (uint32_t)value;
            break;
         case Kms::PROP_SRC_W:
            s.src_w = (uint32_t)value;
            break;
         case Kms::PROP_SRC_H:
            s.src_h = (uint32_t)value;
            break;
         case Kms::PROP_IN_FENCE_FD: {
            if ((int64_t)value == -1)
               break;
            if (u->in_fence[i][k])
               return refuse(-EINVAL, "a second IN_FENCE_FD for the plane", obj_id);
            auto it = fds.find((int)value);
            std::shared_ptr<FdObject> object = it == fds.end() ? nullptr : it->second;
            if (!object || object->kind != FdObject::Kind::SyncFile)
               return refuse(-EINVAL, "IN_FENCE_FD is not a sync_file", obj_id);
            u->in_fence[i][k] = object->fence;
            break;
         }
         default:
            return -EINVAL;
         }
         return 0;
      }
   }
   return -ENOENT;
}

bool
same_mode(const Kms::Crtc &a, const Kms::Crtc &b)
{
   if (!a.mode_blob || !b.mode_blob)
      return !a.mode_blob && !b.mode_blob;
   return memcmp(&a.mode, &b.mode, sizeof(a.mode)) == 0;
}

/* The plane checks of drm_atomic_plane_check and drm_atomic_helper_check_plane_state
 * for what this display can show: a primary plane that covers its CRTC unscaled, and
 * a 64x64 ARGB8888 cursor. */
int
check_plane(const Update &u, unsigned i, unsigned k)
{
   const Kms::PlaneState &s = u.plane[i][k];
   const uint32_t id = k == 0 ? Kms::kPrimaryPlane[i] : Kms::kCursorPlane[i];
   if (!s.fb != !s.crtc_id)
      return refuse(-EINVAL, "a plane needs both FB_ID and CRTC_ID, or neither", id);
   if (s.crtc_id && s.crtc_id != Kms::kCrtc[i])
      return refuse(-EINVAL, "the plane cannot be on that CRTC (possible_crtcs)", id);
   if (!s.fb)
      return 0;
   const Kms::Crtc &crtc = u.crtc[i];
   if (!crtc.mode_blob)
      return refuse(-EINVAL, "a plane on a disabled CRTC", id);
   const Kms::Framebuffer &fb = *s.fb;
   if (k == 1 && fb.fourcc != DRM_FORMAT_ARGB8888)
      return refuse(-EINVAL, "the cursor plane shows ARGB8888 only", id);
   if (s.crtc_w > INT_MAX || s.crtc_x > INT_MAX - (int32_t)s.crtc_w || s.crtc_h > INT_MAX ||
       s.crtc_y > INT_MAX - (int32_t)s.crtc_h)
      return refuse(-ERANGE, "CRTC_X/W or CRTC_Y/H overflow", id);
   /* The uAPI's source coordinates are 16.16 fixed point. */
   const uint64_t fb_w = (uint64_t)fb.width * 65536, fb_h = (uint64_t)fb.height * 65536;
   if (s.src_w > fb_w || s.src_x > fb_w - s.src_w || s.src_h > fb_h || s.src_y > fb_h - s.src_h)
      return refuse(-ENOSPC, "the source rectangle is outside the framebuffer", id);
   if (k == 0) {
      if ((s.src_x | s.src_y) & 0xffff || s.src_w != s.crtc_w << 16 || s.src_h != s.crtc_h << 16)
         return refuse(-ERANGE, "the primary plane cannot scale or start between pixels", id);
      if (s.crtc_x || s.crtc_y || s.crtc_w != crtc.mode.hdisplay || s.crtc_h != crtc.mode.vdisplay)
         return refuse(-EINVAL, "the primary plane must cover the whole CRTC", id);
      return 0;
   }
   /* The hardware cursor: 64x64 pixels, pitch 256, at a signed 16-bit position. */
   if (s.crtc_w != kCursor || s.crtc_h != kCursor || s.src_w != kCursor << 16 ||
       s.src_h != kCursor << 16 || s.src_x || s.src_y)
      return refuse(-EINVAL, "the cursor is 64x64, unscaled", id);
   if (fb.pitch != kCursor * 4 || fb.offset % 256)
      return refuse(-EINVAL, "the cursor needs pitch 256 at a 256-byte aligned offset", id);
   if (s.crtc_x < INT16_MIN || s.crtc_x > INT16_MAX || s.crtc_y < INT16_MIN || s.crtc_y > INT16_MAX)
      return refuse(-EINVAL, "the cursor position is outside the 16-bit registers", id);
   return 0;
}

struct Commit {
   uint32_t flags;
   uint64_t user_data;
};

/* Which CRTCs the update changes, and which of them need a modeset. */
void
affected_crtcs(const Kms &kms, const Update &u, bool affected[2], bool modeset[2])
{
   for (unsigned i = 0; i < 2; i++) {
      const Kms::Crtc &old = kms.crtc(i);
      /* As drm_atomic_get_plane_state: a plane brings in the CRTC it was on and the
       * one it moves to, not a CRTC it stays off. */
      affected[i] = u.crtc_touched[i];
      for (unsigned k = 0; k < 2; k++) {
         unsigned crtc;
         bool primary;
         Kms::PlaneState was;
         kms.plane_state(k == 0 ? Kms::kPrimaryPlane[i] : Kms::kCursorPlane[i], &was, &crtc,
                         &primary);
         if (u.plane_touched[i][k] && (was.crtc_id || u.plane[i][k].crtc_id))
            affected[i] = true;
      }
      bool routing = false;
      for (unsigned n = 0; n < 2; n++) {
         const bool was = kms.connector_crtc(n) == Kms::kCrtc[i];
         const bool is = u.connector_crtc[n] == Kms::kCrtc[i];
         if (u.connector_touched[n] && (was || is))
            affected[i] = true;
         routing = routing || was != is;
      }
      modeset[i] = !same_mode(old, u.crtc[i]) || old.active != u.crtc[i].active || routing;
   }
}

/* drm_atomic_check_only with the helpers' modeset and plane checks. */
int
check(const Kms &kms, const Update &u, const Commit &commit, const bool affected[2],
      const bool modeset[2])
{
   for (unsigned i = 0; i < 2; i++) {
      if (!affected[i]) {
         for (unsigned k = 0; k < 2; k++)
            if (u.plane_touched[i][k])
               if (int ret = check_plane(u, i, k))
                  return ret;
         continue;
      }
      const Kms::Crtc &crtc = u.crtc[i];
      const bool enabled = crtc.mode_blob != nullptr;
      if (crtc.active && !enabled)
         return refuse(-EINVAL, "ACTIVE without a MODE_ID", Kms::kCrtc[i]);
      bool has_connectors = false;
      for (unsigned n = 0; n < 2; n++)
         has_connectors = has_connectors || u.connector_crtc[n] == Kms::kCrtc[i];
      if (enabled != has_connectors)
         return refuse(-EINVAL, "an enabled CRTC needs a connector and a connector an enabled CRTC",
                       Kms::kCrtc[i]);
      if (modeset[i] && !(commit.flags & DRM_MODE_ATOMIC_ALLOW_MODESET))
         return refuse(-EINVAL, "a modeset without DRM_MODE_ATOMIC_ALLOW_MODESET", Kms::kCrtc[i]);
      if ((commit.flags & DRM_MODE_PAGE_FLIP_EVENT) && !crtc.active && !kms.crtc(i).active)
         return refuse(-EINVAL, "an event on a CRTC that stays off", Kms::kCrtc[i]);
      for (unsigned k = 0; k < 2; k++) {
         /* An untouched legacy cursor (a BO, no framebuffer) goes off with its CRTC. */
         if (k == 1 && !u.plane_touched[i][1] && !u.plane[i][1].fb)
            continue;
         if (int ret = check_plane(u, i, k))
            return ret;
      }
   }
   return 0;
}

/* The fences a flip of CRTC i waits for: the GPU rendering its new framebuffers
 * (implicit sync) and the planes' IN_FENCE_FDs. */
std::vector<std::shared_ptr<Fence>>
fences_of(const Kms &kms, const Update &u, unsigned i)
{
   std::vector<std::shared_ptr<Fence>> fences;
   for (unsigned k = 0; k < 2; k++) {
      if (!u.plane_touched[i][k])
         continue;
      const Kms::PlaneState &s = u.plane[i][k];
      const Kms::Crtc &old = kms.crtc(i);
      const std::shared_ptr<Kms::Framebuffer> &before = k == 0 ? old.fb : old.cursor_fb;
      if (s.fb && s.fb != before)
         if (std::shared_ptr<Fence> f = s.fb->bo->last_fence(); f && !f->signaled())
            fences.push_back(std::move(f));
      if (u.in_fence[i][k] && !u.in_fence[i][k]->signaled())
         fences.push_back(u.in_fence[i][k]);
   }
   return fences;
}

/* Writes the staged state of CRTC i into the KMS state (not yet to the controller). */
void
apply_crtc(Kms &kms, const Update &u, unsigned i)
{
   Kms::Crtc &c = kms.crtc(i);
   const Kms::Crtc &n = u.crtc[i];
   c.active = n.active;
   c.mode = n.mode;
   c.mode_blob = n.mode_blob;
   const Kms::PlaneState &p = u.plane[i][0];
   c.fb = p.fb;
   c.x = p.fb ? p.src_x >> 16 : 0;
   c.y = p.fb ? p.src_y >> 16 : 0;
   if (u.plane_touched[i][1] || !c.mode_blob) {
      const Kms::PlaneState &cur = u.plane[i][1];
      c.cursor = nullptr;
      c.cursor_fb = c.mode_blob ? cur.fb : nullptr;
      c.cursor_x = cur.crtc_x;
      c.cursor_y = cur.crtc_y;
   }
}

/* Runs a commit: stage from `set`, check, and unless TEST_ONLY write it. */
template <typename SetFn>
int
run_commit(IoctlContext &c, const Commit &commit, SetFn set)
{
   Kms &kms = c.dev.kms();
   std::unique_lock<std::mutex> lock(kms.lock());
   const bool test_only = commit.flags & DRM_MODE_ATOMIC_TEST_ONLY;
   const bool nonblock = commit.flags & DRM_MODE_ATOMIC_NONBLOCK;

   Update u;
   bool affected[2], modeset[2];
   for (int attempt = 0;; attempt++) {
      /* A blocking commit waits for the previous ones to finish (the helpers' stall). */
      if (!test_only && !nonblock)
         for (unsigned i = 0; i < 2; i++)
            kms.wait_flip_done(lock, i);
      u = Update{};
      stage_current(kms, &u);
      if (int ret = set(&u))
         return ret;
      affected_crtcs(kms, u, affected, modeset);
      if (int ret = check(kms, u, commit, affected, modeset))
         return ret;
      if (test_only)
         return 0;
      for (unsigned i = 0; i < 2; i++)
         if (affected[i] && kms.crtc(i).flip_pending)
            return refuse(-EBUSY, "the previous commit on the CRTC has not completed",
                          Kms::kCrtc[i]);
      /* Fences are waited for here unless a nonblocking flip can wait in the commit
       * worker; then the state is staged again, as it may have changed meanwhile. */
      std::vector<std::shared_ptr<Fence>> wait;
      for (unsigned i = 0; i < 2; i++) {
         if (!affected[i])
            continue;
         std::vector<std::shared_ptr<Fence>> f = fences_of(kms, u, i);
         const bool deferrable = nonblock && !modeset[i] && u.plane[i][0].fb != kms.crtc(i).fb;
         if (!deferrable || attempt >= 2)
            wait.insert(wait.end(), f.begin(), f.end());
      }
      if (wait.empty() || attempt >= 2)
         break;
      lock.unlock();
      const int64_t deadline = monotonic_now_ns() + 30000000000ll;
      for (const std::shared_ptr<Fence> &f : wait)
         f->wait_until(deadline);
      lock.lock();
   }

   /* OUT_FENCE_PTR: -1 until the commit is done, as the kernel writes it first. */
   for (unsigned i = 0; i < 2; i++) {
      if (!u.out_fence_ptr[i])
         continue;
      if (!c.fds)
         return -EINVAL;
      const int32_t none = -1;
      if (!c.user.write(u.out_fence_ptr[i], &none, sizeof(none)))
         return -EFAULT;
   }

   const Kms::Crtc before[2] = {kms.crtc(0), kms.crtc(1)};
   const uint32_t routed_before[2] = {kms.connector_crtc(0), kms.connector_crtc(1)};
   std::shared_ptr<Fence> out_fence[2];
   int64_t armed[2] = {-1, -1};
   for (unsigned i = 0; i < 2; i++) {
      if (!affected[i])
         continue;
      if (u.out_fence_ptr[i])
         out_fence[i] = std::make_shared<Fence>();
      std::vector<std::shared_ptr<Fence>> fences = fences_of(kms, u, i);
      Kms::Crtc &crtc = kms.crtc(i);
      const Kms::PendingFlip flip{c.file.weak_from_this(), commit.user_data, Kms::kNotArmed,
                                  (commit.flags & DRM_MODE_PAGE_FLIP_EVENT) != 0, out_fence[i]};
      if (!fences.empty() && nonblock && !modeset[i]) {
         /* The commit worker writes the new primary framebuffer once it is rendered. */
         std::shared_ptr<Kms::Framebuffer> shown = crtc.fb;
         uint32_t x = crtc.x, y = crtc.y;
         apply_crtc(kms, u, i);
         crtc.flip_fb = crtc.fb;
         crtc.flip_x = crtc.x;
         crtc.flip_y = crtc.y;
         crtc.fb = shown;
         crtc.x = x;
         crtc.y = y;
         crtc.flip_pending = true;
         crtc.flip = flip;
         kms.program(i); /* the cursor moves now */
         kms.defer_flip(i, std::move(fences));
         continue;
      }
      apply_crtc(kms, u, i);
      armed[i] = kms.program(i);
      if (armed[i] < 0) {
         /* The controller refused a block (a buffer past device memory): undo all. */
         for (unsigned j = 0; j < 2; j++) {
            kms.crtc(j) = before[j];
            kms.set_connector_crtc(j, routed_before[j]);
            kms.program(j);
         }
         return -EINVAL;
      }
      if (before[i].fb != crtc.fb)
         crtc.retiring = before[i].fb;
      if (before[i].active || crtc.active) {
         /* Completes at the vblank that latches it (also the one that turns it off). */
         crtc.flip_pending = true;
         crtc.flip = flip;
         crtc.flip.armed_frame = (uint64_t)armed[i];
      } else if (out_fence[i]) {
         out_fence[i]->signal();
      }
   }
   for (unsigned n = 0; n < 2; n++)
      if (u.connector_touched[n])
         kms.set_connector_crtc(n, u.connector_crtc[n]);

   /* New fds are installed without the KMS lock: the server's registry lock comes
    * before it. */
   lock.unlock();
   int result = 0;
   for (unsigned i = 0; i < 2; i++) {
      if (!out_fence[i])
         continue;
      auto object = std::make_shared<FdObject>();
      object->kind = FdObject::Kind::SyncFile;
      object->fence = out_fence[i];
      int fd = c.fds->install(std::move(object), true);
      if (fd < 0 || !c.user.write(u.out_fence_ptr[i], &fd, sizeof(int32_t)))
         result = fd < 0 ? fd : -EFAULT; /* the commit stands, as in the kernel */
   }
   if (!nonblock) {
      lock.lock();
      for (unsigned i = 0; i < 2; i++)
         if (affected[i])
            kms.wait_flip_done(lock, i);
   }
   return result;
}

} // namespace

int
lsgpu_ioctl_mode_atomic(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_atomic *>(arg);
   if (!c.file.kms().atomic)
      return -EINVAL;
   if (req->flags & ~(uint32_t)DRM_MODE_ATOMIC_FLAGS)
      return -EINVAL;
   if (req->reserved)
      return -EINVAL;
   if (req->flags & DRM_MODE_PAGE_FLIP_ASYNC)
      return -EINVAL; /* DRM_CAP_ASYNC_PAGE_FLIP is 0 */
   if ((req->flags & DRM_MODE_ATOMIC_TEST_ONLY) && (req->flags & DRM_MODE_PAGE_FLIP_EVENT))
      return -EINVAL;

   /* The objects and their properties come as parallel user arrays, copied (and
    * the fds they name looked up) before the commit takes the KMS lock. */
   struct Item {
      uint32_t obj, prop;
      uint64_t value;
   };
   std::vector<std::pair<uint32_t, uint32_t>> objs; /* id, property count */
   std::vector<Item> items;
   CommitFds fds;
   for (uint32_t o = 0; o < req->count_objs; o++) {
      uint32_t obj_id, count;
      if (!c.user.read(&obj_id, req->objs_ptr + o * 4ull, 4) ||
          !c.user.read(&count, req->count_props_ptr + o * 4ull, 4))
         return -EFAULT;
      objs.emplace_back(obj_id, count);
      for (uint32_t p = 0; p < count; p++) {
         const uint64_t k = items.size();
         Item item{obj_id, 0, 0};
         if (!c.user.read(&item.prop, req->props_ptr + k * 4, 4) ||
             !c.user.read(&item.value, req->prop_values_ptr + k * 8, 8))
            return -EFAULT;
         resolve_fd(c, item.prop, item.value, &fds);
         items.push_back(item);
      }
   }
   auto set = [&](Update *u) {
      size_t k = 0;
      for (const auto &[obj_id, count] : objs) {
         /* An object without properties (a framebuffer), or none at all. */
         std::vector<uint32_t> ids;
         std::vector<uint64_t> values;
         if (!lsgpu_kms_object_properties(c.dev.kms(), obj_id, DRM_MODE_OBJECT_ANY, true, &ids,
                                          &values))
            return refuse(-ENOENT, "no such object with properties", obj_id);
         for (uint32_t p = 0; p < count; p++, k++)
            if (int ret = set_property(c, u, obj_id, items[k].prop, items[k].value, fds))
               return ret;
      }
      return 0;
   };
   return run_commit(c, Commit{req->flags, req->user_data}, set);
}

int
lsgpu_kms_set_atomic_property(IoctlContext &c, uint32_t obj_id, uint32_t prop_id, uint64_t value)
{
   /* The legacy property ioctls commit one property, blocking, as the kernel's
    * set_property_atomic does. */
   CommitFds fds;
   resolve_fd(c, prop_id, value, &fds);
   return run_commit(c, Commit{DRM_MODE_ATOMIC_ALLOW_MODESET, 0},
                     [&](Update *u) { return set_property(c, u, obj_id, prop_id, value, fds); });
}

int
lsgpu_ioctl_mode_setplane(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_set_plane *>(arg);
   if (req->flags)
      return -EINVAL;
   Kms &kms = c.dev.kms();
   {
      std::lock_guard<std::mutex> guard(kms.lock());
      Kms::PlaneState s;
      unsigned crtc;
      bool primary;
      if (!kms.plane_state(req->plane_id, &s, &crtc, &primary))
         return -ENOENT;
      if (req->fb_id) {
         if (kms.crtc_index(req->crtc_id) < 0)
            return -ENOENT;
         if (!kms.framebuffer(req->fb_id))
            return -ENOENT;
      }
   }
   /* drm_atomic_helper_update_plane / disable_plane: one blocking commit. */
   auto set = [&](Update *u) {
      const uint32_t id = req->plane_id;
      const bool off = req->fb_id == 0;
      const std::pair<uint32_t, uint64_t> props[] = {
         {Kms::PROP_FB_ID, req->fb_id},
         {Kms::PROP_CRTC_ID, off ? 0 : req->crtc_id},
         {Kms::PROP_CRTC_X, off ? 0 : (uint64_t)(int64_t)req->crtc_x},
         {Kms::PROP_CRTC_Y, off ? 0 : (uint64_t)(int64_t)req->crtc_y},
         {Kms::PROP_CRTC_W, off ? 0 : req->crtc_w},
         {Kms::PROP_CRTC_H, off ? 0 : req->crtc_h},
         {Kms::PROP_SRC_X, off ? 0 : req->src_x},
         {Kms::PROP_SRC_Y, off ? 0 : req->src_y},
         {Kms::PROP_SRC_W, off ? 0 : req->src_w},
         {Kms::PROP_SRC_H, off ? 0 : req->src_h},
      };
      for (const auto &[prop, value] : props)
         if (int ret = set_property(c, u, id, prop, value, CommitFds{}))
            return ret;
      return 0;
   };
   return run_commit(c, Commit{0, 0}, set);
}

int
lsgpu_ioctl_mode_createpropblob(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_create_blob *>(arg);
   /* drm_property_create_blob: not empty; past 1 MiB the allocation fails here. */
   if (req->length == 0)
      return -EINVAL;
   if (req->length > (1u << 20))
      return -ENOMEM;
   std::vector<uint8_t> data(req->length);
   if (!c.user.read(data.data(), req->data, data.size()))
      return -EFAULT;
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   std::shared_ptr<const Kms::Blob> blob = kms.add_blob(std::move(data), &c.file);
   c.file.kms().blobs.insert(blob->id);
   req->blob_id = blob->id;
   return 0;
}

int
lsgpu_ioctl_mode_destroypropblob(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_destroy_blob *>(arg);
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   return kms.destroy_blob(req->blob_id, &c.file);
}

} // namespace lsgpu::sim
