/* SPDX-License-Identifier: MIT */
#include <cmath>
#include <cstring>
#include <map>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "../common/clip_vertex.h"

#include "gpu/geometry/clipper.h"
#include "gpu/raster/interpolation.h"
#include "gpu/raster/rasterizer.h"
#include "lsgpu_packets.h"

using namespace lsgpu::sim;
using lsgpu::test::clip_vertex;

namespace
{

/* Pixel → how many times it was covered. */
using Coverage = std::map<std::pair<int, int>, int>;

void
rasterize(const RasterVertex (&v)[3], Coverage &cov, RasterRect rect = {0, 0, 64, 64})
{
   rasterize_triangle(v, rect, [&](const RasterQuad &q) {
      EXPECT_EQ(q.x % 2, 0);
      EXPECT_EQ(q.y % 2, 0);
      for (unsigned l = 0; l < 4; l++) {
         if (q.mask & (1u << l))
            cov[{q.x + (int)(l & 1), q.y + (int)(l >> 1)}]++;
      }
   });
}

int
at(const Coverage &cov, int x, int y)
{
   auto it = cov.find(std::make_pair(x, y));
   return it == cov.end() ? 0 : it->second;
}

} // namespace

TEST(Rasterizer, SharedEdgesCoverEveryPixelExactlyOnce)
{
   /* A fan of triangles around an off-grid centre, with edges through pixel centres
    * and arbitrary slopes: every pixel of the square is covered exactly once. */
   const RasterVertex c = {20.5f, 17.5f};
   const RasterVertex ring[] = {{4, 4},   {12.5f, 4},  {36, 4}, {36, 20.5f},
                                {36, 36}, {20.5f, 36}, {4, 36}, {4, 17.5f}};
   Coverage cov;
   for (unsigned i = 0; i < 8; i++) {
      const RasterVertex tri[3] = {c, ring[i], ring[(i + 1) % 8]};
      rasterize(tri, cov);
   }
   for (int y = 0; y < 64; y++)
      for (int x = 0; x < 64; x++) {
         const bool inside = x >= 4 && x < 36 && y >= 4 && y < 36;
         EXPECT_EQ(at(cov, x, y), inside ? 1 : 0) << x << "," << y;
      }
}

TEST(Rasterizer, TopLeftRuleOnPixelCentres)
{
   /* A right triangle whose top edge (y = 2.5) and left edge (x = 2.5) pass through
    * pixel centres: those centres are inside; the hypotenuse's are not when it is a
    * right/bottom edge. */
   const RasterVertex tri[3] = {{2.5f, 2.5f}, {6.5f, 2.5f}, {2.5f, 6.5f}};
   Coverage cov;
   rasterize(tri, cov);
   EXPECT_EQ(at(cov, 2, 2), 1); /* top-left corner centre */
   EXPECT_EQ(at(cov, 5, 2), 1); /* on the top edge */
   EXPECT_EQ(at(cov, 2, 5), 1); /* on the left edge */
   EXPECT_EQ(at(cov, 6, 2), 0); /* the right corner */
   EXPECT_EQ(at(cov, 4, 4), 0); /* on the hypotenuse x + y = 9: a right edge */
   EXPECT_EQ(at(cov, 3, 3), 1);
   /* Winding does not change coverage. */
   Coverage rev;
   const RasterVertex flipped[3] = {tri[0], tri[2], tri[1]};
   rasterize(flipped, rev);
   EXPECT_EQ(cov, rev);
}

TEST(Rasterizer, SubpixelSnappingAndScissor)
{
   /* Vertices 1/512 pixel apart snap to the same 1/256 grid point: degenerate. */
   const RasterVertex thin[3] = {{1.0f, 1.0f}, {1.0f + 1.0f / 1024, 30.0f}, {1.0f, 30.0f}};
   EXPECT_EQ(rasterize_triangle(thin, {0, 0, 64, 64}, [](const RasterQuad &) { FAIL(); }), 0.0);
   const RasterVertex big[3] = {{-100, -100}, {300, -100}, {-100, 300}};
   Coverage cov;
   rasterize(big, cov, {3, 5, 9, 8});
   EXPECT_EQ(cov.size(), 6u * 3u);
   for (auto &[p, n] : cov) {
      EXPECT_GE(p.first, 3);
      EXPECT_LT(p.first, 9);
      EXPECT_GE(p.second, 5);
      EXPECT_LT(p.second, 8);
      EXPECT_EQ(n, 1);
   }
}

