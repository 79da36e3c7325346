/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_DISPLAY_CONTROLLER_H
#define LSGPU_SIM_DISPLAY_CONTROLLER_H

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "lsgpu_packets.h"

namespace lsgpu::sim
{

class DeviceMemory;

/*
 * The display controller (docs/display.md): two CRTCs, each scanning a primary plane
 * and a cursor out of device memory. The kernel programs a CRTC by writing its
 * register block (lsgpu_packets.yaml DISPLAY_CRTC); the block is latched at the
 * CRTC's next vertical blank, which a timer thread produces at the mode's refresh
 * rate, and the vblank interrupt then calls the handler.
 */
class DisplayController
{
 public:
   static constexpr unsigned kCrtcs = 2;
   static constexpr unsigned kCursorSize = 64;

   /* Interrupt: CRTC `crtc` latched its registers at vblank number `frame`. */
   using VblankHandler = std::function<void(unsigned crtc, uint64_t frame, int64_t time_ns)>;

   explicit DisplayController(DeviceMemory &memory);
   ~DisplayController();
   DisplayController(const DisplayController &) = delete;
   DisplayController &operator=(const DisplayController &) = delete;

   void set_vblank_handler(VblankHandler handler);

   /* MMIO write of a whole register block; false (nothing written) when it does not
    * decode or its buffers lie outside device memory. *frame receives the frame
    * counter at the write: a running CRTC latches the block at frame + 1. */
   bool write(unsigned crtc, const uint32_t regs[LSGPU_DISPLAY_CRTC_LENGTH],
              uint64_t *frame = nullptr);
   /* Vertical blanks counted so far (the hardware frame counter). */
   uint64_t frame(unsigned crtc) const;
   /* Refresh period of the latched mode in ns, 0 when the CRTC is off. */
   int64_t period_ns(unsigned crtc) const;

   /* What the CRTC shows now, as top-down RGBA8 rows with the cursor blended in;
    * false when it is off. */
   bool capture(unsigned crtc, std::vector<uint8_t> *rgba, unsigned *width, unsigned *height) const;

 private:
   struct Crtc {
      lsgpu_display_crtc active = {}, pending = {};
      bool dirty = false;
      uint64_t frame = 0;
      int64_t next_vblank_ns = 0;
   };

   bool fits(uint64_t address, uint64_t bytes) const;
   void run();

   DeviceMemory &memory_;
   mutable std::mutex lock_;
   std::condition_variable wake_;
   Crtc crtcs_[kCrtcs];
   VblankHandler handler_;
   bool stop_ = false;
   std::thread thread_;
};

} // namespace lsgpu::sim

#endif
