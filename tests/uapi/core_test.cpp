/* SPDX-License-Identifier: MIT */
/* DRM core ioctls as the device answers them. */
#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "lsgpu_test_device.h"

using lsgpu::test::Device;

TEST(core, version_reports_driver_name_lsgpu)
{
   Device dev;
   char name[32] = {}, date[32] = {}, desc[128] = {};
   struct drm_version v = {};
   v.name = name;
   v.name_len = sizeof(name) - 1;
   v.date = date;
   v.date_len = sizeof(date) - 1;
   v.desc = desc;
   v.desc_len = sizeof(desc) - 1;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_VERSION, &v), 0);
   EXPECT_STREQ(name, "lsgpu");
   EXPECT_EQ(v.name_len, 5u);
   EXPECT_GT(v.desc_len, 0u);
}

TEST(core, version_with_zero_lengths_reports_lengths_only)
{
   Device dev;
   struct drm_version v = {};
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_VERSION, &v), 0);
   EXPECT_EQ(v.name_len, 5u);
}

TEST(core, version_bad_name_pointer_is_efault)
{
   Device dev;
   struct drm_version v = {};
   v.name = reinterpret_cast<char *>(8);
   v.name_len = 16;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_VERSION, &v), -EFAULT);
}

TEST(core, get_cap_syncobj_is_supported)
{
   Device dev;
   struct drm_get_cap cap = {};
   cap.capability = DRM_CAP_SYNCOBJ;
   ASSERT_EQ(dev.ioctl(DRM_IOCTL_GET_CAP, &cap), 0);
   EXPECT_EQ(cap.value, 1u);
}

TEST(core, get_cap_unknown_is_einval)
{
   Device dev;
   struct drm_get_cap cap = {};
   cap.capability = 0xdead;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_GET_CAP, &cap), -EINVAL);
}

TEST(core, unknown_driver_ioctl_is_enotty)
{
   Device dev;
   struct drm_lsgpu_get_param req = {};
   EXPECT_EQ(dev.ioctl(DRM_IOWR(DRM_COMMAND_BASE + 0x3f, struct drm_lsgpu_get_param), &req),
             -ENOTTY);
}

TEST(core, non_drm_ioctl_is_enotty)
{
   Device dev;
   int arg = 0;
   EXPECT_EQ(dev.ioctl(_IOR('T', 0x99, int), &arg), -ENOTTY);
}

TEST(core, bad_argument_pointer_is_efault)
{
   Device dev;
   EXPECT_EQ(dev.ioctl(DRM_IOCTL_LSGPU_GET_PARAM, reinterpret_cast<void *>(16)), -EFAULT);
}

TEST(core, fd_is_a_drm_render_node)
{
   Device dev;
   struct stat st;
   ASSERT_EQ(fstat(dev.fd(), &st), 0);
   EXPECT_TRUE(S_ISCHR(st.st_mode));
   EXPECT_EQ(major(st.st_rdev), 226u);
   EXPECT_GE(minor(st.st_rdev), 128u);
}
