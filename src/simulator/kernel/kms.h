/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_KMS_H
#define LSGPU_SIM_KMS_H

#include <cstdint>
#include <drm.h>
#include <drm_fourcc.h>
#include <drm_mode.h>
#include <deque>
#include <functional>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gpu/display/display_controller.h"

namespace lsgpu::sim
{

class DrmFile;
class GemObject;
class Fence;

/*
 * The KMS side of the simulated kernel driver (docs/display.md): the mode objects of
 * the 7A2000-class display (two CRTCs, two encoders, two connectors of which the
 * first is connected, a primary and a cursor plane per CRTC), framebuffers, property
 * blobs, the DRM master, and what goes to the display controller's registers. Its
 * lock is taken after the device lock and before the display controller's.
 */
class Kms
{
 public:
   /* Fixed object ids, as a driver registers them at load. */
   static constexpr uint32_t kCrtc[2] = {1, 2};
   static constexpr uint32_t kEncoder[2] = {3, 4};
   static constexpr uint32_t kConnector[2] = {5, 6};
   static constexpr uint32_t kPrimaryPlane[2] = {7, 8};
   static constexpr uint32_t kCursorPlane[2] = {9, 10};
   /* Values the kernel defines but its uAPI headers do not (enum drm_plane_type,
    * enum subpixel_order). */
   static constexpr uint64_t kPlaneOverlay = 0, kPlanePrimary = 1, kPlaneCursor = 2;
   static constexpr uint32_t kSubpixelUnknown = 1;
   /* The EDID property's blob. */
   static constexpr uint32_t kEdidBlob = 60;
   /* Property ids. Those from PROP_FB_ID on are atomic properties: only files that
    * set DRM_CLIENT_CAP_ATOMIC see them (docs/display.md "Atomic modesetting"). */
   enum Prop : uint32_t {
      PROP_EDID = 20,
      PROP_DPMS,
      PROP_PLANE_TYPE,
      PROP_LINK_STATUS,
      PROP_NON_DESKTOP,
      PROP_FB_ID,
      PROP_IN_FENCE_FD,
      PROP_CRTC_ID,
      PROP_CRTC_X,
      PROP_CRTC_Y,
      PROP_CRTC_W,
      PROP_CRTC_H,
      PROP_SRC_X,
      PROP_SRC_Y,
      PROP_SRC_W,
      PROP_SRC_H,
      PROP_ACTIVE,
      PROP_MODE_ID,
      PROP_OUT_FENCE_PTR,
   };

   /* A property blob (a mode for MODE_ID, the EDID). Shared: a CRTC keeps the blob
    * of its mode after its creator destroyed it, as the kernel's refcount does. */
   struct Blob {
      uint32_t id;
      std::vector<uint8_t> data;
      DrmFile *owner; /* nullptr: the kernel's */
   };

   struct Framebuffer {
      uint32_t id;
      DrmFile *owner;
      std::shared_ptr<GemObject> bo;
      uint32_t width, height, fourcc, pitch, offset;
   };
   /* A plane's atomic state: where it shows which part of which framebuffer. Source
    * coordinates are 16.16 fixed point, as the uAPI has them. */
   struct PlaneState {
      uint32_t crtc_id = 0;
      std::shared_ptr<Framebuffer> fb;
      uint32_t src_x = 0, src_y = 0, src_w = 0, src_h = 0;
      int32_t crtc_x = 0, crtc_y = 0;
      uint32_t crtc_w = 0, crtc_h = 0;
   };

   struct PendingFlip {
      std::weak_ptr<DrmFile> file; /* nullptr: no event was asked for */
      uint64_t user_data;
      uint64_t armed_frame; /* the controller's frame counter when it was written */
      bool event;
      std::shared_ptr<Fence> out_fence; /* an atomic commit's OUT_FENCE_PTR, or null */
   };
   /* A flip whose framebuffer the GPU is still rendering: not written yet. */
   static constexpr uint64_t kNotArmed = UINT64_MAX;
   /* A CRTC's state. It is enabled when it has a mode (mode_blob) and scans out when
    * also active (atomic's ACTIVE = 0 with a mode is DPMS off). Its primary plane
    * shows fb from (x, y) over the whole mode; the cursor is an atomic framebuffer
    * (cursor_fb) or a legacy cursor BO. */
   struct Crtc {
      bool active = false;
      struct drm_mode_modeinfo mode = {};
      std::shared_ptr<const Blob> mode_blob;
      std::shared_ptr<Framebuffer> fb;
      uint32_t x = 0, y = 0;
      std::shared_ptr<GemObject> cursor;
      std::shared_ptr<Framebuffer> cursor_fb;
      int32_t cursor_x = 0, cursor_y = 0;
      bool flip_pending = false;
      PendingFlip flip;
      std::shared_ptr<Framebuffer> flip_fb;  /* a flip not yet written (kNotArmed) */
      uint32_t flip_x = 0, flip_y = 0;       /* and where it is shown from */
      std::shared_ptr<Framebuffer> retiring; /* the FB a pending flip replaces */
   };
   struct VblankWait {
      std::weak_ptr<DrmFile> file;
      uint64_t user_data, frame;
      unsigned crtc;
   };

   explicit Kms(DisplayController &display);
   ~Kms();
   /* Stops the commit worker; the display controller must outlive this call. */
   void shutdown();

   std::mutex &lock() { return lock_; }
   DisplayController &display() { return display_; }

   /* The modes the connected monitor's EDID lists, preferred first. */
   const std::vector<struct drm_mode_modeinfo> &modes() const { return modes_; }
   const std::vector<uint8_t> &edid() const { return edid_blob_->data; }

