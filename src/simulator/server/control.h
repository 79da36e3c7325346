/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_CONTROL_H
#define LSGPU_SIM_CONTROL_H

#include <string>

#include "protocol.h"

/* The control connection to a running device server: what `lsgpu-device --status`
 * and `--stop`, and the desktop tests, ask of it. */
namespace lsgpu::sim::control
{

/* False when no server answers on the socket. */
bool status(const std::string &socket, wire::Status *out);
/* Asks the server to exit and waits (up to 5 s) until its socket is gone. False when
 * no server answered. */
bool stop(const std::string &socket);

/* Writes what CRTC `crtc` (wire::kAnyCrtc: the first that is on) scans out as a PNG
 * to fd. 0, -ENODEV (no server, or the CRTC is off) or another -errno. */
int screenshot(const std::string &socket, uint64_t crtc, int fd);

} // namespace lsgpu::sim::control

#endif
