/* SPDX-License-Identifier: MIT */
#include "fake_nodes.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "real_libc.h"

namespace lsgpu::sim
{

namespace
{

/* The device appears on the platform bus with its own compatible string: the real
 * 7A2000 GPU is a PCI function (0x0014:0x7a25) whose silicon this driver cannot
 * drive, so the simulated device must not claim that identity. */
const char kDeviceUevent[] = "DRIVER=lsgpu\n"
                             "OF_NAME=gpu\n"
                             "OF_FULLNAME=/lsgpu-sim@0\n"
                             "OF_COMPATIBLE_0=loongson,lsgpu-sim\n"
                             "OF_COMPATIBLE_N=1\n"
                             "MODALIAS=of:NgpuT(null)Cloongson,lsgpu-sim\n";
const char kNodeUevent[] =
   "MAJOR=226\nMINOR=128\nDEVNAME=dri/renderD128\nDEVTYPE=drm_minor\nDEVMODE=0666\n";
const char kCardUevent[] = "MAJOR=226\nMINOR=0\nDEVNAME=dri/card0\nDEVTYPE=drm_minor\n";

bool
write_file(const std::string &path, const char *contents)
{
   int fd = real_libc().open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
   if (fd < 0)
      return false;
   size_t len = strlen(contents);
   bool ok = write(fd, contents, len) == (ssize_t)len;
   real_libc().close(fd);
   return ok;
}

bool
make_dirs(const std::string &path)
{
   for (size_t i = 1; i <= path.size(); i++) {
      if (i == path.size() || path[i] == '/') {
         std::string part = path.substr(0, i);
         if (mkdir(part.c_str(), 0755) != 0 && errno != EEXIST)
            return false;
      }
   }
   return true;
}

/* Version of the tree's layout; a new layout goes to a new directory. */
constexpr int kLayoutVersion = 5;

bool
make_link(const char *target, const std::string &path)
{
   return symlink(target, path.c_str()) == 0;
}

/* One DRM minor under the device, as the kernel's drm_sysfs makes it. */
bool
make_minor(const std::string &dev, const char *name, const char *uevent, const char *devno)
{
   const std::string m = dev + "/drm/" + name;
   return make_dirs(m) && write_file(m + "/uevent", uevent) && write_file(m + "/dev", devno) &&
          make_link("../../../../../class/drm", m + "/subsystem") &&
          make_link("../../../lsgpu-sim", m + "/device");
}

/* What a listing of /sys/class shows under the interposer: the host's classes and drm
 * (which the host may lack), so that libudev's enumeration by subsystem reaches
 * /sys/class/drm. Taken when the tree is made. */
bool
make_class_listing(const std::string &dir)
{
   if (!make_dirs(dir) || !make_link("../class/drm", dir + "/drm"))
      return false;
   if (DIR *d = real_libc().opendir("/sys/class")) {
      while (struct dirent *e = readdir(d)) {
         if (e->d_name[0] == '.' || strcmp(e->d_name, "drm") == 0)
            continue;
         make_link(("/sys/class/" + std::string(e->d_name)).c_str(), dir + "/" + e->d_name);
      }
      closedir(d);
   }
   return true;
}

std::string
build_tree()
{
   const char *base = getenv("LSGPU_SIM_DIR");
   std::string root;
   if (base && *base) {
      root = base;
   } else {
      const char *tmp = getenv("XDG_RUNTIME_DIR");
      root = std::string(tmp && *tmp ? tmp : "/tmp") + "/lsgpu-sim-" + std::to_string(getuid()) +
             "-v" + std::to_string(kLayoutVersion);
   }

   struct stat st;
   if (real_libc().stat((root + "/.complete").c_str(), &st) == 0)
      return root;

   /* Build in a private directory and rename it into place, so concurrent processes
    * never see a half-made tree. The shape is sysfs's: the device on the platform
    * bus with its two minors below it, /sys/class/drm and /sys/dev/char linking to
    * them (what libdrm, Mesa's loader and libudev walk). */
   std::string tmp = root + ".tmp." + std::to_string(getpid());
   const std::string dev = tmp + "/sys/devices/platform/lsgpu-sim";
   bool ok =
      make_dirs(tmp + "/dev/dri") && make_dirs(dev) && make_dirs(tmp + "/sys/bus/platform") &&
      make_dirs(tmp + "/sys/class/drm") && make_dirs(tmp + "/sys/dev/char") &&
      write_file(tmp + "/dev/dri/renderD128", "") && write_file(tmp + "/dev/dri/card0", "") &&
      write_file(dev + "/uevent", kDeviceUevent) &&
      make_link("../../../bus/platform", dev + "/subsystem") &&
      make_dirs(tmp + "/sys/bus/platform/drivers/lsgpu") &&
      make_link("../../../bus/platform/drivers/lsgpu", dev + "/driver") &&
      make_minor(dev, "card0", kCardUevent, "226:0\n") &&
      make_minor(dev, "renderD128", kNodeUevent, "226:128\n") &&
      make_link("../../devices/platform/lsgpu-sim/drm/card0", tmp + "/sys/class/drm/card0") &&
      make_link("../../devices/platform/lsgpu-sim/drm/renderD128",
                tmp + "/sys/class/drm/renderD128") &&
      make_link("../../devices/platform/lsgpu-sim/drm/card0", tmp + "/sys/dev/char/226:0") &&
      make_link("../../devices/platform/lsgpu-sim/drm/renderD128", tmp + "/sys/dev/char/226:128") &&
      make_class_listing(tmp + "/sys/class-listing") && write_file(tmp + "/.complete", "");
   if (ok && rename(tmp.c_str(), root.c_str()) == 0)
      return root;

   /* Someone else won the race (or we failed): use theirs if it is complete. */
   if (real_libc().stat((root + "/.complete").c_str(), &st) == 0)
      return root;
   return "";
}

bool
has_prefix(const char *path, const char *prefix, size_t *len)
{
   *len = strlen(prefix);
   return strncmp(path, prefix, *len) == 0;
}

} // namespace

const std::string &
fake_nodes_root()
{
   static const std::string root = build_tree();
   return root;
}

std::string
fake_nodes_redirect(const char *path)
{
   if (!path)
      return {};
   size_t len;
   /* "/dev/dri" itself and everything below it. */
   if (has_prefix(path, "/dev/dri", &len) && (path[len] == '\0' || path[len] == '/'))
      return fake_nodes_root().empty() ? std::string() : fake_nodes_root() + path;
   /* Every DRM char device's sysfs node, the drm class and our device: ours exist,
    * the host's are hidden. */
   for (const char *prefix :
        {"/sys/dev/char/226:", "/sys/class/drm", "/sys/devices/platform/lsgpu-sim"}) {
      if (has_prefix(path, prefix, &len) &&
          (prefix[len - 1] == ':' || path[len] == '\0' || path[len] == '/'))
         return fake_nodes_root().empty() ? std::string() : fake_nodes_root() + path;
   }
   return {};
}

std::string
fake_nodes_listing(const char *path)
{
   if (!path || (strcmp(path, "/sys/class") != 0 && strcmp(path, "/sys/class/") != 0))
      return {};
   return fake_nodes_root().empty() ? std::string() : fake_nodes_root() + "/sys/class-listing";
}

void
fake_nodes_unredirect(char *resolved)
{
   const std::string &root = fake_nodes_root();
   if (!resolved || root.empty() || strncmp(resolved, root.c_str(), root.size()) != 0 ||
       resolved[root.size()] != '/')
      return;
   memmove(resolved, resolved + root.size(), strlen(resolved + root.size()) + 1);
}

} // namespace lsgpu::sim
