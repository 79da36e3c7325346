/* SPDX-License-Identifier: MIT */
#include "kms.h"

#include <chrono>
#include <cerrno>
#include <cstring>

#include "common/host_threads.h"
#include "drm_file.h"
#include "fence.h"
#include "gem_object.h"

namespace lsgpu::sim
{

Kms::Kms(DisplayController &display) : display_(display)
{
   edid_blob_ =
      std::make_shared<const Blob>(Blob{kEdidBlob, lsgpu_kms_make_edid(&modes_), nullptr});
   blobs_[kEdidBlob] = edid_blob_;
   display_.set_vblank_handler(
      [this](unsigned crtc, uint64_t frame, int64_t time_ns) { on_vblank(crtc, frame, time_ns); });
   worker_ = std::thread([this] { commit_worker(); });
}

Kms::~Kms()
{
   shutdown();
}

void
Kms::shutdown()
{
   {
      std::lock_guard<std::mutex> guard(lock_);
      if (stopping_)
         return;
      stopping_ = true;
   }
   deferred_cv_.notify_all();
   worker_.join();
}

void
Kms::defer_flip(unsigned crtc, std::vector<std::shared_ptr<Fence>> fences)
{
   deferred_.emplace_back(crtc, std::move(fences));
   deferred_cv_.notify_all();
}

/* The nonblocking commit worker: one deferred flip after another, in order. */
void
Kms::commit_worker()
{
   host_thread_name("lsgpu-kms");
   std::unique_lock<std::mutex> lock(lock_);
   for (;;) {
      deferred_cv_.wait(lock, [this] { return stopping_ || !deferred_.empty(); });
      if (stopping_)
         return;
      auto [i, fences] = deferred_.front();
      deferred_.pop_front();
      lock.unlock();
      /* A job ends by the watchdog at the latest; a faulted one still signals. An
       * in-fence from userspace that never signals is given up on in the same time,
       * as a compositor's would hang the display otherwise. */
      const int64_t deadline = monotonic_now_ns() + 30000000000ll;
      for (const std::shared_ptr<Fence> &fence : fences)
         fence->wait_until(deadline);
      lock.lock();
      Crtc &c = crtcs_[i];
      if (!c.flip_pending || c.flip.armed_frame != kNotArmed || !c.flip_fb)
         continue; /* the CRTC was turned off meanwhile */
      c.retiring = c.fb;
      c.fb = std::move(c.flip_fb);
      c.x = c.flip_x;
      c.y = c.flip_y;
      int64_t armed = program(i);
      /* A refused block leaves the old scanout; the flip still completes. */
      c.flip.armed_frame = armed < 0 ? display_.frame(i) : (uint64_t)armed;
   }
}

/* drm_mode_convert_umode's sanity checks. */
bool
lsgpu_kms_mode_is_valid(const struct drm_mode_modeinfo &m)
{
   return m.clock >= 1000 && m.clock <= 600000 && m.hdisplay && m.vdisplay && m.hdisplay <= 4096 &&
          m.vdisplay <= 4096 && m.hdisplay <= m.hsync_start && m.hsync_start <= m.hsync_end &&
          m.hsync_end <= m.htotal && m.vdisplay <= m.vsync_start && m.vsync_start <= m.vsync_end &&
          m.vsync_end <= m.vtotal && !(m.flags & DRM_MODE_FLAG_INTERLACE) &&
          !(m.flags & DRM_MODE_FLAG_DBLSCAN);
}

bool
lsgpu_kms_display_format(uint32_t fourcc, lsgpu_display_format *format)
{
   switch (fourcc) {
   case DRM_FORMAT_XRGB8888:
      *format = LSGPU_DISPLAY_FORMAT_XRGB8888;
      return true;
   case DRM_FORMAT_ARGB8888:
      *format = LSGPU_DISPLAY_FORMAT_ARGB8888;
      return true;
   case DRM_FORMAT_RGB565:
      *format = LSGPU_DISPLAY_FORMAT_RGB565;
      return true;
   default:
      return false;
   }
}

int
Kms::crtc_index(uint32_t id) const
{
   for (unsigned i = 0; i < 2; i++)
      if (kCrtc[i] == id)
         return (int)i;
   return -1;
}

uint32_t
Kms::add_framebuffer(Framebuffer fb)
{
   fb.id = next_id_++;
   auto p = std::make_shared<Framebuffer>(std::move(fb));
   framebuffers_[p->id] = p;
   return p->id;
}

std::shared_ptr<Kms::Framebuffer>
Kms::framebuffer(uint32_t id) const
{
   auto it = framebuffers_.find(id);
   return it == framebuffers_.end() ? nullptr : it->second;
}

bool
Kms::remove_framebuffer(uint32_t id)
{
   auto it = framebuffers_.find(id);
   if (it == framebuffers_.end())
      return false;
   for (unsigned i = 0; i < 2; i++) {
      Crtc &c = crtcs_[i];
      if (c.cursor_fb && c.cursor_fb->id == id) {
         c.cursor_fb = nullptr; /* only the cursor plane goes off */
         program(i);
      }
      if ((c.fb && c.fb->id == id) || (c.flip_fb && c.flip_fb->id == id)) {
         /* As drm_framebuffer_remove(): what shows it is turned off. The controller
          * scans the old buffer until the next vblank, so keep it until then. */
         c.retiring = c.fb;
         c.fb = nullptr;
         c.flip_fb = nullptr;
         if (c.flip_pending && c.flip.out_fence)
            c.flip.out_fence->signal(-ECANCELED);
         c.flip_pending = false;
         c.active = false;
         c.mode_blob = nullptr;
         for (unsigned k = 0; k < 2; k++)
            if (connector_crtc_[k] == kCrtc[i])
               connector_crtc_[k] = 0;
         program(i);
      }
   }
   framebuffers_.erase(it);
   return true;
}

std::shared_ptr<const Kms::Blob>
Kms::add_blob(std::vector<uint8_t> data, DrmFile *owner)
{
   /* Forget blobs nobody holds any more. */
   for (auto it = blobs_.begin(); it != blobs_.end();)
      it = it->second.expired() ? blobs_.erase(it) : std::next(it);
   auto blob = std::make_shared<const Blob>(Blob{next_id_++, std::move(data), owner});
   blobs_[blob->id] = blob;
   if (owner)
      user_blobs_[blob->id] = blob;
   return blob;
}

std::shared_ptr<const Kms::Blob>
Kms::blob(uint32_t id) const
{
   auto it = blobs_.find(id);
   return it == blobs_.end() ? nullptr : it->second.lock();
}

int
Kms::destroy_blob(uint32_t id, DrmFile *file)
{
   auto it = user_blobs_.find(id);
   if (it == user_blobs_.end())
      return blob(id) ? -EPERM : -EINVAL; /* a kernel blob is nobody's to destroy */
   if (it->second->owner != file)
      return -EPERM;
   file->kms().blobs.erase(id);
   user_blobs_.erase(it);
   return 0;
}

bool
Kms::plane_state(uint32_t plane_id, PlaneState *s, unsigned *crtc, bool *primary) const
{
   for (unsigned i = 0; i < 2; i++) {
      const Crtc &c = crtcs_[i];
      *crtc = i;
      *s = PlaneState{};
      if (plane_id == kPrimaryPlane[i]) {
         *primary = true;
         if (c.fb && c.mode_blob) {
            *s = PlaneState{kCrtc[i],
                            c.fb,
                            c.x << 16,
                            c.y << 16,
                            (uint32_t)c.mode.hdisplay << 16,
                            (uint32_t)c.mode.vdisplay << 16,
                            0,
                            0,
                            c.mode.hdisplay,
                            c.mode.vdisplay};
         }
         return true;
      }
      if (plane_id == kCursorPlane[i]) {
         *primary = false;
         const uint32_t n = DisplayController::kCursorSize;
         if (c.cursor_fb || c.cursor)
            *s = PlaneState{kCrtc[i], c.cursor_fb, 0,          0, n << 16,
                            n << 16,  c.cursor_x,  c.cursor_y, n, n};
         return true;
      }
   }
   return false;
}

int64_t
Kms::program(unsigned i)
{
   const Crtc &c = crtcs_[i];
   lsgpu_display_crtc r = {};
   if (c.active) {
      const drm_mode_modeinfo &m = c.mode;
      r.crtc_enable = true;
      r.vblank_irq = true;
      r.h_active = m.hdisplay;
      r.v_active = m.vdisplay;
      r.h_total = m.htotal;
      r.v_total = m.vtotal;
      r.h_sync_start = m.hsync_start;
      r.h_sync_end = m.hsync_end;
      r.v_sync_start = m.vsync_start;
      r.v_sync_end = m.vsync_end;
      r.pixel_clock_khz = m.clock;
      if (c.fb) {
         r.primary_enable = true;
         lsgpu_kms_display_format(c.fb->fourcc, &r.primary_format); /* checked at ADDFB */
         r.primary_address = c.fb->bo->memory_offset() + c.fb->offset;
         r.primary_pitch = c.fb->pitch;
         r.primary_x = c.x;
         r.primary_y = c.y;
      }
      if (c.cursor_fb || c.cursor) {
         r.cursor_enable = true;
         r.cursor_address = c.cursor_fb ? c.cursor_fb->bo->memory_offset() + c.cursor_fb->offset
                                        : c.cursor->memory_offset();
         r.cursor_x = c.cursor_x;
         r.cursor_y = c.cursor_y;
      }
   }
   uint32_t regs[LSGPU_DISPLAY_CRTC_LENGTH];
   lsgpu_pack_display_crtc(regs, &r);
   uint64_t frame = 0;
   return display_.write(i, regs, &frame) ? (int64_t)frame : -1;
}

void
Kms::wait_latched(std::unique_lock<std::mutex> &lock, unsigned i, int64_t armed_frame)
{
   const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
   while ((int64_t)display_.frame(i) <= armed_frame &&
          vblank_.wait_until(lock, deadline) != std::cv_status::timeout)
      ;
}

bool
Kms::wait_flip_done(std::unique_lock<std::mutex> &lock, unsigned i)
{
   const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
   while (crtcs_[i].flip_pending && vblank_.wait_until(lock, deadline) != std::cv_status::timeout)
      ;
   return !crtcs_[i].flip_pending;
}

void
Kms::wait_frame(std::unique_lock<std::mutex> &lock, unsigned i, uint64_t frame)
{
   const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
   while (display_.frame(i) < frame && crtcs_[i].active &&
          vblank_.wait_until(lock, deadline) != std::cv_status::timeout)
      ;
}

namespace
{

void
send_vblank_event(const std::shared_ptr<DrmFile> &file, uint32_t type, uint64_t user_data,
                  uint64_t frame, int64_t time_ns, uint32_t crtc_id)
{
   if (!file || !file->event_sink)
      return;
   struct drm_event_vblank e = {};
   e.base.type = type;
   e.base.length = sizeof(e);
   e.user_data = user_data;
   e.tv_sec = (uint32_t)(time_ns / 1000000000);
   e.tv_usec = (uint32_t)(time_ns % 1000000000 / 1000);
   e.sequence = (uint32_t)frame;
   e.crtc_id = crtc_id;
   file->event_sink(&e, sizeof(e));
}

} // namespace

void
Kms::on_vblank(unsigned i, uint64_t frame, int64_t time_ns)
{
   struct Event {
      std::shared_ptr<DrmFile> file;
      uint32_t type;
      uint64_t user_data;
   };
   std::vector<Event> events;
   std::function<void(unsigned, uint64_t)> observer;
   uint64_t flips = 0;
   {
      std::lock_guard<std::mutex> guard(lock_);
      Crtc &c = crtcs_[i];
      if (c.flip_pending && c.flip.armed_frame != kNotArmed && c.flip.armed_frame < frame) {
         c.flip_pending = false;
         if (c.flip.out_fence)
            c.flip.out_fence->signal();
         flips = ++flips_[i];
         observer = flip_observer_;
         if (c.flip.event)
            events.push_back({c.flip.file.lock(), DRM_EVENT_FLIP_COMPLETE, c.flip.user_data});
         c.retiring = nullptr;
      } else if (!c.flip_pending) {
         c.retiring = nullptr;
      }
      for (auto it = waits_.begin(); it != waits_.end();) {
         if (it->crtc == i && it->frame <= frame) {
            events.push_back({it->file.lock(), DRM_EVENT_VBLANK, it->user_data});
            it = waits_.erase(it);
         } else {
            ++it;
         }
      }
   }
   vblank_.notify_all();
   if (observer)
      observer(i, flips);
   for (const Event &e : events)
      send_vblank_event(e.file, e.type, e.user_data, frame, time_ns, kCrtc[i]);
}

void
Kms::release_file(DrmFile *file)
{
   std::lock_guard<std::mutex> guard(lock_);
   if (master_ == file)
      master_ = nullptr;
   for (uint32_t id : file->kms().framebuffers)
      remove_framebuffer(id);
   file->kms().framebuffers.clear();
   for (uint32_t id : file->kms().blobs)
      user_blobs_.erase(id);
   file->kms().blobs.clear();
}

} // namespace lsgpu::sim
