/* SPDX-License-Identifier: MIT */
/* Argument validation of the GEM, context and syncobj ioctls, one row per rule: each builds
 * the request (from a fresh device) with one thing wrong and expects the exact errno
 * (docs/uapi.md; botching-up-ioctls: every pad and unknown flag must be zero). */
#include <cerrno>

#include "ioctl_rejects.h"

using lsgpu::test::Device;
using lsgpu::test::ioctl_rejects;
using lsgpu::test::IoctlCase;

namespace
{

template <typename Req>
IoctlCase
rejects(const char *name, unsigned long request, int error, void (*fill)(Device &, Req &))
{
   return {name, error,
           [=](Device &dev) {
              Req req = {};
              fill(dev, req);
              return dev.ioctl(request, &req);
           },
           nullptr};
}

/* For requests that point at handles: scratch lives until the ioctl returns. */
template <typename Req>
IoctlCase
rejects(const char *name, unsigned long request, int error,
        void (*fill)(Device &, Req &, uint32_t *scratch))
{
   return {name, error,
           [=](Device &dev) {
              Req req = {};
              uint32_t scratch[4] = {};
              fill(dev, req, scratch);
              return dev.ioctl(request, &req);
           },
           nullptr};
}

using Create = drm_lsgpu_gem_create;
using MmapOffset = drm_lsgpu_gem_mmap_offset;
using Wait = drm_lsgpu_gem_wait;
using CtxCreate = drm_lsgpu_ctx_create;
using CtxDestroy = drm_lsgpu_ctx_destroy;
using ResetStatus = drm_lsgpu_ctx_reset_status;
using SyncWait = drm_syncobj_wait;
using SyncArray = drm_syncobj_array;

const IoctlCase kCases[] = {
   rejects<Create>("gem_create_zero_size_is_einval", DRM_IOCTL_LSGPU_GEM_CREATE, EINVAL,
                   [](Device &, Create &) {}),
   rejects<Create>("gem_create_size_beyond_device_memory_is_einval", DRM_IOCTL_LSGPU_GEM_CREATE,
                   EINVAL,
                   [](Device &d, Create &r) { r.size = d.param(LSGPU_PARAM_MEMORY_SIZE) + 1; }),
   rejects<Create>("gem_create_overflowing_size_is_einval", DRM_IOCTL_LSGPU_GEM_CREATE, EINVAL,
                   [](Device &, Create &r) { r.size = UINT64_MAX; }),
   rejects<Create>("gem_create_unknown_flag_is_einval", DRM_IOCTL_LSGPU_GEM_CREATE, EINVAL,
                   [](Device &, Create &r) {
                      r.size = 4096;
                      r.flags = 1u << 31;
                   }),
   rejects<MmapOffset>("gem_mmap_offset_unknown_handle_is_enoent", DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET,
                       ENOENT, [](Device &, MmapOffset &r) { r.handle = 0xffff; }),
   rejects<MmapOffset>("gem_mmap_offset_nonzero_flags_is_einval", DRM_IOCTL_LSGPU_GEM_MMAP_OFFSET,
                       EINVAL,
                       [](Device &d, MmapOffset &r) {
                          r.handle = d.create_bo(4096);
                          r.flags = 1;
                       }),
   rejects<drm_gem_close>("gem_close_nonzero_pad_is_einval", DRM_IOCTL_GEM_CLOSE, EINVAL,
                          [](Device &d, drm_gem_close &r) {
                             r.handle = d.create_bo(4096);
                             r.pad = 1;
                          }),
   rejects<drm_gem_close>("gem_close_unknown_handle_is_einval_like_drm_core", DRM_IOCTL_GEM_CLOSE,
                          EINVAL, [](Device &, drm_gem_close &r) { r.handle = 0xfffff; }),
   rejects<Wait>("gem_wait_unknown_handle_is_enoent", DRM_IOCTL_LSGPU_GEM_WAIT, ENOENT,
                 [](Device &, Wait &r) { r.handle = 0xabcdef; }),
   rejects<Wait>("gem_wait_nonzero_flags_is_einval", DRM_IOCTL_LSGPU_GEM_WAIT, EINVAL,
                 [](Device &d, Wait &r) {
                    r.handle = d.create_bo(4096);
                    r.flags = 2;
                 }),
   rejects<CtxCreate>("ctx_create_nonzero_flags_is_einval", DRM_IOCTL_LSGPU_CTX_CREATE, EINVAL,
                      [](Device &, CtxCreate &r) { r.flags = 1; }),
   rejects<CtxCreate>("ctx_create_nonzero_pad_is_einval", DRM_IOCTL_LSGPU_CTX_CREATE, EINVAL,
                      [](Device &, CtxCreate &r) { r.pad = 1; }),
   rejects<CtxCreate>("ctx_create_unknown_priority_is_einval", DRM_IOCTL_LSGPU_CTX_CREATE, EINVAL,
                      [](Device &, CtxCreate &r) { r.priority = 9; }),
   rejects<CtxDestroy>("ctx_destroy_unknown_context_is_enoent", DRM_IOCTL_LSGPU_CTX_DESTROY, ENOENT,
                       [](Device &, CtxDestroy &r) { r.ctx_id = 4242; }),
   rejects<CtxDestroy>("ctx_destroy_default_context_cannot_be_destroyed",
                       DRM_IOCTL_LSGPU_CTX_DESTROY, ENOENT, [](Device &, CtxDestroy &) {}),
   rejects<CtxDestroy>("ctx_destroy_nonzero_pad_is_einval", DRM_IOCTL_LSGPU_CTX_DESTROY, EINVAL,
                       [](Device &d, CtxDestroy &r) {
                          r.ctx_id = d.create_context();
                          r.pad = 1;
                       }),
   rejects<ResetStatus>("ctx_reset_status_unknown_context_is_enoent",
                        DRM_IOCTL_LSGPU_CTX_RESET_STATUS, ENOENT,
                        [](Device &, ResetStatus &r) { r.ctx_id = 999; }),
   rejects<ResetStatus>("ctx_reset_status_nonzero_flags_is_einval",
                        DRM_IOCTL_LSGPU_CTX_RESET_STATUS, EINVAL,
                        [](Device &, ResetStatus &r) { r.flags = 4; }),
   rejects<drm_syncobj_create>("syncobj_create_unknown_flag_is_einval", DRM_IOCTL_SYNCOBJ_CREATE,
                               EINVAL, [](Device &, drm_syncobj_create &r) { r.flags = 0x100; }),
   rejects<SyncWait>("syncobj_wait_zero_handles_is_einval", DRM_IOCTL_SYNCOBJ_WAIT, EINVAL,
                     [](Device &, SyncWait &) {}),
   rejects<SyncWait>("syncobj_wait_bad_handle_pointer_is_efault", DRM_IOCTL_SYNCOBJ_WAIT, EFAULT,
                     [](Device &, SyncWait &r) {
                        r.handles = 0x18;
                        r.count_handles = 1;
                     }),
   rejects<SyncWait>("syncobj_wait_unknown_flag_is_einval", DRM_IOCTL_SYNCOBJ_WAIT, EINVAL,
                     [](Device &d, SyncWait &r, uint32_t *h) {
                        h[0] = d.create_syncobj(true);
                        r.handles = (uintptr_t)h;
                        r.count_handles = 1;
                        r.flags = 1u << 20;
                     }),
   rejects<SyncArray>("syncobj_array_nonzero_pad_is_einval", DRM_IOCTL_SYNCOBJ_SIGNAL, EINVAL,
                      [](Device &d, SyncArray &r, uint32_t *h) {
                         h[0] = d.create_syncobj(false);
                         r.handles = (uintptr_t)h;
                         r.count_handles = 1;
                         r.pad = 3;
                      }),
   rejects<drm_syncobj_destroy>("syncobj_destroy_unknown_is_einval_like_drm_core",
                                DRM_IOCTL_SYNCOBJ_DESTROY, EINVAL,
                                [](Device &, drm_syncobj_destroy &r) { r.handle = 0x999; }),
   rejects<drm_syncobj_destroy>(
      "syncobj_destroy_nonzero_pad_is_einval", DRM_IOCTL_SYNCOBJ_DESTROY, EINVAL,
      [](Device &d, drm_syncobj_destroy &r) {
         r.handle = d.create_syncobj(false);
         r.pad = 1;
      }),
};

} // namespace

TEST_P(ioctl_rejects, one_bad_argument)
{
   Device dev;
   if (GetParam().valid) {
      ASSERT_EQ(GetParam().valid(dev), 0) << "the request without the broken field";
   }
   EXPECT_EQ(GetParam().run(dev), -GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(uapi, ioctl_rejects, ::testing::ValuesIn(kCases), ioctl_rejects::name);
