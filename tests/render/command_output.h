/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEST_COMMAND_OUTPUT_H
#define LSGPU_TEST_COMMAND_OUTPUT_H

#include <string>

namespace lsgpu::test
{

/* Runs a shell command (popen) and returns what it wrote to stdout; "" if it could
 * not start. Render tests run whole GL programs this way, each in its own process. */
std::string command_output(const std::string &cmd);

} // namespace lsgpu::test

#endif