/* The rasterizer's rounding without libm gives llround's and std::round's bits: halves
 * away from zero, the sign of a zero, over random and tie values in range. */
TEST(Rasterizer, SnappingRoundsAsLibmDoes)
{
   uint32_t seed = 12345;
   auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
   std::vector<float> values = {0.0f, -0.0f, 0.5f / 256, -0.5f / 256, 1.5f / 256,  -2.5f / 256,
                                1e6f, -1e6f, 999999.9f,  1.0f / 512,  -1.0f / 1024};
   for (int i = 0; i < 200000; i++) {
      const uint32_t r = next();
      float v = (float)((int32_t)r) / (float)(1u << (r % 31));
      if (i % 3 == 0)
         v = ((float)(int32_t)(r >> 8) + 0.5f) / 256.0f; /* a tie at the sub-pixel grid */
      values.push_back(v);
   }
   for (float v : values) {
      if (std::fabs(v) > 1e6f)
         continue;
      ASSERT_EQ(lsgpu::sim::round_scaled(v, 256.0f), std::llround(v * 256.0f)) << v;
      const float old = std::fabs(v) < 1e6f ? std::round(v * 256.0f) / 256.0f : v;
      const float now = lsgpu::sim::snap_to_subpixel(v);
      ASSERT_EQ(memcmp(&old, &now, 4), 0) << v << ": " << old << " against " << now;
   }
}

/* interpolate_varying() takes a varying's four components at once; these are the bits
 * of one component at a time (the rule it replaced), over random corners and weights
 * with zeros of both signs, infinities, NaNs and tiny values among them, shared
 * components, both modes and weights of a centroid sample. */
TEST(Rasterizer, VaryingsInterpolateAsOneComponentAtATime)
{
   uint32_t seed = 4242;
   auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
   auto value = [&] {
      switch (next() % 16) {
      case 0:
         return NAN;
      case 1:
         return -0.0f;
      case 2:
         return INFINITY;
      case 3:
         return 1e-30f;
      default:
         return ((float)(next() % 200001) - 100000.0f) / 997.0f;
      }
   };
   for (int i = 0; i < 50000; i++) {
      float corner[3][4], b[3], inv_w[3];
      for (auto &c : corner)
         for (float &x : c)
            x = value();
      unsigned shared = 0;
      for (unsigned c = 0; c < 4; c++) {
         if (next() % 3 == 0) {
            corner[1][c] = corner[2][c] = corner[0][c];
            shared |= 1u << c;
         }
      }
      for (unsigned k = 0; k < 3; k++) {
         b[k] = (float)(next() % 1001) / 1000.0f - (next() % 8 == 0 ? 0.25f : 0.0f);
         inv_w[k] = next() % 10 == 0 ? value() : 0.1f + (float)(next() % 1000) / 100.0f;
      }
      float one_over_w = 0;
      for (unsigned k = 0; k < 3; k++)
         one_over_w += b[k] * inv_w[k];
      const lsgpu_interp interp = next() % 2 ? LSGPU_INTERP_LINEAR : LSGPU_INTERP_PERSPECTIVE;
      const float *const corners[3] = {corner[0], corner[1], corner[2]};
      float got[4];
      interpolate_varying(interp, LaneWeights(b, inv_w, one_over_w), corners, shared, got);
      for (unsigned c = 0; c < 4; c++) {
         float want;
         if (shared >> c & 1) {
            want = corner[0][c];
         } else if (interp == LSGPU_INTERP_LINEAR) {
            float a = 0;
            for (unsigned k = 0; k < 3; k++)
               a += b[k] * corner[k][c];
            want = a;
         } else {
            float a = 0;
            for (unsigned k = 0; k < 3; k++)
               a += b[k] * inv_w[k] * corner[k][c];
            want = a / one_over_w;
         }
         if (std::isnan(want)) {
            ASSERT_TRUE(std::isnan(got[c])) << "case " << i << " component " << c;
         } else {
            ASSERT_EQ(memcmp(&got[c], &want, 4), 0)
               << "case " << i << " component " << c << ": " << got[c] << " against " << want;
         }
      }
   }
}

