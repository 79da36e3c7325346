/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEST_IOCTL_REJECTS_H
#define LSGPU_TEST_IOCTL_REJECTS_H

/* Table-driven ioctl validation: each row makes one request (on a fresh device) with
 * one thing wrong and expects the exact errno; a row may also give the request without
 * the fault, which must succeed first. Rows live with the ioctls they test
 * (ioctl_rejects_test.cpp, submit_test.cpp); the test itself is in
 * ioctl_rejects_test.cpp. */

#include <functional>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "lsgpu_test_device.h"

namespace lsgpu::test
{

struct IoctlCase {
   std::string name;
   int error;
   std::function<int(Device &)> run;   /* the broken request's result */
   std::function<int(Device &)> valid; /* optional: the same request unbroken */
};

inline void
PrintTo(const IoctlCase &c, std::ostream *os)
{
   *os << c.name;
}

struct ioctl_rejects : ::testing::TestWithParam<IoctlCase> {
   static std::string name(const ::testing::TestParamInfo<IoctlCase> &i) { return i.param.name; }
};

} // namespace lsgpu::test

#endif
