/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_FAKE_NODES_H
#define LSGPU_SIM_FAKE_NODES_H

#include <string>

namespace lsgpu::sim
{

/* The nodes the interposer presents: the primary node /dev/dri/card0 (char device
 * 226:0, KMS and rendering) and the render node /dev/dri/renderD128 (226:128). */
constexpr int kDrmMajor = 226;
constexpr int kCardMinor = 0;
constexpr int kRenderMinor = 128;
constexpr const char *kCardNodePath = "/dev/dri/card0";
constexpr const char *kRenderNodePath = "/dev/dri/renderD128";

/*
 * A small real directory tree standing in for /dev/dri and /sys/dev/char/226:* (the
 * files libdrm and Mesa's loader read to enumerate DRM devices: uevent, subsystem,
 * device/drm/card0 and renderD128). Paths under those prefixes are redirected into it, which
 * also hides the host's own DRM devices. Returns the tree's root ("" on failure).
 */
const std::string &fake_nodes_root();

/* If `path` is one the interposer serves, the redirected path; otherwise empty. */
std::string fake_nodes_redirect(const char *path);

/* For a directory listing of /sys/class (opendir, or open with O_DIRECTORY and
 * without O_PATH): a directory whose entries are the host's classes and drm.
 * Component walks (O_PATH) keep the real /sys/class. Otherwise empty. */
std::string fake_nodes_listing(const char *path);

/* A path resolved inside the tree (realpath's result) as the program must see it:
 * under /sys or /dev, not under the tree's root. Rewrites `resolved` in place. */
void fake_nodes_unredirect(char *resolved);

} // namespace lsgpu::sim

#endif
