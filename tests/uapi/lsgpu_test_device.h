/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEST_DEVICE_H
#define LSGPU_TEST_DEVICE_H

#include <cstdint>
#include <vector>

#include "drm-uapi/lsgpu_drm.h"

namespace lsgpu::test
{

/*
 * The uAPI suite's only way to the device: a DRM fd and raw ioctls, so the same tests
 * run against the simulator (under the interposer) or a real kernel driver. The node
 * is LSGPU_TEST_DEVICE, default /dev/dri/renderD128.
 */
class Device
{
 public:
   Device();
   ~Device();
   Device(const Device &) = delete;
   Device &operator=(const Device &) = delete;

   int fd() const { return fd_; }
   /* 0 on success, else -errno. */
   int ioctl(unsigned long cmd, void *arg) const;

   uint64_t param(uint32_t p) const;
   /* Returns the handle; va (if given) receives the GPU address. Fails the test on error. */
   uint32_t create_bo(uint64_t size, uint64_t *va = nullptr, uint32_t flags = 0) const;
   void *map_bo(uint32_t handle, uint64_t size) const;
   int close_bo(uint32_t handle) const;
   uint32_t create_syncobj(bool signaled = false) const;
   int wait_syncobj(uint32_t handle, int64_t abs_timeout_ns) const;
   int submit(const std::vector<uint32_t> &cmds, const std::vector<uint32_t> &bos,
              uint32_t out_sync = 0, uint32_t ctx_id = 0,
              const std::vector<uint32_t> &in_syncs = {}) const;
   /* Submits and waits; returns the submit's result. */
   int run(const std::vector<uint32_t> &cmds, const std::vector<uint32_t> &bos,
           uint32_t ctx_id = 0) const;
   uint32_t create_context(uint32_t priority = LSGPU_CTX_PRIORITY_NORMAL) const;
   struct drm_lsgpu_ctx_reset_status reset_status(uint32_t ctx_id) const;

 private:
   int fd_ = -1;
};

/* A FILL packet of `width` 4-byte elements in one row at va. */
std::vector<uint32_t> fill_row(uint64_t va, uint32_t width, uint32_t value);
/* Packets built with the generated packers, appended to cmds. */
void emit_fence_write(std::vector<uint32_t> &cmds, uint64_t va, uint32_t value);
void emit_semaphore_wait(std::vector<uint32_t> &cmds, uint64_t va, uint32_t value);
void emit_reg_write(std::vector<uint32_t> &cmds, uint32_t reg, uint32_t value);
void emit_reg_store(std::vector<uint32_t> &cmds, uint32_t reg, uint64_t va);
void emit_copy(std::vector<uint32_t> &cmds, uint64_t src, uint64_t dst, uint32_t bytes);
void emit_call(std::vector<uint32_t> &cmds, uint64_t va, uint32_t size_dwords);
void emit_timestamp(std::vector<uint32_t> &cmds, uint64_t va);

int64_t now_ns();

} // namespace lsgpu::test

#endif
