/* SPDX-License-Identifier: MIT */
#include <cerrno>
#include <gtest/gtest.h>

#include "lsgpu_packets.h"
#include "lsgpu_test_device.h"

using lsgpu::test::Device;

TEST(get_param, identity_and_limits)
{
   Device dev;
   EXPECT_EQ(dev.param(LSGPU_PARAM_DEVICE_ID), 0x4c530001u);
   EXPECT_GE(dev.param(LSGPU_PARAM_NUM_CORES), 1u);
   EXPECT_EQ(dev.param(LSGPU_PARAM_WARP_WIDTH), 16u);
   EXPECT_GE(dev.param(LSGPU_PARAM_MEMORY_SIZE), 256ull << 20);
   EXPECT_GE(dev.param(LSGPU_PARAM_VA_SIZE), 1ull << 32);
   EXPECT_NE(dev.param(LSGPU_PARAM_FEATURES) & LSGPU_FEATURE_FILL, 0u);
   EXPECT_GT(dev.param(LSGPU_PARAM_TIMESTAMP_FREQUENCY), 0u);
   EXPECT_EQ(dev.param(LSGPU_PARAM_CMDSTREAM_VERSION), (uint64_t)LSGPU_CMDSTREAM_VERSION);
}

TEST(get_param, unknown_param_is_einval)
{
   Device dev;
   struct drm_lsgpu_get_param req = {};
   req.param = 0x7777;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GET_PARAM, &req), -EINVAL);
}

TEST(get_param, nonzero_pad_is_einval)
{
   Device dev;
   struct drm_lsgpu_get_param req = {};
   req.param = LSGPU_PARAM_DEVICE_ID;
   req.pad = 1;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GET_PARAM, &req), -EINVAL);
}

TEST(get_param, job_counter_counts_submits)
{
   Device dev;
   uint64_t va;
   uint32_t bo = dev.create_bo(4096, &va);
   uint64_t before = dev.param(LSGPU_PARAM_COUNTER_JOBS);
   uint64_t fill_before = dev.param(LSGPU_PARAM_COUNTER_FILL_BYTES);
   ASSERT_EQ(dev.submit(lsgpu::test::fill_row(va, 8, 1), {bo}), 0);
   uint32_t sync = dev.create_syncobj();
   ASSERT_EQ(dev.submit(lsgpu::test::fill_row(va, 8, 2), {bo}, sync), 0);
   ASSERT_EQ(dev.wait_syncobj(sync, INT64_MAX), 0);
   EXPECT_GE(dev.param(LSGPU_PARAM_COUNTER_JOBS), before + 2);
   EXPECT_GE(dev.param(LSGPU_PARAM_COUNTER_FILL_BYTES), fill_before + 64);
}