TEST(Rasterizer, BarycentricsInterpolateAndHelpersExtrapolate)
{
   const RasterVertex tri[3] = {{0, 0}, {16, 0}, {0, 16}};
   bool saw_helper = false;
   rasterize_triangle(tri, {0, 0, 64, 64}, [&](const RasterQuad &q) {
      for (unsigned l = 0; l < 4; l++) {
         const float px = q.x + (l & 1) + 0.5f, py = q.y + (l >> 1) + 0.5f;
         EXPECT_NEAR(q.bary[l][1], px / 16, 1e-6);
         EXPECT_NEAR(q.bary[l][2], py / 16, 1e-6);
         EXPECT_NEAR(q.bary[l][0] + q.bary[l][1] + q.bary[l][2], 1.0f, 1e-6);
         if (!(q.mask & (1u << l)))
            saw_helper = true;
      }
   });
   EXPECT_TRUE(saw_helper); /* the diagonal cuts quads: their outside lanes are helpers */
}

/* clip_side() decides from each vertex's signs on every enabled plane at once; these
 * are the decisions of the plane-by-plane rule it replaced (GL 2.1 §2.12), over random
 * vertices with guard bands, half-z, no near and far planes, clip distances and NaN,
 * and plane_codes() gives each plane's signs. */
TEST(Clipper, ClipSideDecidesAsThePlaneByPlaneRule)
{
   using lsgpu::sim::ClipSide;
   uint32_t seed = 777;
   auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
   auto value = [&] {
      const uint32_t r = next();
      if (r % 97 == 0)
         return NAN;
      return ((float)(r % 2001) - 1000.0f) / 400.0f;
   };
   for (int i = 0; i < 20000; i++) {
      lsgpu::sim::ClipPlanes pl;
      pl.num_slots = 4;
      pl.slot = 2;
      pl.enable = next() % 4 == 0 ? next() & 0xff : 0;
      pl.clip_z = next() % 4 != 0;
      pl.half_z = next() % 2 == 0;
      pl.guard_x = next() % 3 == 0 ? 1.5f : 1.0f;
      pl.guard_y = next() % 3 == 0 ? 2.0f : 1.0f;
      lsgpu::sim::ClipVertex v[3];
      for (auto &vx : v) {
         for (float &c : vx.pos)
            c = value();
         for (unsigned s = 0; s < 4; s++)
            for (float &c : vx.varying[s])
               c = value();
      }
      auto dist = [&](const lsgpu::sim::ClipVertex &x, unsigned plane) {
         if (plane >= 6)
            return x.varying[pl.slot + (plane - 6) / 4][(plane - 6) % 4];
         const float c = x.pos[plane / 2];
         if (plane == 4 && pl.half_z)
            return c;
         const float w = x.pos[3] * (plane < 2 ? pl.guard_x : plane < 4 ? pl.guard_y : 1.0f);
         return plane & 1 ? w - c : w + c;
      };
      ClipSide want = ClipSide::Inside;
      bool inside = true;
      for (unsigned plane = 0; plane < 14 && want != ClipSide::Outside; plane++) {
         if ((plane == 4 || plane == 5) ? !pl.clip_z
                                        : plane >= 6 && !(pl.enable >> (plane - 6) & 1))
            continue;
         const float a = dist(v[0], plane), b = dist(v[1], plane), c = dist(v[2], plane);
         if (a < 0 && b < 0 && c < 0)
            want = ClipSide::Outside;
         inside = inside && a >= 0 && b >= 0 && c >= 0;
      }
      if (want != ClipSide::Outside)
         want = inside ? ClipSide::Inside : ClipSide::Crossing;
      ASSERT_EQ((int)lsgpu::sim::clip_side(v[0], v[1], v[2], pl), (int)want) << "case " << i;
      /* Each plane's bits, as the draw keeps them per vertex (ClipVertex::codes). */
      for (const auto &vx : v) {
         const lsgpu::sim::PlaneCodes codes = lsgpu::sim::plane_codes(vx, pl);
         for (unsigned plane = 0; plane < 14; plane++) {
            if (plane >= 6 && !(pl.enable >> (plane - 6) & 1))
               continue;
            const float d = dist(vx, plane);
            ASSERT_EQ(codes.neg >> plane & 1, d < 0 ? 1u : 0u)
               << "case " << i << " plane " << plane;
            ASSERT_EQ(codes.nonneg >> plane & 1, d >= 0 ? 1u : 0u)
               << "case " << i << " plane " << plane;
         }
      }
   }
}

