/* SPDX-License-Identifier: MIT */
#include "kms.h"

#include <chrono>
#include <cstring>

#include "drm_file.h"
#include "fence.h"
#include "gem_object.h"

namespace lsgpu::sim
{

Kms::Kms(DisplayController &display) : display_(display)
{
   edid_ = lsgpu_kms_make_edid(&modes_);
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
Kms::defer_flip(unsigned crtc, std::shared_ptr<Fence> fence)
{
   deferred_.emplace_back(crtc, std::move(fence));
   deferred_cv_.notify_all();
}

/* The nonblocking commit worker: one deferred flip after another, in order. */
void
Kms::commit_worker()
{
   std::unique_lock<std::mutex> lock(lock_);
   for (;;) {
      deferred_cv_.wait(lock, [this] { return stopping_ || !deferred_.empty(); });
      if (stopping_)
         return;
      auto [i, fence] = deferred_.front();
      deferred_.pop_front();
      lock.unlock();
      /* A job ends by the watchdog at the latest; a faulted one still signals. */
      fence->wait_until(monotonic_now_ns() + 30000000000ll);
      lock.lock();
      Crtc &c = crtcs_[i];
      if (!c.flip_pending || c.flip.armed_frame != kNotArmed || !c.flip_fb)
         continue; /* the CRTC was turned off meanwhile */
      c.retiring = c.fb;
      c.fb = std::move(c.flip_fb);
      int64_t armed = program(i);
      /* A refused block leaves the old scanout; the flip still completes. */
      c.flip.armed_frame = armed < 0 ? display_.frame(i) : (uint64_t)armed;
   }
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
      if ((c.fb && c.fb->id == id) || (c.flip_fb && c.flip_fb->id == id)) {
         /* As drm_framebuffer_remove(): what shows it is turned off. The controller
          * scans the old buffer until the next vblank, so keep it until then. */
         c.retiring = c.fb;
         c.fb = nullptr;
         c.flip_fb = nullptr;
         c.flip_pending = false;
         c.active = false;
         for (unsigned k = 0; k < 2; k++)
            if (connector_crtc_[k] == kCrtc[i])
               connector_crtc_[k] = 0;
         program(i);
      }
   }
   framebuffers_.erase(it);
   return true;
}

uint32_t
Kms::add_blob(std::vector<uint8_t> data)
{
   uint32_t id = next_id_++;
   blobs_[id] = std::move(data);
   return id;
}

const std::vector<uint8_t> *
Kms::blob(uint32_t id) const
{
   if (id == kEdidBlob)
      return &edid_;
   auto it = blobs_.find(id);
   return it == blobs_.end() ? nullptr : &it->second;
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
      if (c.cursor) {
         r.cursor_enable = true;
         r.cursor_address = c.cursor->memory_offset();
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
      blobs_.erase(id);
   file->kms().blobs.clear();
}

} // namespace lsgpu::sim
