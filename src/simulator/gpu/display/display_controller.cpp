/* SPDX-License-Identifier: MIT */
#include "display_controller.h"

#include <chrono>
#include <cstring>

#include "common/host_threads.h"
#include "common/monotonic_clock.h"
#include "gpu/memory/device_memory.h"

namespace lsgpu::sim
{

namespace
{

int64_t
period_of(const lsgpu_display_crtc &r)
{
   if (!r.crtc_enable)
      return 0;
   return (int64_t)r.h_total * r.v_total * 1000000ll / r.pixel_clock_khz;
}

} // namespace

DisplayController::DisplayController(DeviceMemory &memory) : memory_(memory)
{
   thread_ = std::thread([this] { run(); });
}

DisplayController::~DisplayController()
{
   {
      std::lock_guard<std::mutex> guard(lock_);
      stop_ = true;
   }
   wake_.notify_all();
   thread_.join();
}

void
DisplayController::set_vblank_handler(VblankHandler handler)
{
   std::lock_guard<std::mutex> guard(lock_);
   handler_ = std::move(handler);
}

bool
DisplayController::fits(uint64_t address, uint64_t bytes) const
{
   return address <= memory_.size() && bytes <= memory_.size() - address;
}

bool
DisplayController::write(unsigned crtc, const uint32_t regs[LSGPU_DISPLAY_CRTC_LENGTH],
                         uint64_t *frame)
{
   lsgpu_display_crtc r;
   if (crtc >= kCrtcs || lsgpu_decode_display_crtc(regs, &r) != LSGPU_FAULT_NONE)
      return false;
   /* What the register descriptions ask beyond single fields: the hardware ignores a
    * block that breaks them. */
   if (r.crtc_enable && (r.h_active < 1 || r.v_active < 1 || r.h_total < r.h_active ||
                         r.v_total < r.v_active || r.pixel_clock_khz < 1000))
      return false;
   if (r.crtc_enable && r.primary_enable &&
       (r.primary_pitch <
           (uint64_t)(r.primary_x + r.h_active) * lsgpu_display_format_bytes(r.primary_format) ||
        !fits(r.primary_address, (uint64_t)r.primary_pitch * (r.primary_y + r.v_active))))
      return false;
   if (r.cursor_enable && !fits(r.cursor_address, kCursorSize * kCursorSize * 4))
      return false;
   {
      std::lock_guard<std::mutex> guard(lock_);
      Crtc &c = crtcs_[crtc];
      if (frame)
         *frame = c.frame;
      if (!c.active.crtc_enable) {
         /* An idle CRTC has no vblank to wait for: it starts with this block. */
         c.active = r;
         c.dirty = false;
         c.next_vblank_ns = monotonic_now_ns() + period_of(r);
      } else {
         c.pending = r;
         c.dirty = true;
      }
   }
   wake_.notify_all();
   return true;
}

uint64_t
DisplayController::frame(unsigned crtc) const
{
   std::lock_guard<std::mutex> guard(lock_);
   return crtc < kCrtcs ? crtcs_[crtc].frame : 0;
}

int64_t
DisplayController::period_ns(unsigned crtc) const
{
   std::lock_guard<std::mutex> guard(lock_);
   return crtc < kCrtcs ? period_of(crtcs_[crtc].active) : 0;
}

void
DisplayController::run()
{
   host_thread_name("lsgpu-display");
   std::unique_lock<std::mutex> lock(lock_);
   while (!stop_) {
      int64_t next = INT64_MAX;
      for (const Crtc &c : crtcs_)
         if (c.active.crtc_enable)
            next = std::min(next, c.next_vblank_ns);
      if (next == INT64_MAX) {
         wake_.wait(lock);
         continue;
      }
      int64_t now = monotonic_now_ns();
      if (now < next) {
         wake_.wait_for(lock, std::chrono::nanoseconds(next - now));
         continue;
      }
      struct Irq {
         unsigned crtc;
         uint64_t frame;
      } irqs[kCrtcs];
      unsigned n = 0;
      for (unsigned i = 0; i < kCrtcs; i++) {
         Crtc &c = crtcs_[i];
         if (!c.active.crtc_enable || c.next_vblank_ns > now)
            continue;
         bool irq = c.active.vblank_irq;
         if (c.dirty) {
            c.active = c.pending;
            c.dirty = false;
            irq = irq || c.active.vblank_irq; /* the latch of a block that turns it on */
         }
         c.frame++;
         int64_t period = period_of(c.active);
         /* A host that fell behind skips frames rather than firing a burst. */
         c.next_vblank_ns = period ? std::max(c.next_vblank_ns + period, now + period / 2) : 0;
         if (irq)
            irqs[n++] = {i, c.frame};
      }
      VblankHandler handler = handler_;
      lock.unlock();
      for (unsigned k = 0; k < n; k++)
         if (handler)
            handler(irqs[k].crtc, irqs[k].frame, now);
      lock.lock();
   }
}

bool
DisplayController::capture(unsigned crtc, std::vector<uint8_t> *rgba, unsigned *width,
                           unsigned *height) const
{
   lsgpu_display_crtc r;
   {
      std::lock_guard<std::mutex> guard(lock_);
      if (crtc >= kCrtcs || !crtcs_[crtc].active.crtc_enable)
         return false;
      r = crtcs_[crtc].active;
   }
   *width = r.h_active;
   *height = r.v_active;
   rgba->assign((size_t)r.h_active * r.v_active * 4, 0);
   for (unsigned y = 0; y < r.v_active; y++) {
      uint8_t *out = rgba->data() + (size_t)y * r.h_active * 4;
      for (unsigned x = 0; x < r.h_active; x++)
         out[x * 4 + 3] = 255;
      if (!r.primary_enable)
         continue;
      const uint8_t *line =
         memory_.host(r.primary_address + (uint64_t)(r.primary_y + y) * r.primary_pitch) +
         (size_t)r.primary_x * lsgpu_display_format_bytes(r.primary_format);
      for (unsigned x = 0; x < r.h_active; x++) {
         if (r.primary_format == LSGPU_DISPLAY_FORMAT_RGB565) {
            uint16_t p;
            memcpy(&p, line + x * 2, 2);
            out[x * 4 + 0] = (uint8_t)(((p >> 11) & 31) * 255 / 31);
            out[x * 4 + 1] = (uint8_t)(((p >> 5) & 63) * 255 / 63);
            out[x * 4 + 2] = (uint8_t)((p & 31) * 255 / 31);
         } else {
            out[x * 4 + 0] = line[x * 4 + 2];
            out[x * 4 + 1] = line[x * 4 + 1];
            out[x * 4 + 2] = line[x * 4 + 0];
         }
      }
   }
   if (r.cursor_enable) {
      const uint8_t *cursor = memory_.host(r.cursor_address);
      for (int cy = 0; cy < (int)kCursorSize; cy++) {
         int y = r.cursor_y + cy;
         for (int cx = 0; cx < (int)kCursorSize; cx++) {
            int x = r.cursor_x + cx;
            if (x < 0 || y < 0 || x >= (int)r.h_active || y >= (int)r.v_active)
               continue;
            const uint8_t *c = cursor + (cy * kCursorSize + cx) * 4; /* B, G, R, A */
            uint8_t *o = rgba->data() + ((size_t)y * r.h_active + x) * 4;
            for (int k = 0; k < 3; k++)
               o[k] = (uint8_t)((c[2 - k] * c[3] + o[k] * (255 - c[3]) + 127) / 255);
         }
      }
   }
   return true;
}

} // namespace lsgpu::sim