/* A vertex the draw prepared (window coordinates and plane codes, ClipVertex::prepared)
 * keeps them through the clipper only where its position is unchanged: the vertices
 * the clipper makes on a plane are not prepared, whatever their ends were. */
TEST(Clipper, OnlyTheCornersKeptKeepWhatTheDrawPrepared)
{
   const ClipPlanes planes{3};
   ClipVertex v[3] = {clip_vertex(0, 0, -2, 1), clip_vertex(1, 0, 0.5f, 1),
                      clip_vertex(0, 1, 0.5f, 1)};
   for (ClipVertex &x : v) {
      x.codes = plane_codes(x, planes);
      x.prepared = true;
   }
   const std::vector<ClipVertex> poly = clip_triangle(v[0], v[1], v[2], planes);
   ASSERT_EQ(poly.size(), 4u);
   unsigned kept = 0;
   for (const ClipVertex &p : poly) {
      const bool corner =
         memcmp(p.pos, v[1].pos, sizeof(p.pos)) == 0 || memcmp(p.pos, v[2].pos, sizeof(p.pos)) == 0;
      EXPECT_EQ(p.prepared, corner) << p.pos[0] << ", " << p.pos[1] << ", " << p.pos[2];
      kept += corner;
   }
   EXPECT_EQ(kept, 2u);
}

TEST(Clipper, NearPlaneCutsATriangleIntoAQuad)
{
   ClipVertex a = clip_vertex(0, 0, -2, 1), b = clip_vertex(1, 0, 0.5f, 1),
              c = clip_vertex(0, 1, 0.5f, 1);
   a.varying[2][0] = 0;
   b.varying[2][0] = 1;
   c.varying[2][0] = 1;
   std::vector<ClipVertex> poly = clip_triangle(a, b, c, ClipPlanes{3});
   ASSERT_EQ(poly.size(), 4u);
   for (const ClipVertex &v : poly) {
      EXPECT_GE(v.pos[2], -v.pos[3] - 1e-6f);
      /* Varyings interpolate with the position: z = -1 is 40% of the way a→b. */
      if (v.pos[2] < -0.99f) {
         EXPECT_NEAR(v.varying[2][0], 0.4f, 1e-6);
      }
   }
   EXPECT_TRUE(clip_triangle(clip_vertex(2, 0, 0, 1), clip_vertex(3, 0, 0, 1),
                             clip_vertex(2, 1, 0, 1), ClipPlanes{0})
                  .empty());
   EXPECT_EQ(clip_triangle(b, c, clip_vertex(0, 0, 0, 1), ClipPlanes{0}).size(),
             3u); /* wholly inside */
}

/* The trivial cases keep what the plane-by-plane clip gives: a triangle wholly inside
 * comes back as its three vertices in order with their edge flags, one wholly outside
 * one plane as nothing, and one with a NaN distance takes the full clip (which drops
 * the NaN vertex, leaving no polygon). */
