/* SPDX-License-Identifier: MIT */
/*
 * Atomic modesetting through libdrm as a compositor uses it: the client cap and the
 * atomic properties it reveals, a modeset and flips by commit with events and
 * out-fences, the cursor plane, SETPLANE, property blobs, and every commit a kernel
 * refuses, refused with its errno while the screen stays as it was.
 */
#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <map>
#include <poll.h>
#include <string>
#include <sys/mman.h>
#include <drm_fourcc.h>

#include "kms_util.h"

using namespace lsgpu::test;

namespace
{

/* Property ids by name, per object, as compositors look them up. */
std::map<std::string, uint32_t>
prop_ids(int fd, uint32_t obj, uint32_t type)
{
   std::map<std::string, uint32_t> ids;
   drmModeObjectProperties *props = drmModeObjectGetProperties(fd, obj, type);
   if (!props)
      return ids;
   for (uint32_t i = 0; i < props->count_props; i++) {
      drmModePropertyRes *p = drmModeGetProperty(fd, props->props[i]);
      if (p)
         ids[p->name] = p->prop_id;
      drmModeFreeProperty(p);
   }
   drmModeFreeObjectProperties(props);
   return ids;
}

uint64_t
prop_value(int fd, uint32_t obj, uint32_t type, uint32_t prop)
{
   uint64_t v = UINT64_MAX;
   drmModeObjectProperties *props = drmModeObjectGetProperties(fd, obj, type);
   for (uint32_t i = 0; props && i < props->count_props; i++)
      if (props->props[i] == prop)
         v = props->prop_values[i];
   drmModeFreeObjectProperties(props);
   return v;
}

/* The display objects of the first output, with the property ids a commit needs. */
struct Pipe {
   Output out;
   uint32_t primary = 0, cursor = 0, mode_blob = 0;
   std::map<std::string, uint32_t> crtc, plane, connector;
};

bool
find_pipe(int fd, Pipe *p)
{
   if (!first_output(fd, &p->out))
      return false;
   drmModePlaneRes *planes = drmModeGetPlaneResources(fd);
   for (uint32_t i = 0; planes && i < planes->count_planes; i++) {
      drmModePlane *plane = drmModeGetPlane(fd, planes->planes[i]);
      const auto props = prop_ids(fd, plane->plane_id, DRM_MODE_OBJECT_PLANE);
      const uint64_t type =
         prop_value(fd, plane->plane_id, DRM_MODE_OBJECT_PLANE, props.at("type"));
      if (plane->possible_crtcs & 1) /* the first CRTC */
         (type == DRM_PLANE_TYPE_PRIMARY ? p->primary : p->cursor) = plane->plane_id;
      drmModeFreePlane(plane);
   }
   drmModeFreePlaneResources(planes);
   p->crtc = prop_ids(fd, p->out.crtc, DRM_MODE_OBJECT_CRTC);
   p->plane = prop_ids(fd, p->primary, DRM_MODE_OBJECT_PLANE);
   p->connector = prop_ids(fd, p->out.connector, DRM_MODE_OBJECT_CONNECTOR);
   return p->primary && p->cursor &&
          drmModeCreatePropertyBlob(fd, &p->out.mode, sizeof(p->out.mode), &p->mode_blob) == 0;
}

/* A commit being built: property by name on an object. */
struct Req {
   drmModeAtomicReq *req = drmModeAtomicAlloc();
   ~Req() { drmModeAtomicFree(req); }
   void add(uint32_t obj, const std::map<std::string, uint32_t> &props, const char *name,
            uint64_t value)
   {
      ASSERT_GT(drmModeAtomicAddProperty(req, obj, props.at(name), value), 0) << name;
   }
   int commit(int fd, uint32_t flags, void *data = nullptr)
   {
      return drmModeAtomicCommit(fd, req, flags, data) ? -errno : 0;
   }
};

/* The primary plane showing fb over the whole mode. */
void
add_primary(Req &r, const Pipe &p, uint32_t fb, uint32_t crtc_w = 0)
{
   const uint32_t w = crtc_w ? crtc_w : p.out.mode.hdisplay, h = p.out.mode.vdisplay;
   r.add(p.primary, p.plane, "FB_ID", fb);
   r.add(p.primary, p.plane, "CRTC_ID", p.out.crtc);
   r.add(p.primary, p.plane, "SRC_X", 0);
   r.add(p.primary, p.plane, "SRC_Y", 0);
   r.add(p.primary, p.plane, "SRC_W", (uint64_t)p.out.mode.hdisplay << 16);
   r.add(p.primary, p.plane, "SRC_H", (uint64_t)h << 16);
   r.add(p.primary, p.plane, "CRTC_X", 0);
   r.add(p.primary, p.plane, "CRTC_Y", 0);
   r.add(p.primary, p.plane, "CRTC_W", w);
   r.add(p.primary, p.plane, "CRTC_H", h);
}

/* A modeset showing fb on the first output. */
int
modeset(int fd, const Pipe &p, uint32_t fb, uint32_t flags)
{
   Req r;
   r.add(p.out.connector, p.connector, "CRTC_ID", p.out.crtc);
   r.add(p.out.crtc, p.crtc, "MODE_ID", p.mode_blob);
   r.add(p.out.crtc, p.crtc, "ACTIVE", 1);
   add_primary(r, p, fb);
   return r.commit(fd, flags);
}

uint32_t
pixel(unsigned x, unsigned y)
{
   unsigned w = 0, h = 0;
   std::vector<uint8_t> img = scanout(&w, &h);
   return img.empty() || x >= w || y >= h ? 0xdeadbeef : rgba_at(img, w, x, y);
}

bool
fd_signaled(int fd, int timeout_ms)
{
   struct pollfd pfd = {fd, POLLIN, 0};
   return poll(&pfd, 1, timeout_ms) == 1 && (pfd.revents & POLLIN);
}

} // namespace