   /* Master rules (docs/uapi.md "Display"); lock() held. */
   DrmFile *master() const { return master_; }
   void set_master(DrmFile *file) { master_ = file; }

   /* Objects; lock() held. */
   int crtc_index(uint32_t id) const;
   /* The CRTC with this id (its index in *index), or nullptr. */
   Crtc *find_crtc(uint32_t id, unsigned *index)
   {
      int i = crtc_index(id);
      if (i >= 0)
         *index = (unsigned)i;
      return i < 0 ? nullptr : &crtcs_[i];
   }
   Crtc &crtc(unsigned i) { return crtcs_[i]; }
   const Crtc &crtc(unsigned i) const { return crtcs_[i]; }
   uint32_t connector_crtc(unsigned i) const { return connector_crtc_[i]; }
   uint64_t connector_dpms(unsigned i) const { return connector_dpms_[i]; }
   void set_connector_dpms(unsigned i, uint64_t v) { connector_dpms_[i] = v; }
   void set_connector_crtc(unsigned i, uint32_t crtc_id) { connector_crtc_[i] = crtc_id; }
   uint32_t add_framebuffer(Framebuffer fb);
   std::shared_ptr<Framebuffer> framebuffer(uint32_t id) const;
   /* RMFB: a framebuffer scanned out is turned off first. */
   bool remove_framebuffer(uint32_t id);
   /* Blobs: a new one (owner nullptr: the kernel's, kept only by who refers to it),
    * one by id while anyone holds it, and DESTROYPROPBLOB's rules (-EINVAL unknown,
    * -EPERM another file's). */
   std::shared_ptr<const Blob> add_blob(std::vector<uint8_t> data, DrmFile *owner);
   std::shared_ptr<const Blob> blob(uint32_t id) const;
   int destroy_blob(uint32_t id, DrmFile *file);
   /* The state of a plane by id (primary or cursor of CRTC *crtc), false if none. */
   bool plane_state(uint32_t plane_id, PlaneState *state, unsigned *crtc, bool *primary) const;

   /* Writes CRTC i's registers from its state; returns the controller's frame
    * counter at the write, or -1 when the controller refused the block. */
   int64_t program(unsigned i);
   /* Blocks (lock() released) until CRTC i has latched what was written at
    * armed_frame, or 200 ms passed. */
   void wait_latched(std::unique_lock<std::mutex> &lock, unsigned i, int64_t armed_frame);
   /* A page flip to crtc.flip_fb waits for the fence of the GPU work that renders it
    * (implicit sync, as the kernel's commit worker waits for a BO's reservation
    * fences), then is written; the ioctl does not wait. lock() held. */
   void defer_flip(unsigned crtc, std::vector<std::shared_ptr<Fence>> fences);
   /* Queues a vblank event or returns the frame a blocking wait ends at. */
   void add_vblank_wait(VblankWait wait) { waits_.push_back(std::move(wait)); }
   void wait_frame(std::unique_lock<std::mutex> &lock, unsigned i, uint64_t frame);
   /* Blocks (lock() released) until CRTC i has no pending flip, or 1 s passed;
    * returns whether it has none. */
   bool wait_flip_done(std::unique_lock<std::mutex> &lock, unsigned i);

   /* Called (from the vblank interrupt, no lock held) each time a page flip of CRTC
    * crtc has latched; `flips` counts them from 1. For tools that record what a
    * program showed (the device server's LSGPU_SIM_FLIP_DUMP). */
   void set_flip_observer(std::function<void(unsigned crtc, uint64_t flips)> observer)
   {
      std::lock_guard<std::mutex> guard(lock_);
      flip_observer_ = std::move(observer);
   }

   /* The file is going away: drop its master role and framebuffers. */
   void release_file(DrmFile *file);

 private:
   void on_vblank(unsigned crtc, uint64_t frame, int64_t time_ns);
   void commit_worker();

   DisplayController &display_;
   std::mutex lock_;
   std::condition_variable vblank_;
   std::vector<struct drm_mode_modeinfo> modes_;
   DrmFile *master_ = nullptr;
   Crtc crtcs_[2];
   uint32_t connector_crtc_[2] = {0, 0};
   uint64_t connector_dpms_[2] = {0, 0};
   std::map<uint32_t, std::shared_ptr<Framebuffer>> framebuffers_;
   std::shared_ptr<const Blob> edid_blob_;
   std::map<uint32_t, std::weak_ptr<const Blob>> blobs_;        /* every live blob */
   std::map<uint32_t, std::shared_ptr<const Blob>> user_blobs_; /* CREATEPROPBLOB's */
   std::vector<VblankWait> waits_;
   uint32_t next_id_ = 100; /* framebuffers and blobs share DRM's object id space */
   std::function<void(unsigned, uint64_t)> flip_observer_;
   std::deque<std::pair<unsigned, std::vector<std::shared_ptr<Fence>>>> deferred_;
   std::condition_variable deferred_cv_;
   bool stopping_ = false;
   std::thread worker_;
   uint64_t flips_[2] = {0, 0};
};

/* The monitor on connector 0: its EDID and the modes it lists (kms_edid.cpp). */
std::vector<uint8_t> lsgpu_kms_make_edid(std::vector<struct drm_mode_modeinfo> *modes);
/* drm_mode_convert_umode's checks of a mode from userspace. */
bool lsgpu_kms_mode_is_valid(const struct drm_mode_modeinfo &mode);
/* The controller's format for a DRM fourcc (its bytes per pixel:
 * lsgpu_display_format_bytes); false when the primary plane cannot show it. */
bool lsgpu_kms_display_format(uint32_t fourcc, lsgpu_display_format *format);

} // namespace lsgpu::sim

#endif