TEST(Clipper, TrivialAcceptAndRejectMatchTheFullClip)
{
   const ClipVertex a = clip_vertex(0, 0, 0, 1), b = clip_vertex(0.5f, 0, 0, 1),
                    c = clip_vertex(0, 0.5f, 0.2f, 1);
   std::vector<ClipVertex> in = clip_triangle(a, b, c, ClipPlanes{0}, 0x5);
   ASSERT_EQ(in.size(), 3u);
   const ClipVertex *want[3] = {&a, &b, &c};
   for (unsigned k = 0; k < 3; k++) {
      EXPECT_EQ(memcmp(in[k].pos, want[k]->pos, sizeof(in[k].pos)), 0) << k;
      EXPECT_EQ(in[k].edge, (0x5 >> k & 1) != 0) << k;
   }
   /* Outside w - z ≥ 0 (z > w) at all three corners. */
   EXPECT_TRUE(clip_triangle(clip_vertex(0, 0, 2, 1), clip_vertex(0.5f, 0, 3, 1),
                             clip_vertex(0, 0.5f, 2, 1), ClipPlanes{0})
                  .empty());
   /* Two corners outside different planes: neither trivial case; the clip cuts it. */
   EXPECT_EQ(clip_triangle(clip_vertex(-2, 0, 0, 1), clip_vertex(0.5f, 0, 0, 1),
                           clip_vertex(0, 2, 0, 1), ClipPlanes{0})
                .size(),
             5u);
   EXPECT_TRUE(clip_triangle(clip_vertex(NAN, 0, 0, 1), b, c, ClipPlanes{0}).size() != 3u);
}

/* Four samples per pixel (DRAW_STATE.log2_samples 2, multisample on): coverage is
 * tested at the SAMPLE constants' positions, each sample of a pixel on exactly one
 * side of an edge two triangles share, and the lane covered when any sample is. */
/* Far-out vertices (dEQP-GLES2's clipping tests put them at 10^5): the vertex where an
 * edge leaves the volume comes from the edge's inside end, so it lies on the plane to
 * float precision; and two triangles sharing the edge get the same bits for it,
 * whichever way each runs along it, so no pixel falls between them. */
TEST(Clipper, EdgeVerticesComeFromTheInsideEndExactlyOnceForBothTriangles)
{
   const ClipVertex inside = clip_vertex(0.0967304f, 0.145096f, 0, 0.483652f),
                    far_y = clip_vertex(0, 75046.2f, 75046.2f, 2.50154f),
                    far_x = clip_vertex(-466446, -466446, -466446, 15.5482f);
   for (const ClipVertex &v : clip_triangle(inside, far_y, far_x, ClipPlanes{0})) {
      for (unsigned axis = 0; axis < 3; axis++)
         EXPECT_LE(std::fabs(v.pos[axis]), v.pos[3] * 1.0001f) << "axis " << axis;
   }
   /* A fan's shared edge o → p, run o → p by one triangle and p → o by the other. */
   const ClipVertex o = clip_vertex(0, 0, 0, 1), p = clip_vertex(23.002f, 68205.7f, 0, 1),
                    q = clip_vertex(0, 70000, 0, 1), r = clip_vertex(96.752f, 66320.9f, 0, 1);
   const std::vector<ClipVertex> a = clip_triangle(o, q, p, ClipPlanes{0}),
                                 b = clip_triangle(o, p, r, ClipPlanes{0});
   auto on_edge = [](const std::vector<ClipVertex> &poly) {
      std::vector<std::vector<float>> pts;
      for (const ClipVertex &v : poly)
         pts.push_back({v.pos[0], v.pos[1], v.pos[2], v.pos[3]});
      return pts;
   };
   unsigned shared = 0;
   for (const auto &va : on_edge(a))
      for (const auto &vb : on_edge(b))
         shared += va == vb;
   EXPECT_EQ(shared, 2u) << "o and the edge's exit point, bit for bit";
}