TEST(atomic, the_cap_reveals_atomic_properties_and_a_commit_sets_a_mode)
{
   Card card;
   Output out;
   ASSERT_TRUE(first_output(card.fd, &out));
   /* Without the cap: no atomic properties, and the ioctl is refused. */
   EXPECT_EQ(prop_ids(card.fd, out.crtc, DRM_MODE_OBJECT_CRTC).count("ACTIVE"), 0u);
   struct drm_mode_atomic empty = {};
   empty.flags = DRM_MODE_ATOMIC_TEST_ONLY;
   EXPECT_EQ(drmIoctl(card.fd, DRM_IOCTL_MODE_ATOMIC, &empty), -1);
   EXPECT_EQ(errno, EINVAL);
   EXPECT_EQ(drmSetClientCap(card.fd, DRM_CLIENT_CAP_ATOMIC, 3), -1);
   EXPECT_EQ(errno, EINVAL);
   ASSERT_EQ(drmSetClientCap(card.fd, DRM_CLIENT_CAP_ATOMIC, 1), 0);

   Pipe p;
   ASSERT_TRUE(find_pipe(card.fd, &p)); /* atomic implies universal planes */
   for (const char *name : {"ACTIVE", "MODE_ID", "OUT_FENCE_PTR"})
      EXPECT_EQ(p.crtc.count(name), 1u) << name;
   for (const char *name :
        {"FB_ID", "CRTC_ID", "SRC_X", "SRC_W", "CRTC_X", "CRTC_H", "IN_FENCE_FD", "type"})
      EXPECT_EQ(p.plane.count(name), 1u) << name;
   EXPECT_EQ(p.connector.count("CRTC_ID"), 1u);

   const uint32_t w = out.mode.hdisplay, h = out.mode.vdisplay;
   Dumb a = make_dumb(card.fd, w, h, 0x00336699);
   Dumb b = make_dumb(card.fd, w, h, 0x00996633);
   ASSERT_EQ(modeset(card.fd, p, a.fb, DRM_MODE_ATOMIC_ALLOW_MODESET), 0);
   EXPECT_EQ(pixel(0, 0), 0x336699u);
   EXPECT_EQ(prop_value(card.fd, out.crtc, DRM_MODE_OBJECT_CRTC, p.crtc.at("ACTIVE")), 1u);
   EXPECT_EQ(prop_value(card.fd, out.crtc, DRM_MODE_OBJECT_CRTC, p.crtc.at("MODE_ID")),
             p.mode_blob);
   EXPECT_EQ(prop_value(card.fd, p.primary, DRM_MODE_OBJECT_PLANE, p.plane.at("FB_ID")), a.fb);
   drmModeCrtc *legacy = drmModeGetCrtc(card.fd, out.crtc); /* the legacy view agrees */
   ASSERT_NE(legacy, nullptr);
   EXPECT_EQ(legacy->buffer_id, a.fb);
   EXPECT_EQ(legacy->mode_valid, 1);
   drmModeFreeCrtc(legacy);

   /* A nonblocking flip with an event and an out-fence; a second one on the same CRTC
    * before the first completes is refused with EBUSY. */
   int32_t fence = -1;
   FlipEvent ev;
   {
      Req r;
      r.add(p.primary, p.plane, "FB_ID", b.fb);
      r.add(out.crtc, p.crtc, "OUT_FENCE_PTR", (uint64_t)(uintptr_t)&fence);
      ASSERT_EQ(r.commit(card.fd, DRM_MODE_ATOMIC_NONBLOCK | DRM_MODE_PAGE_FLIP_EVENT, &ev), 0);
   }
   ASSERT_GE(fence, 0);
   {
      Req r;
      r.add(p.primary, p.plane, "FB_ID", a.fb);
      int second = r.commit(card.fd, DRM_MODE_ATOMIC_NONBLOCK);
      /* A vblank between the two commits completes the first: then this one flips. */
      EXPECT_TRUE(second == -EBUSY || second == 0) << second;
      if (second == 0) {
         Req back;
         back.add(p.primary, p.plane, "FB_ID", b.fb);
         ASSERT_EQ(back.commit(card.fd, 0), 0); /* blocking: waits for the flip before */
      }
   }
   ASSERT_TRUE(wait_flip(card.fd, &ev));
   EXPECT_EQ(ev.crtc, out.crtc);
   EXPECT_TRUE(fd_signaled(fence, 1000)) << "the out-fence signals when the flip is shown";
   close(fence);
   EXPECT_EQ(pixel(w / 2, h / 2), 0x996633u);

   /* The cursor plane: a 64x64 ARGB8888 framebuffer at (40, 30). */
   Dumb cur;
   {
      struct drm_mode_create_dumb create = {64, 64, 32, 0, 0, 0, 0};
      ASSERT_EQ(drmIoctl(card.fd, DRM_IOCTL_MODE_CREATE_DUMB, &create), 0);
      struct drm_mode_map_dumb map = {create.handle, 0, 0};
      ASSERT_EQ(drmIoctl(card.fd, DRM_IOCTL_MODE_MAP_DUMB, &map), 0);
      auto *px = static_cast<uint32_t *>(
         mmap(nullptr, create.size, PROT_READ | PROT_WRITE, MAP_SHARED, card.fd, map.offset));
      ASSERT_NE(px, MAP_FAILED);
      for (unsigned i = 0; i < 64 * 64; i++)
         px[i] = 0xff00ff00; /* opaque green */
      uint32_t handles[4] = {create.handle}, pitches[4] = {create.pitch}, offsets[4] = {};
      ASSERT_EQ(
         drmModeAddFB2(card.fd, 64, 64, DRM_FORMAT_ARGB8888, handles, pitches, offsets, &cur.fb, 0),
         0);
   }
   const auto cprops = prop_ids(card.fd, p.cursor, DRM_MODE_OBJECT_PLANE);
   {
      Req r;
      r.add(p.cursor, cprops, "FB_ID", cur.fb);
      r.add(p.cursor, cprops, "CRTC_ID", out.crtc);
      r.add(p.cursor, cprops, "SRC_W", 64 << 16);
      r.add(p.cursor, cprops, "SRC_H", 64 << 16);
      r.add(p.cursor, cprops, "CRTC_X", 40);
      r.add(p.cursor, cprops, "CRTC_Y", 30);
      r.add(p.cursor, cprops, "CRTC_W", 64);
      r.add(p.cursor, cprops, "CRTC_H", 64);
      ASSERT_EQ(r.commit(card.fd, 0), 0);
   }
   EXPECT_EQ(pixel(40, 30), 0x00ff00u);
   EXPECT_EQ(pixel(103, 93), 0x00ff00u);
   EXPECT_EQ(pixel(104, 94), 0x996633u);
   /* SETPLANE moves it (a legacy ioctl on the same commit). */
   ASSERT_EQ(drmModeSetPlane(card.fd, p.cursor, out.crtc, cur.fb, 0, 200, 100, 64, 64, 0, 0,
                             64 << 16, 64 << 16),
             0);
   EXPECT_EQ(pixel(40, 30), 0x996633u);
   EXPECT_EQ(pixel(200, 100), 0x00ff00u);
   EXPECT_EQ(drmModeSetPlane(card.fd, p.cursor, out.crtc, cur.fb, 0, 200, 100, 32, 32, 0, 0,
                             64 << 16, 64 << 16),
             -EINVAL); /* the hardware cursor does not scale */
   EXPECT_EQ(drmModeSetPlane(card.fd, p.cursor, out.crtc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0);
   EXPECT_EQ(pixel(200, 100), 0x996633u);

   /* Turning the output off by commit, then the legacy view. */
   {
      Req r;
      r.add(out.connector, p.connector, "CRTC_ID", 0);
      r.add(out.crtc, p.crtc, "MODE_ID", 0);
      r.add(out.crtc, p.crtc, "ACTIVE", 0);
      r.add(p.primary, p.plane, "FB_ID", 0);
      r.add(p.primary, p.plane, "CRTC_ID", 0);
      EXPECT_EQ(r.commit(card.fd, DRM_MODE_ATOMIC_ALLOW_MODESET), 0);
   }
   legacy = drmModeGetCrtc(card.fd, out.crtc);
   ASSERT_NE(legacy, nullptr);
   EXPECT_EQ(legacy->mode_valid, 0);
   drmModeFreeCrtc(legacy);
}

/* What the DRM core and its atomic helpers refuse, with their errnos; none of it
 * changes the screen. */
TEST(atomic, commits_a_kernel_refuses_are_refused_and_change_nothing)
{
   Card card;
   ASSERT_EQ(drmSetClientCap(card.fd, DRM_CLIENT_CAP_ATOMIC, 1), 0);
   Pipe p;
   ASSERT_TRUE(find_pipe(card.fd, &p));
   const uint32_t w = p.out.mode.hdisplay, h = p.out.mode.vdisplay;
   Dumb a = make_dumb(card.fd, w, h, 0x00102030);
   Dumb b = make_dumb(card.fd, w, h, 0x00405060);
   Dumb small = make_dumb(card.fd, 64, 64, 0x00ffffff);

   /* A modeset needs ALLOW_MODESET; a TEST_ONLY commit changes nothing. */
   EXPECT_EQ(modeset(card.fd, p, a.fb, 0), -EINVAL);
   EXPECT_EQ(modeset(card.fd, p, a.fb, DRM_MODE_ATOMIC_ALLOW_MODESET | DRM_MODE_ATOMIC_TEST_ONLY),
             0);
   EXPECT_EQ(prop_value(card.fd, p.out.crtc, DRM_MODE_OBJECT_CRTC, p.crtc.at("ACTIVE")), 0u);
   ASSERT_EQ(modeset(card.fd, p, a.fb, DRM_MODE_ATOMIC_ALLOW_MODESET), 0);
   ASSERT_EQ(pixel(0, 0), 0x102030u);

   auto one = [&](uint32_t obj, const std::map<std::string, uint32_t> &props, const char *name,
                  uint64_t value, uint32_t flags = 0) {
      Req r;
      r.add(obj, props, name, value);
      return r.commit(card.fd, flags);
   };
   /* Flags and fields. */
   {
      struct drm_mode_atomic bad = {};
      bad.flags = 0x8000;
      EXPECT_EQ(drmIoctl(card.fd, DRM_IOCTL_MODE_ATOMIC, &bad), -1);
      EXPECT_EQ(errno, EINVAL);
      bad.flags = 0;
      bad.reserved = 1;
      EXPECT_EQ(drmIoctl(card.fd, DRM_IOCTL_MODE_ATOMIC, &bad), -1);
      EXPECT_EQ(errno, EINVAL);
      bad.reserved = 0;
      bad.count_objs = 1;
      bad.objs_ptr = 8; /* not mapped */
      EXPECT_EQ(drmIoctl(card.fd, DRM_IOCTL_MODE_ATOMIC, &bad), -1);
      EXPECT_EQ(errno, EFAULT);
   }
   EXPECT_EQ(
      one(p.primary, p.plane, "FB_ID", b.fb, DRM_MODE_ATOMIC_TEST_ONLY | DRM_MODE_PAGE_FLIP_EVENT),
      -EINVAL);
   EXPECT_EQ(one(p.primary, p.plane, "FB_ID", b.fb, DRM_MODE_PAGE_FLIP_ASYNC), -EINVAL);
   /* Objects and properties that do not exist, or values a property cannot take. */
   {
      Req r;
      EXPECT_GT(drmModeAtomicAddProperty(r.req, 4242, p.plane.at("FB_ID"), b.fb), 0);
      EXPECT_EQ(r.commit(card.fd, 0), -ENOENT);
   }
   {
      Req r;
      EXPECT_GT(drmModeAtomicAddProperty(r.req, p.primary, p.crtc.at("ACTIVE"), 1), 0);
      EXPECT_EQ(r.commit(card.fd, 0), -ENOENT); /* a CRTC's property on a plane */
   }
   {
      Req r; /* a framebuffer is an object without properties */
      EXPECT_GT(drmModeAtomicAddProperty(r.req, a.fb, p.plane.at("FB_ID"), b.fb), 0);
      EXPECT_EQ(r.commit(card.fd, 0), -ENOENT);
   }
   EXPECT_EQ(one(p.primary, p.plane, "FB_ID", 9999), -EINVAL);   /* no such FB */
   EXPECT_EQ(one(p.primary, p.plane, "type", 0), -EINVAL);       /* immutable */
   EXPECT_EQ(one(p.out.crtc, p.crtc, "ACTIVE", 2), -EINVAL);     /* out of range */
   EXPECT_EQ(one(p.out.crtc, p.crtc, "MODE_ID", 4242), -EINVAL); /* no such blob */
   EXPECT_EQ(one(p.primary, p.plane, "IN_FENCE_FD", (uint64_t)card.fd), -EINVAL);
   EXPECT_EQ(one(p.out.connector, p.connector, "DPMS", 3), -EINVAL); /* legacy only */
   uint32_t short_blob = 0;
   ASSERT_EQ(drmModeCreatePropertyBlob(card.fd, &p.out.mode, 16, &short_blob), 0);
   EXPECT_EQ(one(p.out.crtc, p.crtc, "MODE_ID", short_blob, DRM_MODE_ATOMIC_ALLOW_MODESET),
             -EINVAL); /* not a mode */
   /* State the hardware cannot show. */
   {
      Req r; /* an FB with no CRTC */
      r.add(p.primary, p.plane, "CRTC_ID", 0);
      EXPECT_EQ(r.commit(card.fd, 0), -EINVAL);
   }
   {
      Req r; /* the primary plane must cover the CRTC, unscaled */
      add_primary(r, p, b.fb, w / 2);
      EXPECT_EQ(r.commit(card.fd, 0), -ERANGE);
   }
   {
      Req r;
      add_primary(r, p, b.fb);
      r.add(p.primary, p.plane, "SRC_W", (uint64_t)(w / 2) << 16);
      r.add(p.primary, p.plane, "CRTC_W", w / 2);
      EXPECT_EQ(r.commit(card.fd, 0), -EINVAL);
   }
   {
      Req r; /* the source outside the framebuffer */
      add_primary(r, p, small.fb);
      EXPECT_EQ(r.commit(card.fd, 0), -ENOSPC);
   }
   {
      Req r; /* active without a mode */
      r.add(p.out.crtc, p.crtc, "MODE_ID", 0);
      EXPECT_EQ(r.commit(card.fd, DRM_MODE_ATOMIC_ALLOW_MODESET), -EINVAL);
   }
   {
      Req r; /* an event on a CRTC that is off and stays off (the second CRTC) */
      drmModeRes *res = drmModeGetResources(card.fd);
      const uint32_t crtc2 = res->crtcs[1];
      drmModeFreeResources(res);
      r.add(crtc2, p.crtc, "ACTIVE", 0);
      EXPECT_EQ(r.commit(card.fd, DRM_MODE_PAGE_FLIP_EVENT | DRM_MODE_ATOMIC_NONBLOCK), -EINVAL);
   }
   /* A file that is not master cannot commit. */
   {
      Card other;
      ASSERT_EQ(drmSetClientCap(other.fd, DRM_CLIENT_CAP_ATOMIC, 1), 0);
      Req r;
      r.add(p.primary, p.plane, "FB_ID", b.fb);
      EXPECT_EQ(r.commit(other.fd, 0), -EACCES);
   }
   EXPECT_EQ(pixel(0, 0), 0x102030u) << "a refused commit changed the screen";
   EXPECT_EQ(prop_value(card.fd, p.primary, DRM_MODE_OBJECT_PLANE, p.plane.at("FB_ID")), a.fb);
}

TEST(atomic, property_blobs_belong_to_their_file)
{
   Card card, other;
   const char data[] = "lsgpu blob";
   uint32_t id = 0;
   ASSERT_EQ(drmModeCreatePropertyBlob(card.fd, data, sizeof(data), &id), 0);
   drmModePropertyBlobRes *blob = drmModeGetPropertyBlob(other.fd, id); /* anyone reads it */
   ASSERT_NE(blob, nullptr);
   ASSERT_EQ(blob->length, sizeof(data));
   EXPECT_EQ(memcmp(blob->data, data, sizeof(data)), 0);
   drmModeFreePropertyBlob(blob);
   EXPECT_EQ(drmModeDestroyPropertyBlob(other.fd, id), -EPERM);
   uint32_t none = 0;
   EXPECT_EQ(drmModeCreatePropertyBlob(card.fd, data, 0, &none), -EINVAL);
   EXPECT_EQ(drmModeDestroyPropertyBlob(card.fd, id), 0);
   EXPECT_EQ(drmModeDestroyPropertyBlob(card.fd, id), -EINVAL);
   EXPECT_EQ(drmModeGetPropertyBlob(card.fd, id), nullptr);
   /* The EDID is the kernel's. */
   Output out;
   ASSERT_TRUE(first_output(card.fd, &out));
   drmModeConnector *conn = drmModeGetConnector(card.fd, out.connector);
   ASSERT_NE(conn, nullptr);
   uint32_t edid = 0;
   for (int i = 0; i < conn->count_props; i++) {
      drmModePropertyRes *prop = drmModeGetProperty(card.fd, conn->props[i]);
      if (prop && strcmp(prop->name, "EDID") == 0)
         edid = (uint32_t)conn->prop_values[i];
      drmModeFreeProperty(prop);
   }
   drmModeFreeConnector(conn);
   ASSERT_NE(edid, 0u);
   EXPECT_EQ(drmModeDestroyPropertyBlob(card.fd, edid), -EPERM);
}
