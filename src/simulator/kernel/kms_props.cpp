/* SPDX-License-Identifier: MIT */
/* The KMS properties of the display's objects (docs/display.md "Properties"): their
 * descriptions, which object has which, and what values they may take. */
#include "kms_props.h"

#include <climits>

namespace lsgpu::sim
{

namespace
{

constexpr uint32_t kAtomic = DRM_MODE_PROP_ATOMIC;

const std::vector<KmsProperty> &
properties()
{
   const uint64_t int_min = (uint64_t)(int64_t)INT_MIN;
   static const std::vector<KmsProperty> props = {
      {Kms::PROP_EDID, "EDID", DRM_MODE_PROP_BLOB | DRM_MODE_PROP_IMMUTABLE, {}, {}},
      {Kms::PROP_DPMS,
       "DPMS",
       DRM_MODE_PROP_ENUM,
       {0, 1, 2, 3},
       {"On", "Standby", "Suspend", "Off"}},
      {Kms::PROP_PLANE_TYPE,
       "type",
       DRM_MODE_PROP_ENUM | DRM_MODE_PROP_IMMUTABLE,
       {Kms::kPlaneOverlay, Kms::kPlanePrimary, Kms::kPlaneCursor},
       {"Overlay", "Primary", "Cursor"}},
      {Kms::PROP_LINK_STATUS, "link-status", DRM_MODE_PROP_ENUM, {0, 1}, {"Good", "Bad"}},
      {Kms::PROP_NON_DESKTOP,
       "non-desktop",
       DRM_MODE_PROP_RANGE | DRM_MODE_PROP_IMMUTABLE,
       {0, 1},
       {}},
      {Kms::PROP_FB_ID, "FB_ID", kAtomic | DRM_MODE_PROP_OBJECT, {DRM_MODE_OBJECT_FB}, {}},
      {Kms::PROP_IN_FENCE_FD,
       "IN_FENCE_FD",
       kAtomic | DRM_MODE_PROP_SIGNED_RANGE,
       {(uint64_t)-1, INT_MAX},
       {}},
      {Kms::PROP_CRTC_ID, "CRTC_ID", kAtomic | DRM_MODE_PROP_OBJECT, {DRM_MODE_OBJECT_CRTC}, {}},
      {Kms::PROP_CRTC_X, "CRTC_X", kAtomic | DRM_MODE_PROP_SIGNED_RANGE, {int_min, INT_MAX}, {}},
      {Kms::PROP_CRTC_Y, "CRTC_Y", kAtomic | DRM_MODE_PROP_SIGNED_RANGE, {int_min, INT_MAX}, {}},
      {Kms::PROP_CRTC_W, "CRTC_W", kAtomic | DRM_MODE_PROP_RANGE, {0, INT_MAX}, {}},
      {Kms::PROP_CRTC_H, "CRTC_H", kAtomic | DRM_MODE_PROP_RANGE, {0, INT_MAX}, {}},
      {Kms::PROP_SRC_X, "SRC_X", kAtomic | DRM_MODE_PROP_RANGE, {0, UINT_MAX}, {}},
      {Kms::PROP_SRC_Y, "SRC_Y", kAtomic | DRM_MODE_PROP_RANGE, {0, UINT_MAX}, {}},
      {Kms::PROP_SRC_W, "SRC_W", kAtomic | DRM_MODE_PROP_RANGE, {0, UINT_MAX}, {}},
      {Kms::PROP_SRC_H, "SRC_H", kAtomic | DRM_MODE_PROP_RANGE, {0, UINT_MAX}, {}},
      {Kms::PROP_ACTIVE, "ACTIVE", kAtomic | DRM_MODE_PROP_RANGE, {0, 1}, {}},
      {Kms::PROP_MODE_ID, "MODE_ID", kAtomic | DRM_MODE_PROP_BLOB, {}, {}},
      {Kms::PROP_OUT_FENCE_PTR,
       "OUT_FENCE_PTR",
       kAtomic | DRM_MODE_PROP_RANGE,
       {0, UINT64_MAX},
       {}},
   };
   return props;
}

bool
matches(uint32_t type, uint32_t wanted)
{
   return type == DRM_MODE_OBJECT_ANY || type == wanted;
}

} // namespace

const KmsProperty *
lsgpu_kms_property(uint32_t id)
{
   for (const KmsProperty &p : properties())
      if (p.id == id)
         return &p;
   return nullptr;
}

bool
lsgpu_kms_object_properties(const Kms &kms, uint32_t id, uint32_t type, bool atomic,
                            std::vector<uint32_t> *ids, std::vector<uint64_t> *values)
{
   auto add = [&](uint32_t p, uint64_t v) {
      if ((lsgpu_kms_property(p)->flags & kAtomic) && !atomic)
         return;
      ids->push_back(p);
      values->push_back(v);
   };
   for (unsigned i = 0; i < 2; i++) {
      if (id == Kms::kConnector[i] && matches(type, DRM_MODE_OBJECT_CONNECTOR)) {
         add(Kms::PROP_EDID, i == 0 ? Kms::kEdidBlob : 0);
         add(Kms::PROP_DPMS, kms.connector_dpms(i));
         add(Kms::PROP_LINK_STATUS, 0);
         add(Kms::PROP_NON_DESKTOP, 0);
         add(Kms::PROP_CRTC_ID, kms.connector_crtc(i));
         return true;
      }
      if (id == Kms::kCrtc[i] && matches(type, DRM_MODE_OBJECT_CRTC)) {
         const Kms::Crtc &c = kms.crtc(i);
         add(Kms::PROP_ACTIVE, c.active);
         add(Kms::PROP_MODE_ID, c.mode_blob ? c.mode_blob->id : 0);
         add(Kms::PROP_OUT_FENCE_PTR, 0);
         return true;
      }
   }
   Kms::PlaneState s;
   unsigned crtc;
   bool primary;
   if (!matches(type, DRM_MODE_OBJECT_PLANE) || !kms.plane_state(id, &s, &crtc, &primary))
      return false;
   add(Kms::PROP_PLANE_TYPE, primary ? Kms::kPlanePrimary : Kms::kPlaneCursor);
   add(Kms::PROP_FB_ID, s.fb ? s.fb->id : 0);
   add(Kms::PROP_IN_FENCE_FD, (uint64_t)-1);
   add(Kms::PROP_CRTC_ID, s.crtc_id);
   add(Kms::PROP_CRTC_X, (uint64_t)(int64_t)s.crtc_x);
   add(Kms::PROP_CRTC_Y, (uint64_t)(int64_t)s.crtc_y);
   add(Kms::PROP_CRTC_W, s.crtc_w);
   add(Kms::PROP_CRTC_H, s.crtc_h);
   add(Kms::PROP_SRC_X, s.src_x);
   add(Kms::PROP_SRC_Y, s.src_y);
   add(Kms::PROP_SRC_W, s.src_w);
   add(Kms::PROP_SRC_H, s.src_h);
   return true;
}

bool
lsgpu_kms_property_value_valid(const Kms &kms, const KmsProperty &p, uint64_t v)
{
   if (p.flags & DRM_MODE_PROP_RANGE)
      return v >= p.values[0] && v <= p.values[1];
   if (p.flags & DRM_MODE_PROP_ENUM) {
      for (uint64_t e : p.values)
         if (e == v)
            return true;
      return false;
   }
   if (p.flags & DRM_MODE_PROP_BLOB)
      return v == 0 || (v <= UINT32_MAX && kms.blob((uint32_t)v));
   switch (p.flags & DRM_MODE_PROP_EXTENDED_TYPE) {
   case DRM_MODE_PROP_SIGNED_RANGE:
      return (int64_t)v >= (int64_t)p.values[0] && (int64_t)v <= (int64_t)p.values[1];
   case DRM_MODE_PROP_OBJECT:
      if (v == 0)
         return true;
      if (v > UINT32_MAX)
         return false;
      return p.values[0] == DRM_MODE_OBJECT_FB ? kms.framebuffer((uint32_t)v) != nullptr
                                               : kms.crtc_index((uint32_t)v) >= 0;
   default:
      return false;
   }
}

} // namespace lsgpu::sim
