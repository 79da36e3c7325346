/* SPDX-License-Identifier: MIT */
/* KMS queries: resources, CRTCs, encoders, connectors, planes, properties and blobs,
 * with the Linux DRM core's array conventions (docs/display.md). */
#include <cerrno>
#include <cstring>

#include "drm_file.h"
#include "ioctl_handlers.h"
#include "ioctl_kms.h"
#include "kernel_device.h"
#include "kms.h"
#include "kms_props.h"
#include "user_memory.h"

namespace lsgpu::sim
{

int
lsgpu_ioctl_mode_getresources(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_card_res *>(arg);
   std::lock_guard<std::mutex> guard(c.dev.kms().lock());
   std::vector<uint32_t> fbs(c.file.kms().framebuffers.begin(), c.file.kms().framebuffers.end());
   const uint32_t crtcs[] = {Kms::kCrtc[0], Kms::kCrtc[1]};
   const uint32_t connectors[] = {Kms::kConnector[0], Kms::kConnector[1]};
   const uint32_t encoders[] = {Kms::kEncoder[0], Kms::kEncoder[1]};
   int ret;
   if ((ret = kms_copy_array(c.user, req->fb_id_ptr, &req->count_fbs, fbs.data(), fbs.size())) ||
       (ret = kms_copy_array(c.user, req->crtc_id_ptr, &req->count_crtcs, crtcs, 2)) ||
       (ret =
           kms_copy_array(c.user, req->connector_id_ptr, &req->count_connectors, connectors, 2)) ||
       (ret = kms_copy_array(c.user, req->encoder_id_ptr, &req->count_encoders, encoders, 2)))
      return ret;
   req->min_width = req->min_height = 1;
   req->max_width = req->max_height = 4096;
   return 0;
}

int
lsgpu_ioctl_mode_getcrtc(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_crtc *>(arg);
   std::lock_guard<std::mutex> guard(c.dev.kms().lock());
   int i = c.dev.kms().crtc_index(req->crtc_id);
   if (i < 0)
      return -ENOENT;
   const Kms::Crtc &crtc = c.dev.kms().crtc(i);
   req->gamma_size = 0;
   req->fb_id = crtc.fb ? crtc.fb->id : 0;
   req->x = crtc.x;
   req->y = crtc.y;
   req->mode_valid = crtc.mode_blob != nullptr;
   req->mode = crtc.mode_blob ? crtc.mode : drm_mode_modeinfo{};
   return 0;
}

int
lsgpu_ioctl_mode_getencoder(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_get_encoder *>(arg);
   std::lock_guard<std::mutex> guard(c.dev.kms().lock());
   for (unsigned i = 0; i < 2; i++) {
      if (req->encoder_id != Kms::kEncoder[i])
         continue;
      req->encoder_type = i == 0 ? DRM_MODE_ENCODER_TMDS : DRM_MODE_ENCODER_DAC;
      req->crtc_id = c.dev.kms().connector_crtc(i);
      req->possible_crtcs = 0x3;
      req->possible_clones = 0;
      return 0;
   }
   return -ENOENT;
}

int
lsgpu_ioctl_mode_getconnector(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_get_connector *>(arg);
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   for (unsigned i = 0; i < 2; i++) {
      if (req->connector_id != Kms::kConnector[i])
         continue;
      const bool connected = i == 0;
      std::vector<uint32_t> prop_ids;
      std::vector<uint64_t> prop_values;
      lsgpu_kms_object_properties(kms, req->connector_id, DRM_MODE_OBJECT_CONNECTOR,
                                  c.file.kms().atomic, &prop_ids, &prop_values);
      const uint32_t encoder = Kms::kEncoder[i];
      const std::vector<struct drm_mode_modeinfo> none;
      const auto &modes = connected ? kms.modes() : none;
      uint32_t count_props = req->count_props;
      int ret;
      if ((ret = kms_copy_array(c.user, req->encoders_ptr, &req->count_encoders, &encoder, 1)) ||
          (ret = kms_copy_array(c.user, req->modes_ptr, &req->count_modes, modes.data(),
                                modes.size())) ||
          (ret = kms_copy_array(c.user, req->props_ptr, &req->count_props, prop_ids.data(),
                                prop_ids.size())) ||
          (ret = kms_copy_array(c.user, req->prop_values_ptr, &count_props, prop_values.data(),
                                prop_values.size())))
         return ret;
      req->encoder_id = kms.connector_crtc(i) ? encoder : 0;
      req->connector_type = i == 0 ? DRM_MODE_CONNECTOR_HDMIA : DRM_MODE_CONNECTOR_VGA;
      req->connector_type_id = 1;
      req->connection = connected ? 1 : 2; /* connected, disconnected */
      req->mm_width = connected ? 527 : 0;
      req->mm_height = connected ? 296 : 0;
      req->subpixel = connected ? Kms::kSubpixelUnknown : 0;
      return 0;
   }
   return -ENOENT;
}

int
lsgpu_ioctl_mode_getplaneresources(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_get_plane_res *>(arg);
   std::lock_guard<std::mutex> guard(c.dev.kms().lock());
   /* Primary and cursor planes exist only for clients that asked for universal planes. */
   const uint32_t planes[] = {Kms::kPrimaryPlane[0], Kms::kCursorPlane[0], Kms::kPrimaryPlane[1],
                              Kms::kCursorPlane[1]};
   const size_t n = c.file.kms().universal_planes ? 4 : 0;
   return kms_copy_array(c.user, req->plane_id_ptr, &req->count_planes, planes, n);
}

int
lsgpu_ioctl_mode_getplane(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_get_plane *>(arg);
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   for (unsigned i = 0; i < 2; i++) {
      const bool primary = req->plane_id == Kms::kPrimaryPlane[i];
      if (!primary && req->plane_id != Kms::kCursorPlane[i])
         continue;
      const Kms::Crtc &crtc = kms.crtc(i);
      static const uint32_t primary_formats[] = {DRM_FORMAT_XRGB8888, DRM_FORMAT_ARGB8888,
                                                 DRM_FORMAT_RGB565};
      static const uint32_t cursor_formats[] = {DRM_FORMAT_ARGB8888};
      int ret = primary ? kms_copy_array(c.user, req->format_type_ptr, &req->count_format_types,
                                         primary_formats, 3)
                        : kms_copy_array(c.user, req->format_type_ptr, &req->count_format_types,
                                         cursor_formats, 1);
      if (ret)
         return ret;
      const bool on = primary ? crtc.active && crtc.fb : crtc.active && crtc.cursor;
      req->crtc_id = on ? Kms::kCrtc[i] : 0;
      req->fb_id = primary && crtc.fb ? crtc.fb->id : 0;
      req->possible_crtcs = 1u << i;
      req->gamma_size = 0;
      return 0;
   }
   return -ENOENT;
}

int
lsgpu_ioctl_mode_obj_getproperties(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_obj_get_properties *>(arg);
   Kms &kms = c.dev.kms();
   std::lock_guard<std::mutex> guard(kms.lock());
   std::vector<uint32_t> ids;
   std::vector<uint64_t> values;
   if (!lsgpu_kms_object_properties(kms, req->obj_id, req->obj_type, c.file.kms().atomic, &ids,
                                    &values))
      return -ENOENT;
   uint32_t count = req->count_props;
   int ret = kms_copy_array(c.user, req->props_ptr, &req->count_props, ids.data(), ids.size());
   return ret ? ret
              : kms_copy_array(c.user, req->prop_values_ptr, &count, values.data(), values.size());
}

int
lsgpu_ioctl_mode_getproperty(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_get_property *>(arg);
   const KmsProperty *p = lsgpu_kms_property(req->prop_id);
   if (!p)
      return -ENOENT;
   strncpy(req->name, p->name, DRM_PROP_NAME_LEN - 1);
   req->name[DRM_PROP_NAME_LEN - 1] = '\0';
   req->flags = p->flags;
   std::vector<struct drm_mode_property_enum> enums;
   for (size_t k = 0; k < p->enum_names.size(); k++) {
      struct drm_mode_property_enum pe = {};
      pe.value = p->values[k];
      strncpy(pe.name, p->enum_names[k], DRM_PROP_NAME_LEN - 1);
      enums.push_back(pe);
   }
   uint32_t count_values = req->count_values;
   int ret =
      kms_copy_array(c.user, req->values_ptr, &count_values, p->values.data(), p->values.size());
   if (!ret)
      ret = kms_copy_array(c.user, req->enum_blob_ptr, &req->count_enum_blobs, enums.data(),
                           enums.size());
   req->count_values = count_values;
   return ret;
}

int
lsgpu_ioctl_mode_getpropblob(IoctlContext &c, void *arg)
{
   auto *req = static_cast<struct drm_mode_get_blob *>(arg);
   std::lock_guard<std::mutex> guard(c.dev.kms().lock());
   std::shared_ptr<const Kms::Blob> blob = c.dev.kms().blob(req->blob_id);
   if (!blob)
      return -ENOENT;
   return kms_copy_array(c.user, req->data, &req->length, blob->data.data(), blob->data.size());
}

} // namespace lsgpu::sim