TEST(Rasterizer, FourSamplesCoverTheirOwnPositionsOnceAcrossASharedEdge)
{
   const RasterVertex a[3] = {{0.0f, 0.0f}, {8.0f, 0.0f}, {0.0f, 8.0f}};
   const RasterVertex b[3] = {{8.0f, 0.0f}, {8.0f, 8.0f}, {0.0f, 8.0f}};
   SampleGrid grid;
   grid.samples = 4;
   grid.per_sample = true;
   std::map<std::pair<int, int>, unsigned> hits; /* pixel → samples covered, summed */
   std::map<std::pair<int, int>, uint8_t> seen;  /* pixel → sample bits seen */
   for (const auto *tri : {&a, &b})
      rasterize_triangle(
         *tri, {0, 0, 8, 8},
         [&](const RasterQuad &q) {
            for (unsigned l = 0; l < 4; l++) {
               const auto px = std::make_pair(q.x + (int)(l & 1), q.y + (int)(l >> 1));
               EXPECT_EQ((q.mask >> l & 1) != 0, q.samples[l] != 0);
               EXPECT_EQ(seen[px] & q.samples[l], 0) << "a sample covered twice";
               seen[px] |= q.samples[l];
               hits[px] += __builtin_popcount(q.samples[l]);
            }
         },
         grid);
   for (int y = 0; y < 8; y++)
      for (int x = 0; x < 8; x++)
         EXPECT_EQ(seen[std::make_pair(x, y)], 0xf) << x << "," << y;

   /* On the diagonal x + y = 8 pixel (3, 4) is split: sample (x + 6/16, y + 2/16)
    * lies above the line, in a; (x + 10/16, y + 14/16) below it, in b. */
   uint8_t in_a = 0;
   rasterize_triangle(
      a, {0, 0, 8, 8},
      [&](const RasterQuad &q) {
         for (unsigned l = 0; l < 4; l++)
            if (q.x + (int)(l & 1) == 3 && q.y + (int)(l >> 1) == 4)
               in_a = q.samples[l];
      },
      grid);
   EXPECT_EQ(in_a & 0x1, 0x1);
   EXPECT_EQ(in_a & 0x8, 0x0);
}

/* Multisampling off on a four-sample target: the centre decides for all four. */
TEST(Rasterizer, CentreCoverageFillsEverySampleWhenMultisampleIsOff)
{
   const RasterVertex v[3] = {{0.0f, 0.0f}, {8.0f, 0.0f}, {0.0f, 8.0f}};
   SampleGrid grid;
   grid.samples = 4;
   rasterize_triangle(
      v, {0, 0, 8, 8},
      [&](const RasterQuad &q) {
         for (unsigned l = 0; l < 4; l++)
            EXPECT_EQ(q.samples[l], (q.mask >> l & 1) ? 0xf : 0x0);
      },
      grid);
}

/* Long thin triangles, whose bounding boxes are mostly empty, in every orientation and
 * four samples per pixel as well as one: coverage is exactly what testing each sample
 * position of the whole rectangle against the three edges gives (the rasterizer walks
 * only the columns a row of quads can touch, which must never lose a sample). */
TEST(Rasterizer, ThinTrianglesCoverExactlyTheirSamples)
{
   uint32_t state = 99;
   auto rnd = [&](float lo, float hi) {
      state = state * 1664525u + 1013904223u;
      return lo + (hi - lo) * (float)(state >> 8) / (float)(1u << 24);
   };
   const double kSample[4][2] = {{LSGPU_SAMPLE0_X / 16.0, LSGPU_SAMPLE0_Y / 16.0},
                                 {LSGPU_SAMPLE1_X / 16.0, LSGPU_SAMPLE1_Y / 16.0},
                                 {LSGPU_SAMPLE2_X / 16.0, LSGPU_SAMPLE2_Y / 16.0},
                                 {LSGPU_SAMPLE3_X / 16.0, LSGPU_SAMPLE3_Y / 16.0}};
   for (int samples : {1, 4}) {
      SampleGrid grid;
      grid.samples = (unsigned)samples;
      grid.per_sample = samples == 4;
      for (int n = 0; n < 300; n++) {
         /* A fan blade: a centre and two points close together far away. */
         const float cx = rnd(-8, 72), cy = rnd(-8, 72), angle = rnd(0, 6.2832f);
         const float len = rnd(20, 90), width = rnd(0.05f, 3.0f);
         const RasterVertex v[3] = {{cx, cy},
                                    {cx + len * std::cos(angle), cy + len * std::sin(angle)},
                                    {cx + len * std::cos(angle) + width * std::sin(angle),
                                     cy + len * std::sin(angle) - width * std::cos(angle)}};
         std::map<std::pair<int, int>, uint8_t> got;
         rasterize_triangle(
            v, {0, 0, 64, 64},
            [&](const RasterQuad &q) {
               for (unsigned l = 0; l < 4; l++)
                  if (q.samples[l])
                     got[{q.x + (int)(l & 1), q.y + (int)(l >> 1)}] |= q.samples[l];
            },
            grid);
         /* The reference: each sample against the edges of the snapped triangle, in
          * doubles, away from ties (random vertices never put a sample on an edge). */
         double x[3], y[3];
         for (int i = 0; i < 3; i++) {
            x[i] = std::round(v[i].x * 256.0) / 256.0;
            y[i] = std::round(v[i].y * 256.0) / 256.0;
         }
         const double area = (x[1] - x[0]) * (y[2] - y[0]) - (x[2] - x[0]) * (y[1] - y[0]);
         unsigned missing = 0, extra = 0;
         for (int py = 0; py < 64; py++) {
            for (int px = 0; px < 64; px++) {
               uint8_t want = 0;
               for (int s = 0; s < samples; s++) {
                  const double sx = px + (samples == 1 ? 0.5 : kSample[s][0]);
                  const double sy = py + (samples == 1 ? 0.5 : kSample[s][1]);
                  bool in = true;
                  for (int k = 0; k < 3; k++) {
                     const int a = (k + 1) % 3, b = (k + 2) % 3;
                     const double e = (x[b] - x[a]) * (sy - y[a]) - (y[b] - y[a]) * (sx - x[a]);
                     in = in && (area > 0 ? e > 1e-9 : e < -1e-9);
                  }
                  if (in)
                     want |= (uint8_t)(samples == 1 ? 1 : 1u << s);
               }
               auto it = got.find({px, py});
               const uint8_t have = it == got.end() ? 0 : it->second;
               missing += (want & ~have) != 0;
               extra += (have & ~want) != 0;
            }
         }
         EXPECT_EQ(missing, 0u) << "triangle " << n << ", " << samples << " samples";
         EXPECT_EQ(extra, 0u) << "triangle " << n << ", " << samples << " samples";
      }
   }
}

/* Each core rasterizes a binned triangle over its own tiles (Draw::raster_bin): the
 * cores' quads together are the whole triangle's, each once, every quad on its
 * pixels' core, in the order the whole triangle gives them. */
TEST(Rasterizer, EachCoreGetsTheQuadsOfItsTilesInOrder)
{
   uint32_t state = 7;
   auto rnd = [&](float lo, float hi) {
      state = state * 1664525u + 1013904223u;
      return lo + (hi - lo) * (float)(state >> 8) / (float)(1u << 24);
   };
   const RasterRect rect = {3, 5, 150, 133};
   for (int n = 0; n < 400; n++) {
      /* From slivers inside one tile to triangles over dozens. */
      const float size = n % 2 ? rnd(0.5f, 12.0f) : rnd(12.0f, 200.0f);
      const float cx = rnd(-20, 170), cy = rnd(-20, 150);
      const RasterVertex v[3] = {{cx, cy},
                                 {cx + rnd(-size, size), cy + rnd(-size, size)},
                                 {cx + rnd(-size, size), cy + rnd(-size, size)}};
      std::vector<std::pair<int, int>> whole;
      std::vector<std::pair<int, int>> by_core[kTileCores];
      rasterize_triangle(v, rect, [&](const RasterQuad &q) { whole.emplace_back(q.x, q.y); });
      for (unsigned c = 0; c < kTileCores; c++) {
         TileFilter tiles;
         tiles.core = c;
         rasterize_triangle(
            v, rect,
            [&](const RasterQuad &q) {
               EXPECT_EQ(tile_core(q.x, q.y), c) << "triangle " << n;
               EXPECT_EQ(tile_core(q.x + 1, q.y + 1), c) << "triangle " << n;
               by_core[c].emplace_back(q.x, q.y);
            },
            SampleGrid(), tiles);
      }
      size_t total = 0;
      for (unsigned c = 0; c < kTileCores; c++) {
         total += by_core[c].size();
         std::vector<std::pair<int, int>> expected;
         for (const auto &q : whole)
            if (tile_core(q.first, q.second) == c)
               expected.push_back(q);
         EXPECT_EQ(by_core[c], expected) << "triangle " << n << ", core " << c;
      }
      EXPECT_EQ(total, whole.size()) << "triangle " << n;
   }
}
